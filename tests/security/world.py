"""The attackers' world: two accounts, their people, and a hidden user with everything a probe
could aim at.

Built once per test package (see ``conftest.py``) and shared read-only by every attack; each test
runs inside a savepoint that is rolled back, so a write that should have been refused and was not
cannot poison the next test.

Who is who:
- home: ``home_admin`` (the one who sees ``hidden``: the seer of the positive controls),
  ``home_member`` (shares ``ws_shared`` with ``other_member``; managed by ``hidden``, who also
  created their skill membership and set one of their custom field values), ``home_colleague``
  (a plain member in ``ws_shared``),
  ``home_nonparticipant`` (on home, in no project), ``home_disabled`` (disabled membership),
  ``site_disabled`` (disabled site-wide), and ``hidden`` (alone in ``ws_secret``);
- other: ``other_admin`` and ``other_member`` (both in ``ws_other``; the member also in
  ``ws_shared``);
- ``contact_user``: in ``ws_shared`` with no account membership.

``ws_shared`` was created by ``hidden``, who is not in it; its public post's attachment was
uploaded by ``home_disabled``. Attachments: ``secret-plan`` and ``secret-sample`` (the hidden
user's), ``private-memo`` (a private post in ``ws_shared``), ``shared-brief`` (a public one) and
``other-invoice`` (a public post in ``ws_other``).

``hidden`` is invisible to every attacker under the default reach; ``home_nonparticipant`` may
reach them through the documented ``on_my_account`` widening, which ``sees`` models.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PIL import Image
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from roster.auth.tokens import revoke_token
from roster.media import MediaStore
from roster.models import (
    Account,
    AccountMembership,
    ApiToken,
    Attachment,
    Contact,
    CustomField,
    CustomFieldChoice,
    CustomFieldValue,
    CustomFieldValueChoice,
    Estimate,
    ExternalReference,
    HolidayCalendar,
    HolidayCalendarMembership,
    Organization,
    OrganizationMembership,
    Post,
    Role,
    Skill,
    SkillMembership,
    Story,
    StoryAssignment,
    StoryFollower,
    User,
    UserFileAssociation,
    WorkSample,
    Workspace,
    WorkspaceResource,
)
from tests.factories import make_account, make_user, make_workspace, participate, save, token_for

# Never stored anywhere: a value a filter can be given that matches no row at all.
NOBODY = "nobody-matches-this"


@dataclass(frozen=True)
class Person:
    id: int
    account: str | None  # "home", "other" or None (a contact)
    disabled: bool = False
    admin: bool = False


@dataclass
class World:
    accounts: dict[str, int]
    people: dict[str, Person]
    # workspace name -> (account name, participant names)
    workspaces: dict[str, tuple[str, tuple[str, ...]]]
    workspace_ids: dict[str, int]
    contacts: dict[str, tuple[str, ...]]  # owner -> their contact list
    tokens: dict[str, str]  # credential name -> secret (live and dead ones)
    ids: dict[str, int]  # every other row a probe names, by a readable name
    missing: dict[str, int]  # per table, an id above every stored one
    photo_keys: dict[str, str]  # person -> users.photo_key
    attachment_keys: dict[str, str]  # attachment name -> storage key
    # Strings only the hidden user's data contains. Numbers have seven digits or more, so that
    # one cannot turn up by chance inside a random hex id (a photo key, a Teamwork error id).
    markers: tuple[str, ...]
    emails: dict[str, str] = field(default_factory=dict)

    def id(self, name: str) -> int:
        return self.people[name].id

    @property
    def hidden(self) -> Person:
        return self.people["hidden"]

    def sees(
        self,
        requester: str,
        *,
        account_members: bool = False,
        contacts: bool = False,
        disabled: bool = False,
    ) -> set[int]:
        """PRODUCT.md's "Who sees whom", computed in Python from the world's own records."""
        me = self.people[requester]
        mine = {ws for ws, (_account, seated) in self.workspaces.items() if requester in seated}
        if me.admin and me.account is not None:
            mine |= {
                ws
                for ws, (account, seated) in self.workspaces.items()
                if account == me.account
                or any(self.people[name].account == me.account for name in seated)
            }
        reach = {requester} | {name for ws in mine for name in self.workspaces[ws][1]}
        if account_members and me.account is not None:
            reach |= {name for name, p in self.people.items() if p.account == me.account}
        if contacts:
            reach |= set(self.contacts.get(requester, ()))
        if not disabled:
            reach = {name for name in reach if not self.people[name].disabled}
        return {self.people[name].id for name in reach}


def photo_upload() -> bytes:
    """A small, real JPEG: what a profile photo upload carries."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _photo_key(user_id: int) -> str:
    return f"photos/{user_id}/{secrets.token_hex(16)}/thumbnail.jpg"


