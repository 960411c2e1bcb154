"""GET /api/v1/users against ``oracle.py`` on random small organisations (hypothesis).

Each example draws an organisation (accounts, 5-25 users, roles, workspaces and seats, admins,
disabled members, users disabled site-wide, contacts, organizations, skills, tasks, resources,
estimates, timesheets, calendars, external references and custom fields), inserts it inside a
savepoint of the test's transaction (rolled back after the example), then sends a few requests
from random requesters with random combinations of declared filters, each with a value drawn to
hit the organisation's own ids and names. The API's ids, count and order must equal the oracle's,
and always lie within the oracle's visible set; a show request must be 200 exactly for those ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, insert

from roster import models
from roster.auth.tokens import hash_secret
from roster.dialects.kantata.users import USERS
from tests.dialects.kantata import oracle
from tests.dialects.kantata.oracle import (
    CustomField,
    CustomValue,
    Membership,
    Organization,
    Person,
    Reference,
    Resource,
    Seat,
    Story,
    Timesheet,
    World,
)

FIRST_NAMES = ("Ann", "ann", "Anna", "Bob", "Bo", "Cleo", "Dee", "Ed")
ROLE_NAMES = ("Designer", "Lead Engineer", "Annalist", "bo's helper")
LAST_NAMES = ("Lee", "Leeds", "Smith", "O'Hara", "Day", "", "Ng")
DOMAINS = ("corp.test", "Client.Test", "mail.test")
EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
MOMENTS = tuple(EPOCH + dt.timedelta(days=d) for d in (0, 10, 20, 30))
DAY0 = dt.date(2024, 3, 1)
SERVICES = ("salesforce", "hubspot", "Salesforce")
MODELS = ("Contact", "Lead")
REFS = ("1", "2", "007")
MISSING = 999_999  # an id nothing has
TEXTS = ("Ace", "ace of spades", "", "spades")
NUMBERS = (Decimal("1"), Decimal("2.5"), Decimal("200"))
CURRENCIES = (None, "USD", "eur")


# --- drawing a world ------------------------------------------------------------------------------


@st.composite
def worlds(draw: st.DrawFn) -> World:
    w = World()
    w.accounts = list(range(1, draw(st.integers(1, 3)) + 1))
    role_ids = iter(range(1, 100))
    for account in w.accounts:
        for _ in range(draw(st.integers(0, 2))):
            role_id = next(role_ids)
            w.roles[role_id] = account
            w.role_names[role_id] = draw(st.sampled_from(ROLE_NAMES))
    count = draw(st.integers(5, 25))
    for user_id in range(1, count + 1):
        first = draw(st.sampled_from(FIRST_NAMES))
        last = draw(st.sampled_from(LAST_NAMES))
        created = draw(st.sampled_from(MOMENTS))
        w.people[user_id] = Person(
            id=user_id,
            first_name=first,
            last_name=last,
            email_address=f"{first}.{last or 'x'}{user_id}@{draw(st.sampled_from(DOMAINS))}",
            created_at=created,
            updated_at=draw(st.sampled_from([m for m in MOMENTS if m >= created])),
            disabled=draw(st.integers(0, 9)) == 0,
        )
        if draw(st.integers(0, 4)) > 0:
            account = draw(st.sampled_from(w.accounts))
            roles = [r for r, a in w.roles.items() if a == account]
            w.memberships[user_id] = Membership(
                user_id=user_id,
                account_id=account,
                permission=draw(st.sampled_from(oracle.PERMISSIONS)),
                is_administrator=draw(st.integers(0, 4)) == 0,
                disabled=draw(st.integers(0, 7)) == 0,
                default_role_id=draw(st.sampled_from([None, *roles])),
                insights_access=draw(st.booleans()),
            )
    users = sorted(w.people)
    for membership in w.memberships.values():
        membership.manager_id = draw(st.sampled_from([None, None, *users]))
    for workspace_id in range(1, draw(st.integers(1, 5)) + 1):
        w.workspaces[workspace_id] = draw(st.sampled_from(w.accounts))
        seated = st.sets(st.sampled_from(users), min_size=min(3, len(users)), max_size=10)
        for user_id in draw(seated):
            w.seats.append(
                Seat(
                    workspace_id=workspace_id,
                    user_id=user_id,
                    role=draw(st.sampled_from(("provider", "provider", "client"))),
                    read_only=draw(st.booleans()),
                    is_lead=draw(st.integers(0, 3)) == 0,
                    financial_access=draw(st.booleans()),
                )
            )
    pairs = st.tuples(st.sampled_from(users), st.sampled_from(users)).filter(lambda p: p[0] != p[1])
    w.contacts = draw(st.sets(pairs, max_size=10))
    for org_id in range(1, draw(st.integers(1, 4)) + 1):
        w.organizations[org_id] = Organization(
            id=org_id,
            account_id=draw(st.sampled_from(w.accounts)),
            kind=draw(st.sampled_from(("geography", "department"))),
            parent_id=draw(st.sampled_from([None, *range(1, org_id)])),
        )
    if w.organizations:
        orgs = st.sampled_from(sorted(w.organizations))
        w.organization_members = draw(
            st.sets(st.tuples(st.sampled_from(users), orgs), min_size=2, max_size=10)
        )
    for skill_id in range(1, draw(st.integers(1, 3)) + 1):
        w.skills[skill_id] = draw(st.sampled_from(w.accounts))
    if w.skills:
        for user_id, skill_id in draw(
            st.sets(
                st.tuples(st.sampled_from(users), st.sampled_from(sorted(w.skills))),
                min_size=3,
                max_size=12,
            )
        ):
            w.skill_levels[(user_id, skill_id)] = draw(st.sampled_from((None, 1, 2, 3, 5)))
    workspaces = sorted(w.workspaces)
    for story_id in range(1, draw(st.integers(1, 3)) + 1):
        w.stories[story_id] = Story(
            story_id, draw(st.sampled_from(workspaces)), draw(st.booleans())
        )
    if w.stories:
        story_user = st.tuples(st.sampled_from(sorted(w.stories)), st.sampled_from(users))
        w.assignments = draw(st.sets(story_user, max_size=6))
        w.followers = draw(st.sets(story_user, max_size=6))
    for resource_id in range(1, draw(st.integers(1, 2)) + 1):
        w.resources[resource_id] = Resource(
            resource_id,
            draw(st.sampled_from(workspaces)),
            draw(st.sampled_from([None, *sorted(w.roles)])),
        )
    w.estimate_creators = draw(st.lists(st.sampled_from(users), max_size=3))
    for _ in range(draw(st.integers(0, 4))):
        start = DAY0 + dt.timedelta(days=draw(st.integers(0, 20)))
        w.timesheets.append(
            Timesheet(
                user_id=draw(st.sampled_from(users)),
                workspace_id=draw(st.sampled_from(workspaces)),
                start=start,
                end=start + dt.timedelta(days=draw(st.integers(0, 6))),
                status=draw(st.sampled_from(("submitted", "approved", "rejected"))),
            )
        )
    for calendar_id in range(1, draw(st.integers(1, 2)) + 1):
        w.calendars[calendar_id] = draw(st.sampled_from(w.accounts))
    if w.calendars:
        w.calendar_members = draw(
            st.sets(
                st.tuples(st.sampled_from(users), st.sampled_from(sorted(w.calendars))), max_size=6
            )
        )
    for reference_id in range(1, draw(st.integers(1, 6)) + 1):
        w.references.append(
            Reference(
                id=reference_id,
                user_id=draw(st.sampled_from(users)),
                service_name=draw(st.sampled_from(SERVICES)),
                service_model=draw(st.sampled_from(MODELS)),
                service_model_ref=draw(st.sampled_from(REFS)),
                status=draw(st.sampled_from((None, "successful", "fail"))),
                external_status=draw(st.sampled_from((None, "active"))),
                external_message=draw(st.sampled_from((None, "ok", "Synced"))),
            )
        )
    _draw_custom_fields(draw, w, users)
    return w


def _draw_custom_fields(draw: st.DrawFn, w: World, users: list[int]) -> None:
    choice_ids = iter(range(1, 1000))
    for field_id in range(1, draw(st.integers(2, 5)) + 1):
        value_type = draw(
            st.sampled_from(("string", "text", "number", "currency", "date", "single", "multi"))
        )
        w.custom_fields[field_id] = CustomField(
            id=field_id,
            account_id=draw(st.sampled_from(w.accounts)),
            value_type=value_type,
            view_permission=draw(st.sampled_from(oracle.PERMISSIONS)),
            currency=draw(st.sampled_from(("USD", "EUR", None)))
            if value_type == "currency"
            else None,
        )
        if value_type in {"single", "multi"}:
            for _ in range(draw(st.integers(1, 3))):
                w.choices[next(choice_ids)] = field_id
    value_ids = iter(range(1, 1000))
    for field_id, custom in w.custom_fields.items():
        for user_id in draw(st.sets(st.sampled_from(users), min_size=2, max_size=8)):
            value = CustomValue(id=next(value_ids), field_id=field_id, user_id=user_id)
            if custom.value_type in {"string", "text"}:
                value.text = draw(st.sampled_from((None, *TEXTS)))
            elif custom.value_type in {"number", "currency"}:
                value.number = draw(st.sampled_from((None, *NUMBERS)))
                if custom.value_type == "currency":
                    value.currency = draw(st.sampled_from(("USD", "EUR", None)))
            elif custom.value_type == "date":
                value.date = draw(st.sampled_from((None, DAY0, DAY0 + dt.timedelta(days=5))))
            else:
                mine = sorted(c for c, f in w.choices.items() if f == field_id)
                picked = draw(
                    st.sets(
                        st.sampled_from(mine), max_size=2 if custom.value_type == "multi" else 1
                    )
                )
                value.choice_ids = tuple(sorted(picked))
            w.custom_values.append(value)


# --- writing a world ------------------------------------------------------------------------------


def _rows(connection: Connection, model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(insert(model), rows)


def insert_world(connection: Connection, w: World) -> None:
    disabled_at = EPOCH - dt.timedelta(days=1)
    _rows(connection, models.Account, [{"id": a, "name": f"Account {a}"} for a in w.accounts])
    _rows(
        connection,
        models.User,
        [
            {
                "id": p.id,
                "first_name": p.first_name,
                "last_name": p.last_name,
                "email_address": p.email_address,
                "created_at": p.created_at,
                "updated_at": p.updated_at,
                "disabled_at": disabled_at if p.disabled else None,
            }
            for p in w.people.values()
        ],
    )
    _rows(
        connection,
        models.Role,
        [{"id": r, "account_id": a, "name": w.role_names[r]} for r, a in w.roles.items()],
    )
    _rows(
        connection,
        models.AccountMembership,
        [
            {
                "user_id": m.user_id,
                "account_id": m.account_id,
                "permission": m.permission,
                "is_administrator": m.is_administrator,
                "disabled_at": disabled_at if m.disabled else None,
                "manager_id": m.manager_id,
                "default_role_id": m.default_role_id,
                "insights_access": m.insights_access,
            }
            for m in w.memberships.values()
        ],
    )
    _rows(
        connection,
        models.Workspace,
        [{"id": ws, "account_id": a, "title": f"Workspace {ws}"} for ws, a in w.workspaces.items()],
    )
    _rows(
        connection,
        models.Participation,
        [
            {
                "workspace_id": s.workspace_id,
                "user_id": s.user_id,
                "role": s.role,
                "read_only": s.read_only,
                "is_lead": s.is_lead,
                "financial_access": s.financial_access,
            }
            for s in w.seats
        ],
    )
    _rows(connection, models.Contact, [{"user_id": o, "contact_id": c} for o, c in w.contacts])
    _rows(
        connection,
        models.Organization,
        [
            {
                "id": o.id,
                "account_id": o.account_id,
                "kind": o.kind,
                "parent_id": o.parent_id,
                "name": f"Org {o.id}",
            }
            for o in w.organizations.values()
        ],
    )
    _rows(
        connection,
        models.OrganizationMembership,
        [{"user_id": u, "organization_id": o} for u, o in w.organization_members],
    )
    _rows(
        connection,
        models.Skill,
        [{"id": s, "account_id": a, "name": f"Skill {s}"} for s, a in w.skills.items()],
    )
    _rows(
        connection,
        models.SkillMembership,
        [{"user_id": u, "skill_id": s, "level": level} for (u, s), level in w.skill_levels.items()],
    )
    _rows(
        connection,
        models.Story,
        [
            {
                "id": s.id,
                "workspace_id": s.workspace_id,
                "private": s.private,
                "title": f"Task {s.id}",
            }
            for s in w.stories.values()
        ],
    )
    _rows(
        connection,
        models.StoryAssignment,
        [{"story_id": s, "user_id": u} for s, u in w.assignments],
    )
    _rows(connection, models.StoryFollower, [{"story_id": s, "user_id": u} for s, u in w.followers])
    _rows(
        connection,
        models.WorkspaceResource,
        [
            {"id": r.id, "workspace_id": r.workspace_id, "role_id": r.role_id}
            for r in w.resources.values()
        ],
    )
    _rows(
        connection,
        models.Estimate,
        [{"creator_id": u, "title": "Estimate"} for u in w.estimate_creators],
    )
    _rows(
        connection,
        models.TimesheetSubmission,
        [
            {
                "user_id": t.user_id,
                "workspace_id": t.workspace_id,
                "start_date": t.start,
                "end_date": t.end,
                "status": t.status,
            }
            for t in w.timesheets
        ],
    )
    _rows(
        connection,
        models.HolidayCalendar,
        [{"id": c, "account_id": a, "name": f"Calendar {c}"} for c, a in w.calendars.items()],
    )
    _rows(
        connection,
        models.HolidayCalendarMembership,
        [{"user_id": u, "holiday_calendar_id": c} for u, c in w.calendar_members],
    )
    _rows(
        connection,
        models.ExternalReference,
        [
            {
                "id": r.id,
                "subject_type": "User",
                "subject_id": r.user_id,
                "service_name": r.service_name,
                "service_model": r.service_model,
                "service_model_ref": r.service_model_ref,
                "status": r.status,
                "external_status": r.external_status,
                "external_message": r.external_message,
            }
            for r in w.references
        ],
    )
    _rows(
        connection,
        models.CustomField,
        [
            {
                "id": f.id,
                "account_id": f.account_id,
                "name": f"Field {f.id}",
                "subject_type": "User",
                "value_type": f.value_type,
                "view_permission": f.view_permission,
                "currency": f.currency,
            }
            for f in w.custom_fields.values()
        ],
    )
    _rows(
        connection,
        models.CustomFieldChoice,
        [{"id": c, "custom_field_id": f, "label": f"Choice {c}"} for c, f in w.choices.items()],
    )
    _rows(
        connection,
        models.CustomFieldValue,
        [
            {
                "id": v.id,
                "custom_field_id": v.field_id,
                "subject_type": "User",
                "subject_id": v.user_id,
                "value_text": v.text,
                "value_number": v.number,
                "value_date": v.date,
                "currency": v.currency,
            }
            for v in w.custom_values
        ],
    )
    _rows(
        connection,
        models.CustomFieldValueChoice,
        [
            {"custom_field_value_id": v.id, "choice_id": c}
            for v in w.custom_values
            for c in v.choice_ids
        ],
    )
    _rows(
        connection,
        models.ApiToken,
        [
            {"user_id": u, "token_hash": hash_secret(_secret(u)), "prefix": "t", "name": "diff"}
            for u in w.people
        ],
    )


def _secret(user_id: int) -> str:
    return f"differential-token-{user_id}"


# --- drawing parameter values ---------------------------------------------------------------------

# A drawn value: how it goes on the wire (one or more query values), and what it means.
Drawn = tuple[list[str], Any]
# A value strategy sees the world and the users the requester could reach at most ("focus"), so
# that names and ids are drawn mostly from people whose presence in the answer is in question.
ValueStrategy = Callable[[World, list[int]], st.SearchStrategy[Drawn]]


def _one(wire: str, meaning: Any) -> Drawn:
    return [wire], meaning


def _boolean(_w: World, _focus: list[int]) -> st.SearchStrategy[Drawn]:
    return st.sampled_from(
        [
            (["true"], True),
            (["false"], False),
            (["1"], True),
            (["0"], False),
            (["TRUE"], True),
            (["no"], False),
        ]
    )


def _id_of(pool: Callable[[World], list[int]]) -> ValueStrategy:
    return lambda w, _focus: st.sampled_from([*pool(w), MISSING]).map(lambda i: _one(str(i), i))


def _ids_of(pool: Callable[[World, list[int]], list[int]]) -> ValueStrategy:
    def strategy(w: World, focus: list[int]) -> st.SearchStrategy[Drawn]:
        ids = st.lists(
            st.sampled_from([*pool(w, focus), MISSING]), min_size=1, max_size=3, unique=True
        )
        as_commas = ids.map(lambda xs: _one(",".join(map(str, xs)), tuple(xs)))
        as_array = ids.map(lambda xs: ([str(x) for x in xs], tuple(xs)))
        return st.one_of(as_commas, as_array, st.just(_one(",", ())))

    return strategy


def _users(w: World, focus: list[int]) -> list[int]:
    return focus * 3 + sorted(w.people)


def _texts_from(pool: Callable[[World, list[int]], list[str]]) -> ValueStrategy:
    def strategy(w: World, focus: list[int]) -> st.SearchStrategy[Drawn]:
        return st.sampled_from(pool(w, focus)).map(lambda t: _one(t, t))

    return strategy


def _fragments(w: World, focus: list[int]) -> list[str]:
    """Pieces of the reachable people's names in every letter case, and a few odd ones."""
    pieces = {"zz", "%", "_", "n L", "NN", "'", "a"}
    for user_id in focus:
        name = w.people[user_id].full_name
        for start in range(0, len(name), 2):
            for length in (2, 3, 5):
                piece = name[start : start + length]
                if piece.strip():
                    pieces |= {piece, piece.upper(), piece.lower(), piece.swapcase()}
    return sorted(pieces)


def _search_terms(w: World, focus: list[int]) -> st.SearchStrategy[Drawn]:
    emails = [w.people[u].email_address[i : i + 4].upper() for u in focus for i in (0, 5)]
    words = st.sampled_from([*_fragments(w, focus), *emails])
    return st.lists(words, min_size=1, max_size=2).map(lambda ws: _one(" ".join(ws), " ".join(ws)))


def _prefixes(w: World, focus: list[int]) -> list[str]:
    found = {"q", "an", "ANN.", "bo", "Cleo ", "e"}
    for user_id in focus:
        person = w.people[user_id]
        found |= {
            person.full_name[:3],
            person.full_name[:5].lower(),
            person.email_address[:5].upper(),
        }
    return sorted(t for t in found if t.strip())


def _emails(w: World, focus: list[int]) -> list[str]:
    return sorted({w.people[u].email_address for u in focus} | {"nobody@nowhere.test"})


def _email(w: World, focus: list[int]) -> st.SearchStrategy[Drawn]:
    return st.sampled_from(_emails(w, focus)).flatmap(
        lambda e: st.sampled_from([e, e.upper(), e.lower()]).map(lambda v: _one(v, v))
    )


def _email_list(w: World, focus: list[int]) -> st.SearchStrategy[Drawn]:
    return st.lists(st.sampled_from(_emails(w, focus)), min_size=1, max_size=3).map(
        lambda es: _one(",".join(e.swapcase() for e in es), tuple(es))
    )