def _missing(session: Session, models: Iterable[Any]) -> dict[str, int]:
    # Far above anything stored, yet a valid 32-bit id: it names nothing, but parses.
    return {
        model.__tablename__: int(session.scalar(select(func.coalesce(func.max(model.id), 0))))
        + 1000
        for model in models
    }


def build_world(session: Session, store: MediaStore) -> World:
    home = make_account(session, name="Home Consultancy")
    other = make_account(session, name="Other Agency")
    accounts = {"home": home.id, "other": other.id}

    def person(name: str, account: Account | None, **options: Any) -> User:
        first, _, last = name.partition(" ")
        return make_user(session, first_name=first, last_name=last, account=account, **options)

    home_admin = person("Hana Admin", home, is_administrator=True)
    home_member = person("Hugo Member", home)
    home_colleague = person("Carl Colleague", home)
    home_nonparticipant = person("Nora Lone", home)
    home_disabled = person("Dora Gone", home, disabled=True)
    site_disabled = person("Sid Banned", home, disabled_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    contact_user = person("Cleo Contact", None)
    other_admin = person("Olga Admin", other, is_administrator=True)
    other_member = person("Otto Member", other)

    # The target. Every value below is unique to them, so a filter given it matches them alone.
    hidden_email = "zebulon.quillfeather@hidden.test"
    hidden = make_user(
        session,
        first_name="Zebulon",
        last_name="Quillfeather",
        email_address=hidden_email,
        account=home,
        permission="project_lead",
        headline="hidden-headline",
        bio="hidden-bio",
        city="Hiddenburg",
        created_at=dt.datetime(2001, 2, 3, tzinfo=dt.UTC),
        updated_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
        last_site_activity=dt.datetime(2098, 6, 1, tzinfo=dt.UTC),
    )
    photo_bytes = photo_upload()
    photo_keys: dict[str, str] = {}
    for name, user in (("hidden", hidden), ("home_member", home_member)):
        key = _photo_key(user.id)
        store.put(key, photo_bytes)
        session.execute(update(User).where(User.id == user.id).values(photo_key=key))
        photo_keys[name] = key
    # The photo write touched updated_at; the probes rely on the hidden user's own date.
    session.execute(
        update(User)
        .where(User.id == hidden.id)
        .values(updated_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC))
    )

    role_secret = save(session, Role(account_id=home.id, name="Cryptographer"))
    role_common = save(session, Role(account_id=home.id, name="Consultant"))
    session.execute(
        update(AccountMembership)
        .where(AccountMembership.user_id == hidden.id)
        .values(
            default_role_id=role_secret.id,
            is_owner=True,
            insights_access=True,
            bill_rate_in_cents=7313373,
            cost_rate_in_cents=7271828,
        )
    )
    session.execute(
        update(AccountMembership)
        .where(AccountMembership.user_id == home_member.id)
        .values(
            default_role_id=role_common.id,
            manager_id=hidden.id,
            bill_rate_in_cents=15000,
            cost_rate_in_cents=9000,
        )
    )

    # Created by the hidden user, who is not in it: its creator_id names someone out of reach.
    ws_shared = make_workspace(session, account=home, title="Shared Project", creator_id=hidden.id)
    ws_secret = make_workspace(session, account=home, title="Secret Project")
    ws_other = make_workspace(session, account=other, title="Other Project")
    seats: dict[str, tuple[Workspace, list[tuple[User, dict[str, Any]]]]] = {
        "ws_shared": (
            ws_shared,
            [
                (home_member, {}),
                (home_colleague, {}),
                (other_member, {"role": "client"}),
                (home_disabled, {}),
                (site_disabled, {}),
                (contact_user, {"role": "client", "read_only": True}),
            ],
        ),
        "ws_secret": (
            ws_secret,
            [(hidden, {"is_lead": True, "financial_access": True})],
        ),
        "ws_other": (ws_other, [(other_admin, {}), (other_member, {})]),
    }
    names_by_id = {
        u.id: n
        for n, u in {
            "home_admin": home_admin,
            "home_member": home_member,
            "home_colleague": home_colleague,
            "home_nonparticipant": home_nonparticipant,
            "home_disabled": home_disabled,
            "site_disabled": site_disabled,
            "contact_user": contact_user,
            "other_admin": other_admin,
            "other_member": other_member,
            "hidden": hidden,
        }.items()
    }
    workspaces: dict[str, tuple[str, tuple[str, ...]]] = {}
    for ws_name, (workspace, seated) in seats.items():
        for user, options in seated:
            participate(session, user=user, workspace=workspace, **options)
        account_name = "home" if workspace.account_id == home.id else "other"
        workspaces[ws_name] = (account_name, tuple(names_by_id[u.id] for u, _ in seated))

    save(session, Contact(user_id=other_member.id, contact_id=home_admin.id))
    save(session, Contact(user_id=hidden.id, contact_id=other_member.id))
    contacts: dict[str, tuple[str, ...]] = {
        "other_member": ("home_admin",),
        "hidden": ("other_member",),
    }

    # Work: a task, a staffing slot, an estimate and a calendar that only the hidden user has.
    story_secret = save(session, Story(workspace_id=ws_secret.id, title="Secret task"))
    save(session, StoryAssignment(story_id=story_secret.id, user_id=hidden.id))
    save(session, StoryFollower(story_id=story_secret.id, user_id=hidden.id))
    resource_secret = save(
        session, WorkspaceResource(workspace_id=ws_secret.id, name="Secret seat")
    )
    save(session, Estimate(workspace_id=ws_secret.id, creator_id=hidden.id, title="Secret est."))
    calendar_secret = save(session, HolidayCalendar(account_id=home.id, name="Secret Holidays"))
    save(
        session,
        HolidayCalendarMembership(user_id=hidden.id, holiday_calendar_id=calendar_secret.id),
    )

    # Skills and organizations.
    skill_secret = save(session, Skill(account_id=home.id, name="Steganography"))
    skill_common = save(session, Skill(account_id=home.id, name="Python"))
    save(session, SkillMembership(user_id=hidden.id, skill_id=skill_secret.id, level=4))
    # The hidden user created a visible user's skill membership and set one of their values:
    # records the attackers may read, naming someone they may not see.
    save(
        session,
        SkillMembership(
            user_id=home_member.id, skill_id=skill_common.id, level=2, creator_id=hidden.id
        ),
    )
    department_secret = save(
        session, Organization(account_id=home.id, name="Secret Department", kind="department")
    )
    geography_secret = save(
        session, Organization(account_id=home.id, name="Secret Island", kind="geography")
    )
    for organization in (department_secret, geography_secret):
        save(session, OrganizationMembership(organization_id=organization.id, user_id=hidden.id))

    # Custom fields of the home account, valued on the hidden user alone; one restricted field
    # (administrators only) valued on a user the attackers can see.
    def field_of(name: str, value_type: str, **options: Any) -> CustomField:
        return save(
            session,
            CustomField(account_id=home.id, name=name, value_type=value_type, **options),
        )

    f_text = field_of("Codename", "string")
    f_number = field_of("Clearance", "number")
    f_date = field_of("Recruited", "date")
    f_currency = field_of("Bounty", "currency", currency="EUR")
    f_choice = field_of("Cell", "single")
    f_restricted = field_of("Salary note", "text", view_permission="administrator")
    choice_secret = save(session, CustomFieldChoice(custom_field_id=f_choice.id, label="Omega"))
    save(session, CustomFieldChoice(custom_field_id=f_choice.id, label="Alpha"))

    def value(field_: CustomField, subject: User, **columns: Any) -> CustomFieldValue:
        return save(
            session,
            CustomFieldValue(
                custom_field_id=field_.id, subject_type="User", subject_id=subject.id, **columns
            ),
        )

    value(f_text, hidden, value_text="hidden-cf-secret")
    value(f_number, hidden, value_number=Decimal("42424242"))
    value(f_date, hidden, value_date=dt.date(1999, 12, 31))
    value(f_currency, hidden, value_number=Decimal("1234.5"), currency="EUR")
    chosen = value(f_choice, hidden)
    save(
        session,
        CustomFieldValueChoice(custom_field_value_id=chosen.id, choice_id=choice_secret.id),
    )
    value(f_restricted, home_member, value_text="restricted-cf-secret")
    value(f_text, home_member, value_text="visible-codename", setter_id=hidden.id)

    save(
        session,
        ExternalReference(
            subject_type="User",
            subject_id=hidden.id,
            service_name="hidden-sync",
            service_model="HiddenModel",
            service_model_ref="HIDDEN-REF-77",
            status="fail",
            external_status="hidden-ext-status",
            external_message="hidden-ext-message",
        ),
    )
    save(
        session,
        ExternalReference(
            subject_type="User",
            subject_id=home_member.id,
            service_name="visible-sync",
            service_model="Contact",
            service_model_ref="VISIBLE-1",
        ),
    )

    # Files: the hidden user's attachment (in a post, on a work sample, associated with them);
    # a private and a public post in the shared project; another account's attachment.
    attachment_keys: dict[str, str] = {}
    ids: dict[str, int] = {}

    def attachment(name: str, owner: User, post: Post | None, data: bytes) -> Attachment:
        row = save(
            session,
            Attachment(
                filename=f"{name}.pdf",
                user_id=owner.id,
                post_id=post.id if post else None,
                content_type="application/pdf",
                filesize=len(data),
            ),
        )
        key = f"attachments/{row.id}/{name}.pdf"
        store.put(key, data)
        row.storage_key = key
        session.flush()
        attachment_keys[name] = key
        ids[name] = row.id
        return row

    post_secret = save(
        session, Post(workspace_id=ws_secret.id, user_id=hidden.id, message="hidden-post")
    )
    att_secret = attachment("secret-plan", hidden, post_secret, b"hidden-attachment-bytes")
    att_sample = attachment("secret-sample", hidden, None, b"hidden-sample-bytes")
    save(session, WorkSample(user_id=hidden.id, title="Secret work", attachment_id=att_sample.id))
    ufa_secret = save(
        session,
        UserFileAssociation(
            user_id=hidden.id,
            workspace_id=ws_secret.id,
            post_id=post_secret.id,
            attachment_id=att_secret.id,
        ),
    )
    post_private = save(
        session,
        Post(workspace_id=ws_shared.id, user_id=home_member.id, message="private", private=True),
    )
    attachment("private-memo", home_member, post_private, b"private-memo-bytes")
    post_public = save(
        session, Post(workspace_id=ws_shared.id, user_id=home_member.id, message="public")
    )
    # Uploaded by a member who has since been disabled, and so is out of everyone's default reach.
    att_shared = attachment("shared-brief", home_disabled, post_public, b"shared-brief-bytes")
    ufa_shared = save(
        session,
        UserFileAssociation(
            user_id=other_member.id,
            workspace_id=ws_shared.id,
            post_id=post_public.id,
            attachment_id=att_shared.id,
        ),
    )
    ufa_admin = save(
        session,
        UserFileAssociation(
            user_id=home_admin.id,
            workspace_id=ws_shared.id,
            post_id=post_public.id,
            attachment_id=att_shared.id,
        ),
    )
    post_other = save(
        session, Post(workspace_id=ws_other.id, user_id=other_admin.id, message="other")
    )
    attachment("other-invoice", other_admin, post_other, b"other-invoice-bytes")

    ids.update(
        role_secret=role_secret.id,
        story_secret=story_secret.id,
        resource_secret=resource_secret.id,
        calendar_secret=calendar_secret.id,
        skill_secret=skill_secret.id,
        department_secret=department_secret.id,
        geography_secret=geography_secret.id,
        f_text=f_text.id,
        f_number=f_number.id,
        f_date=f_date.id,
        f_currency=f_currency.id,
        f_choice=f_choice.id,
        f_restricted=f_restricted.id,
        choice_secret=choice_secret.id,
        ufa_secret=ufa_secret.id,
        ufa_shared=ufa_shared.id,
        ufa_admin=ufa_admin.id,
        post_secret=post_secret.id,
    )

    people = {
        "home_admin": Person(home_admin.id, "home", admin=True),
        "home_member": Person(home_member.id, "home"),
        "home_colleague": Person(home_colleague.id, "home"),
        "home_nonparticipant": Person(home_nonparticipant.id, "home"),
        "home_disabled": Person(home_disabled.id, "home", disabled=True),
        "site_disabled": Person(site_disabled.id, "home", disabled=True),
        "contact_user": Person(contact_user.id, None),
        "other_admin": Person(other_admin.id, "other", admin=True),
        "other_member": Person(other_member.id, "other"),
        "hidden": Person(hidden.id, "home"),
    }
    tokens = {name: token_for(session, session.get_one(User, p.id)) for name, p in people.items()}
    revoked = token_for(session, other_member)
    revoke_token(session, _token_id(session, other_member.id))
    tokens["revoked"] = revoked
    session.flush()

    missing = _missing(
        session,
        (
            User,
            Account,
            Workspace,
            Role,
            Story,
            WorkspaceResource,
            HolidayCalendar,
            Skill,
            Organization,
            CustomField,
            CustomFieldChoice,
            Attachment,
            UserFileAssociation,
        ),
    )
    return World(
        accounts=accounts,
        people=people,
        workspaces=workspaces,
        workspace_ids={
            "ws_shared": ws_shared.id,
            "ws_secret": ws_secret.id,
            "ws_other": ws_other.id,
        },
        contacts=contacts,
        tokens=tokens,
        ids=ids,
        missing=missing,
        photo_keys=photo_keys,
        attachment_keys=attachment_keys,
        markers=(
            "Zebulon",
            "Quillfeather",
            hidden_email,
            "hidden-headline",
            "hidden-bio",
            "Hiddenburg",
            "Cryptographer",
            "Steganography",
            "Secret Department",
            "Secret Island",
            "hidden-cf-secret",
            "42424242",
            "1999-12-31",
            "1234.5",
            "Omega",
            "HIDDEN-REF-77",
            "hidden-sync",
            "HiddenModel",
            "hidden-ext-status",
            "hidden-ext-message",
            "hidden-post",
            "secret-plan",
            "secret-sample",
            "Secret work",
            "Secret Project",
            photo_keys["hidden"],
            "7313373",
            "7271828",
        ),
        emails={"hidden": hidden_email},
    )


def _token_id(session: Session, user_id: int) -> int:
    newest = session.scalar(select(func.max(ApiToken.id)).where(ApiToken.user_id == user_id))
    assert newest is not None
    return int(newest)