def _moment(_w: World, _focus: list[int]) -> st.SearchStrategy[Drawn]:
    moments = [*MOMENTS, *(m + dt.timedelta(hours=1) for m in MOMENTS)]
    return st.sampled_from(moments).flatmap(
        lambda m: st.sampled_from(
            [m.strftime("%Y-%m-%dT%H:%M:%SZ"), m.isoformat(), m.strftime("%Y-%m-%dT%H:%M:%S+00:00")]
        ).map(lambda wire: _one(wire, m))
    )


def _organizations(w: World, _focus: list[int]) -> st.SearchStrategy[Drawn]:
    ids = st.lists(st.sampled_from([*sorted(w.organizations), MISSING]), max_size=2, unique=True)

    def render(sides: tuple[list[int], list[int]]) -> Drawn:
        geos, depts = sides
        wire = ",".join(map(str, geos)) + (";" + ",".join(map(str, depts)) if depts else "")
        return _one(wire, (tuple(geos), tuple(depts)))

    return st.tuples(ids, ids).filter(lambda s: bool(s[0] or s[1])).map(render)


def _timesheet_window(w: World, _focus: list[int]) -> st.SearchStrategy[Drawn]:
    def render(parts: tuple[int, int, int]) -> Drawn:
        workspace, offset, length = parts
        start = DAY0 + dt.timedelta(days=offset)
        end = start + dt.timedelta(days=length)
        return _one(f"{workspace}:{start}:{end}", (workspace, start, end))

    return st.tuples(
        st.sampled_from([*sorted(w.workspaces), MISSING]), st.integers(-3, 25), st.integers(0, 5)
    ).map(render)


def _skill_set(w: World, _focus: list[int]) -> st.SearchStrategy[Drawn]:
    skill = st.sampled_from([*sorted(w.skills), MISSING])
    levels = st.lists(st.sampled_from((1, 2, 3, 5)), max_size=2, unique=True)
    entries = st.lists(st.tuples(skill, levels), min_size=1, max_size=3, unique_by=lambda e: e[0])

    def render(drawn: tuple[list[tuple[int, list[int]]], str | None]) -> Drawn:
        items, operation = drawn
        body = ",".join(f"'{s}':[{','.join(map(str, ls))}]" for s, ls in items)
        if operation is not None:
            body += f",'operation':'{operation}'"
        meaning = (tuple((s, tuple(ls)) for s, ls in items), operation or "and")
        return _one("{" + body + "}", meaning)

    return st.tuples(entries, st.sampled_from((None, "and", "or"))).map(render)


def _terms(term: Callable[[World], st.SearchStrategy[tuple[str, Any]]]) -> ValueStrategy:
    """One to two custom-field terms, in the bare ';' form or Kantata's '(..):(..)' form."""

    def strategy(w: World, _focus: list[int]) -> st.SearchStrategy[Drawn]:
        def render(drawn: tuple[list[tuple[str, Any]], bool]) -> Drawn:
            terms, parenthesised = drawn
            wires = [wire for wire, _ in terms]
            joined = ":".join(f"({t})" for t in wires) if parenthesised else ";".join(wires)
            return _one(joined, tuple(meaning for _, meaning in terms))

        return st.tuples(st.lists(term(w), min_size=1, max_size=2), st.booleans()).map(render)

    return strategy


def _field_ids(w: World, _focus: list[int] | None = None) -> list[int]:
    return [*sorted(w.custom_fields), MISSING]


def _choice_term(w: World) -> st.SearchStrategy[tuple[str, Any]]:
    choices = st.lists(st.sampled_from([*sorted(w.choices), MISSING]), max_size=2, unique=True)

    def render(drawn: tuple[int, list[int], bool]) -> tuple[str, Any]:
        field_id, ids, blank = drawn
        items = [str(i) for i in ids] + (["blank"] if blank else [])
        return f"{field_id}:{','.join(items)}", (field_id, tuple(ids), blank)

    return (
        st.tuples(st.sampled_from(_field_ids(w)), choices, st.booleans())
        .filter(lambda d: bool(d[1]) or d[2])
        .map(render)
    )


def _currency_term(w: World) -> st.SearchStrategy[tuple[str, Any]]:
    def render(drawn: tuple[int, Decimal, str | None]) -> tuple[str, Any]:
        field_id, amount, code = drawn
        wire = f"{field_id}:{amount}" + (f":{code}" if code else "")
        return wire, (field_id, amount, code.upper() if code else None)

    return st.tuples(
        st.sampled_from(_field_ids(w)), st.sampled_from(NUMBERS), st.sampled_from(CURRENCIES)
    ).map(render)


def _date_term(w: World) -> st.SearchStrategy[tuple[str, Any]]:
    day = st.sampled_from((None, DAY0 - dt.timedelta(days=1), DAY0, DAY0 + dt.timedelta(days=5)))

    def render(drawn: tuple[int, dt.date | None, dt.date | None]) -> tuple[str, Any]:
        field_id, start, end = drawn
        return f"{field_id}:{start or ''}:{end or ''}", drawn

    return (
        st.tuples(st.sampled_from(_field_ids(w)), day, day)
        .filter(lambda d: (d[1] or d[2]) is not None and not (d[1] and d[2] and d[1] > d[2]))
        .map(render)
    )


def _number_term(w: World) -> st.SearchStrategy[tuple[str, Any]]:
    return st.tuples(st.sampled_from(_field_ids(w)), st.sampled_from(NUMBERS)).map(
        lambda d: (f"{d[0]}:{d[1]}", d)
    )


def _text_term(w: World) -> st.SearchStrategy[tuple[str, Any]]:
    return st.tuples(
        st.sampled_from(_field_ids(w)), st.sampled_from(("ace", "SPADES", "of s", "x"))
    ).map(lambda d: (f"{d[0]}:{d[1]}", d))


def _exact(*words: str) -> ValueStrategy:
    return lambda _w, _focus: st.sampled_from(words).map(lambda v: _one(v, v))


VALUES: dict[str, ValueStrategy] = {
    # identity
    "with_users": _ids_of(_users),
    "without_users": _ids_of(_users),
    "by_email_address": _email,
    "by_email_addresses": _email_list,
    "by_full_name": _texts_from(_fragments),
    "by_full_name_or_account_role": _texts_from(
        lambda w, focus: [*_fragments(w, focus), *ROLE_NAMES, "sign", "LEAD", "ann"]
    ),
    "search": _search_terms,
    "matching": _texts_from(_prefixes),
    "created_after": _moment,
    "created_before": _moment,
    "updated_after": _moment,
    "updated_before": _moment,
    # account
    "account_id": _id_of(lambda w: list(w.accounts)),
    "on_my_account": _boolean,
    "on_my_account_or_participant_in_workspace": _id_of(lambda w: sorted(w.workspaces)),
    "account_role_ids": _ids_of(lambda w, _f: sorted(w.roles)),
    "show_disabled": _boolean,
    # membership
    "all_contacts": _boolean,
    "contacts_on_different_account": _boolean,
    "can_view_reports": _boolean,
    "is_project_lead": _boolean,
    "managers": _boolean,
    "only_possible_managees": _boolean,
    "only_possible_managers": _boolean,
    "show_users_in_insights_groups": _boolean,
    "provider_leads_on_account_projects": _boolean,
    "belonging_to_orgs": _organizations,
    "with_organizations": _boolean,
    # work
    "participant_in": _id_of(lambda w: sorted(w.workspaces)),
    "not_participant_in": _id_of(lambda w: sorted(w.workspaces)),
    "write_access_in": _id_of(lambda w: sorted(w.workspaces)),
    "can_be_approver_in_workspace": _id_of(lambda w: sorted(w.workspaces)),
    "clients_only": _boolean,
    "consultants_only": _boolean,
    "assignable_to_resource": _id_of(lambda w: sorted(w.resources)),
    "not_assigned_to": _id_of(lambda w: sorted(w.stories)),
    "not_following": _id_of(lambda w: sorted(w.stories)),
    "potential_followers_for_story": _id_of(lambda w: sorted(w.stories)),
    "with_created_estimates": _boolean,
    "without_timesheet_submission": _timesheet_window,
    "not_on_calendars": _ids_of(lambda w, _f: sorted(w.calendars)),
    # skills
    "with_skills": _skill_set,
    "without_skills": _ids_of(lambda w, _f: sorted(w.skills)),
    # custom fields
    "by_custom_choice_value": _terms(_choice_term),
    "by_custom_currency_value": _terms(_currency_term),
    "by_custom_date_value": _terms(_date_term),
    "by_custom_number_value": _terms(_number_term),
    "by_custom_text_value": _terms(_text_term),
    "has_value_for_custom_field_ids": _ids_of(_field_ids),
    # external references
    "external_reference_external_message": _exact("ok", "Synced", "synced"),
    "external_reference_external_status": _exact("active", "Active"),
    "external_reference_service_model": _exact(*MODELS, "contact"),
    "external_reference_service_model_ref": _exact(*REFS, "7"),
    "external_reference_service_model_refs": lambda _w, _focus: st.lists(
        st.sampled_from((*REFS, "7")), min_size=1, max_size=2
    ).map(lambda rs: _one(",".join(rs), tuple(rs))),
    "external_reference_service_name": _exact(*SERVICES),
    "external_reference_status": lambda _w, _focus: st.sampled_from(
        [("successful", "successful"), ("fail", "fail"), ("FAIL", "fail")]
    ).map(lambda p: _one(p[0], p[1])),
    "has_external_references": _boolean,
    "without_external_reference_service_name": _exact(*SERVICES),
}


# --- the property ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    requester: int
    params: list[tuple[str, str]]
    values: dict[str, Any]
    apply_defaults: bool
    per_page: int
    page: int
    show: int | None  # a user id to fetch with /users/{id} and the same parameters


REACHES = (None, None, "on_my_account", "show_disabled", "all_contacts")
WIDEST = oracle.Reach(account_members=True, contacts=True, disabled=True)


@st.composite
def requests(draw: st.DrawFn, w: World, primary: str) -> Request:
    """A request centred on one filter, sometimes with a second one and a widening."""
    enabled = [u for u in w.people if w.active(u)]
    # Requesters who see more than themselves make the filters' answers worth comparing.
    seated = {s.user_id for s in w.seats} | {
        u for u, m in w.memberships.items() if m.is_administrator
    }
    requester = draw(st.sampled_from(sorted(set(enabled) & seated) or enabled))
    focus = sorted(oracle.visible(w, oracle.requester_for(w, requester), WIDEST))
    names = [primary]
    if draw(st.integers(0, 3)) == 0:
        names.append(draw(st.sampled_from(sorted(VALUES))))
    reach = draw(st.sampled_from(REACHES))
    if reach is not None:
        names.append(reach)
    params: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    for name in dict.fromkeys(names):
        wires, meaning = (["true"], True) if name == reach else draw(VALUES[name](w, focus))
        key = name + "[]" if len(wires) > 1 else name
        params.extend((key, wire) for wire in wires)
        values[name] = meaning
    apply_defaults = draw(st.integers(0, 5)) > 0
    if not apply_defaults:
        params.append(("apply_default_filters", "false"))
    per_page = draw(st.sampled_from((200, 200, 3, 7)))
    page = draw(st.integers(1, 3)) if per_page < 200 else 1
    params += [("per_page", str(per_page)), ("page", str(page))]
    show = draw(st.sampled_from(focus)) if draw(st.integers(0, 3)) == 0 else None
    return Request(requester, params, values, apply_defaults, per_page, page, show)


@dataclass(frozen=True)
class Scenario:
    world: World
    requests: list[Request]


REQUESTS_PER_WORLD = 12


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    w = draw(worlds())
    if not any(w.active(u) for u in w.people):
        first = min(w.people)
        w.people[first].disabled = False
        if first in w.memberships:
            w.memberships[first].disabled = False
    # Each world puts a different share of the filters first, so every filter gets its turns.
    order = draw(st.permutations(sorted(VALUES)))
    return Scenario(w, [draw(requests(w, name)) for name in order[:REQUESTS_PER_WORLD]])


def _order(w: World, ids: frozenset[int]) -> list[int]:
    return sorted(ids, key=lambda u: (w.people[u].full_name.lower(), u))


def check(client: Any, w: World, request: Request) -> None:
    requester = oracle.requester_for(w, request.requester)
    expected = oracle.expect(w, requester, request.values, apply_defaults=request.apply_defaults)
    headers = {"Authorization": f"Bearer {_secret(request.requester)}"}
    response = client.get("/api/v1/users", params=request.params, headers=headers)
    context = f"requester {request.requester} params {request.params}"
    assert response.status_code == expected.status, f"{context}: {response.text}"
    if expected.status != 200:
        return
    body = response.json()
    got = [int(r["id"]) for r in body["results"]]
    assert set(got) <= expected.reachable, f"{context}: outside the visible set"
    ordered = _order(w, expected.ids)
    start = request.per_page * (request.page - 1)
    assert got == ordered[start : start + request.per_page], context
    assert body["count"] == len(expected.ids), context
    assert set(body["users"]) == {str(u) for u in got}, context
    if request.show is not None:
        shown = client.get(f"/api/v1/users/{request.show}", params=request.params, headers=headers)
        wanted = 200 if request.show in expected.ids else 404
        assert shown.status_code == wanted, f"show {request.show}, {context}: {shown.text}"


# Shrinking re-inserts a world per attempt and can take minutes; the failure message already names
# the requester and the exact query, and the falsifying example prints the whole world.
@settings(
    max_examples=35,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(scenario=scenarios())
def test_the_api_agrees_with_the_oracle(
    connection: Connection, client: Any, scenario: Scenario
) -> None:
    savepoint = connection.begin_nested()
    try:
        insert_world(connection, scenario.world)
        for request in scenario.requests:
            check(client, scenario.world, request)
    finally:
        savepoint.rollback()


def test_the_oracle_covers_every_declared_filter() -> None:
    declared = set(USERS.filters_by_name)
    assert set(oracle.FILTER_ORACLES) == declared
    assert set(VALUES) == declared


def test_the_oracle_knows_every_widening_default_and_conflict() -> None:
    declared = {f.name: f.widens for f in USERS.filters if f.widens is not None}
    assert declared == oracle.WIDENINGS
    assert set(oracle.DEFAULTS) == {f.name for f in USERS.filters if f.default is not None}
    declared_conflicts = {frozenset((f.name, c)) for f in USERS.filters for c in f.conflicts}
    assert {frozenset(pair) for pair in oracle.CONFLICTS} == declared_conflicts
