"""The documented rules of Kantata's GET /users, evaluated in plain Python over a small world.

Nothing here touches SQL or Roster's query code: the world is plain data, and each rule is
written from its documentation (PRODUCT.md "Who sees whom", the filter declarations' docs and
the reference digest), so that ``test_differential.py`` can compare the API's answers with an
independent evaluation. ``FILTER_ORACLES`` keys on the filter name; a filter whose value has a
structure (grammars such as ``with_skills`` or ``by_custom_text_value``) receives the structured
value the test generated, not the wire string, so the API's parsing is checked too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# Kantata's account permissions, lowest first (the product's ranking).
PERMISSIONS = (
    "punch_clock",
    "collaborator",
    "project_creator",
    "project_lead",
    "reports_viewer",
    "reports_viewer_with_cost",
    "account_admin",
    "administrator",
)
RANK = {name: rank for rank, name in enumerate(PERMISSIONS)}


# --- the world ------------------------------------------------------------------------------------


@dataclass
class Person:
    id: int
    first_name: str
    last_name: str
    email_address: str
    created_at: dt.datetime
    updated_at: dt.datetime
    disabled: bool = False  # site-wide

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass
class Membership:
    user_id: int
    account_id: int
    permission: str = "collaborator"
    is_administrator: bool = False
    disabled: bool = False
    manager_id: int | None = None
    default_role_id: int | None = None
    insights_access: bool = False


@dataclass
class Seat:
    workspace_id: int
    user_id: int
    role: str = "provider"
    read_only: bool = False
    is_lead: bool = False
    financial_access: bool = False


@dataclass
class Organization:
    id: int
    account_id: int
    kind: str
    parent_id: int | None


@dataclass
class Story:
    id: int
    workspace_id: int
    private: bool


@dataclass
class Resource:
    id: int
    workspace_id: int
    role_id: int | None


@dataclass
class Timesheet:
    user_id: int
    workspace_id: int
    start: dt.date
    end: dt.date
    status: str


@dataclass
class Reference:
    id: int
    user_id: int
    service_name: str
    service_model: str
    service_model_ref: str
    status: str | None
    external_status: str | None
    external_message: str | None


@dataclass
class CustomField:
    id: int
    account_id: int
    value_type: str
    view_permission: str
    currency: str | None = None


@dataclass
class CustomValue:
    id: int
    field_id: int
    user_id: int
    text: str | None = None
    number: Decimal | None = None
    date: dt.date | None = None
    currency: str | None = None
    choice_ids: tuple[int, ...] = ()


@dataclass
class World:
    accounts: list[int] = field(default_factory=list)
    people: dict[int, Person] = field(default_factory=dict)
    memberships: dict[int, Membership] = field(default_factory=dict)  # by user id
    roles: dict[int, int] = field(default_factory=dict)  # role id -> account id
    role_names: dict[int, str] = field(default_factory=dict)
    workspaces: dict[int, int] = field(default_factory=dict)  # workspace id -> account id
    seats: list[Seat] = field(default_factory=list)
    contacts: set[tuple[int, int]] = field(default_factory=set)  # (owner, contact)
    organizations: dict[int, Organization] = field(default_factory=dict)
    organization_members: set[tuple[int, int]] = field(default_factory=set)  # (user, org)
    skills: dict[int, int] = field(default_factory=dict)  # skill id -> account id
    skill_levels: dict[tuple[int, int], int | None] = field(default_factory=dict)  # (user, skill)
    stories: dict[int, Story] = field(default_factory=dict)
    assignments: set[tuple[int, int]] = field(default_factory=set)  # (story, user)
    followers: set[tuple[int, int]] = field(default_factory=set)  # (story, user)
    resources: dict[int, Resource] = field(default_factory=dict)
    estimate_creators: list[int] = field(default_factory=list)
    timesheets: list[Timesheet] = field(default_factory=list)
    calendars: dict[int, int] = field(default_factory=dict)  # calendar id -> account id
    calendar_members: set[tuple[int, int]] = field(default_factory=set)  # (user, calendar)
    references: list[Reference] = field(default_factory=list)
    custom_fields: dict[int, CustomField] = field(default_factory=dict)
    choices: dict[int, int] = field(default_factory=dict)  # choice id -> field id
    custom_values: list[CustomValue] = field(default_factory=list)

    def membership(self, user_id: int) -> Membership | None:
        return self.memberships.get(user_id)

    def active(self, user_id: int) -> bool:
        membership = self.memberships.get(user_id)
        return not self.people[user_id].disabled and not (membership and membership.disabled)

    def seats_of(self, user_id: int) -> list[Seat]:
        return [s for s in self.seats if s.user_id == user_id]


@dataclass(frozen=True)
class Requester:
    user_id: int
    account_id: int | None
    is_administrator: bool
    permission: str | None

    @property
    def is_account_admin(self) -> bool:
        return self.account_id is not None and self.is_administrator


def requester_for(world: World, user_id: int) -> Requester:
    membership = world.membership(user_id)
    if membership is None:
        return Requester(user_id, None, False, None)
    return Requester(
        user_id, membership.account_id, membership.is_administrator, membership.permission
    )


# --- who sees whom --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    account_members: bool = False
    contacts: bool = False
    disabled: bool = False


def visible(world: World, requester: Requester, reach: Reach) -> set[int]:
    """PRODUCT.md "Who sees whom", with the request's widenings."""
    if requester.is_account_admin:
        members = {u for u, m in world.memberships.items() if m.account_id == requester.account_id}
        workspaces = {w for w, a in world.workspaces.items() if a == requester.account_id} | {
            s.workspace_id for s in world.seats if s.user_id in members
        }
    else:
        workspaces = {s.workspace_id for s in world.seats_of(requester.user_id)}
    seen = {requester.user_id} | {s.user_id for s in world.seats if s.workspace_id in workspaces}
    if reach.account_members and requester.account_id is not None:
        seen |= {u for u, m in world.memberships.items() if m.account_id == requester.account_id}
    if reach.contacts:
        seen |= {contact for owner, contact in world.contacts if owner == requester.user_id}
    if not reach.disabled:
        seen = {u for u in seen if world.active(u)}
    return seen


# --- filters --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ask:
    """One request as the oracle sees it."""

    world: World
    requester: Requester
    values: Mapping[str, Any]  # filter name -> structured value


# A filter's rule: the set of users (of the whole world) it keeps, or None for no restriction.
Rule = Callable[[Ask, Any], "set[int] | None"]


def _everyone(ask: Ask) -> set[int]:
    return set(ask.world.people)


def _where(ask: Ask, keep: Callable[[int], bool]) -> set[int]:
    return {u for u in ask.world.people if keep(u)}


def _when_true(keep: Callable[[Ask, int], bool]) -> Rule:
    return lambda ask, value: _where(ask, lambda u: keep(ask, u)) if value else None


def _either(keep: Callable[[Ask, int], bool]) -> Rule:
    return lambda ask, value: _where(ask, lambda u: keep(ask, u) == bool(value))


def _account_of(ask: Ask, user_id: int) -> int | None:
    membership = ask.world.membership(user_id)
    return membership.account_id if membership else None


def _on_my_account(ask: Ask, user_id: int) -> bool:
    mine = ask.requester.account_id
    return mine is not None and _account_of(ask, user_id) == mine


def _participates(ask: Ask, user_id: int, workspace_id: int, **seat: Any) -> bool:
    return any(
        s.workspace_id == workspace_id and all(getattr(s, k) == v for k, v in seat.items())
        for s in ask.world.seats_of(user_id)
    )


def _at_least(ask: Ask, user_id: int, lowest: str) -> bool:
    membership = ask.world.membership(user_id)
    if membership is None:
        return False
    return membership.is_administrator or RANK[membership.permission] >= RANK[lowest]


# identity


def _full_name_contains(ask: Ask, term: str) -> set[int]:
    needle = term.strip().lower()
    return _where(ask, lambda u: needle in ask.world.people[u].full_name.lower())


def _full_name_or_role(ask: Ask, term: str) -> set[int]:
    needle = term.strip().lower()
    roles = {r for r, name in ask.world.role_names.items() if needle in name.lower()}

    def keep(u: int) -> bool:
        membership = ask.world.membership(u)
        has_role = membership is not None and membership.default_role_id in roles
        return has_role or needle in ask.world.people[u].full_name.lower()

    return _where(ask, keep)


def _search(ask: Ask, term: str) -> set[int]:
    def keep(u: int) -> bool:
        person = ask.world.people[u]
        haystacks = (person.full_name.lower(), person.email_address.lower())
        return all(any(w.lower() in h for h in haystacks) for w in term.split())

    return _where(ask, keep)


def _matching(ask: Ask, term: str) -> set[int]:
    prefix = term.strip().lower()

    def keep(u: int) -> bool:
        person = ask.world.people[u]
        return person.full_name.lower().startswith(
            prefix
        ) or person.email_address.lower().startswith(prefix)

    return _where(ask, keep)


def _emails(ask: Ask, addresses: tuple[str, ...]) -> set[int]:
    wanted = {a.strip().lower() for a in addresses}
    return _where(ask, lambda u: ask.world.people[u].email_address.lower() in wanted)


def _timestamp(attribute: str, after: bool) -> Rule:
    def rule(ask: Ask, moment: dt.datetime) -> set[int]:
        def keep(u: int) -> bool:
            value: dt.datetime = getattr(ask.world.people[u], attribute)
            return value > moment if after else value < moment

        return _where(ask, keep)

    return rule


# account


def _role_in(ask: Ask, role_ids: tuple[int, ...]) -> set[int]:
    def keep(u: int) -> bool:
        membership = ask.world.membership(u)
        return membership is not None and membership.default_role_id in role_ids

    return _where(ask, keep)


# membership


def _contact(ask: Ask, u: int) -> bool:
    return (ask.requester.user_id, u) in ask.world.contacts


def _contact_elsewhere(ask: Ask, u: int) -> bool:
    mine = ask.requester.account_id
    return _contact(ask, u) and (mine is None or _account_of(ask, u) != mine)


def _manages_someone(ask: Ask, u: int) -> bool:
    return any(m.manager_id == u for m in ask.world.memberships.values())


def _possible_managee(ask: Ask, u: int) -> bool:
    return _on_my_account(ask, u) and ask.world.active(u) and u != ask.requester.user_id


def _possible_manager(ask: Ask, u: int) -> bool:
    return _on_my_account(ask, u) and ask.world.active(u) and _at_least(ask, u, "project_lead")


def _insights(ask: Ask, u: int) -> bool:
    membership = ask.world.membership(u)
    return membership is not None and membership.insights_access


def _provider_lead_on_account(ask: Ask, u: int) -> bool:
    mine = ask.requester.account_id
    return mine is not None and any(
        s.role == "provider" and s.is_lead and ask.world.workspaces[s.workspace_id] == mine
        for s in ask.world.seats_of(u)
    )


def _organization_tree(world: World, ids: tuple[int, ...], kind: str) -> set[int]:
    """The listed organizations of that kind and everything below them, whatever its kind."""
    tree = {i for i in ids if i in world.organizations and world.organizations[i].kind == kind}
    grew = True
    while grew:
        below = {o.id for o in world.organizations.values() if o.parent_id in tree} - tree
        tree |= below
        grew = bool(below)
    return tree


def _belonging_to(ask: Ask, selection: tuple[tuple[int, ...], tuple[int, ...]]) -> set[int]:
    geographies, departments = selection
    sides = [
        _organization_tree(ask.world, ids, kind)
        for ids, kind in ((geographies, "geography"), (departments, "department"))
        if ids
    ]
    return _where(
        ask,
        lambda u: all(
            any((u, o) in ask.world.organization_members for o in side) for side in sides
        ),
    )


def _in_an_organization(ask: Ask, u: int) -> bool:
    return any(user == u for user, _ in ask.world.organization_members)


# work


def _assignable(ask: Ask, resource_id: int) -> set[int]:
    resource = ask.world.resources.get(resource_id)
    if resource is None:
        return set()

    def keep(u: int) -> bool:
        membership = ask.world.membership(u)
        role_ok = resource.role_id is None or (
            membership is not None and membership.default_role_id == resource.role_id
        )
        return role_ok and _participates(ask, u, resource.workspace_id, role="provider")

    return _where(ask, keep)


def _may_follow(ask: Ask, story_id: int) -> set[int]:
    story = ask.world.stories.get(story_id)
    if story is None:
        return set()
    return _where(
        ask,
        lambda u: any(
            s.workspace_id == story.workspace_id and (not story.private or s.role == "provider")
            for s in ask.world.seats_of(u)
        ),
    )


def _without_timesheet(ask: Ask, window: tuple[int, dt.date, dt.date]) -> set[int]:
    workspace_id, start, end = window

    def submitted(u: int) -> bool:
        return any(
            t.user_id == u
            and t.workspace_id == workspace_id
            and t.start <= end
            and t.end >= start
            and t.status != "rejected"
            for t in ask.world.timesheets
        )

    return _where(ask, lambda u: _participates(ask, u, workspace_id) and not submitted(u))


# skills


def _with_skills(
    ask: Ask, skill_set: tuple[tuple[tuple[int, tuple[int, ...]], ...], str]
) -> set[int]:
    levels, operation = skill_set

    def has(u: int, skill_id: int, accepted: tuple[int, ...]) -> bool:
        if (u, skill_id) not in ask.world.skill_levels:
            return False
        level = ask.world.skill_levels[(u, skill_id)]
        return not accepted or level in accepted

    combine = all if operation == "and" else any
    return _where(ask, lambda u: combine(has(u, s, accepted) for s, accepted in levels))


# custom fields


def _viewable_field(ask: Ask, field_id: int, types: tuple[str, ...]) -> CustomField | None:
    """A field of the requester's account, of these types, within the requester's permission."""
    found = ask.world.custom_fields.get(field_id)
    requester = ask.requester
    if found is None or found.value_type not in types or requester.account_id is None:
        return None
    if found.account_id != requester.account_id:
        return None
    if requester.is_account_admin:
        return found
    if RANK[found.view_permission] <= RANK.get(requester.permission or "", -1):
        return found
    return None


def _value(ask: Ask, field_id: int, user_id: int) -> CustomValue | None:
    for value in ask.world.custom_values:
        if value.field_id == field_id and value.user_id == user_id:
            return value
    return None


def _terms(match: Callable[[Ask, Any, int], bool]) -> Rule:
    """Every term must match (several fields in one parameter are ANDed)."""
    return lambda ask, terms: _where(ask, lambda u: all(match(ask, t, u) for t in terms))


def _choice_term(ask: Ask, term: tuple[int, tuple[int, ...], bool], u: int) -> bool:
    field_id, choice_ids, blank = term
    if _viewable_field(ask, field_id, ("single", "multi")) is None:
        return False
    value = _value(ask, field_id, u)
    selected = set(value.choice_ids) if value else set()
    return bool(selected & set(choice_ids)) or (blank and not selected)


def _currency_term(ask: Ask, term: tuple[int, Decimal, str | None], u: int) -> bool:
    field_id, amount, code = term
    found = _viewable_field(ask, field_id, ("currency",))
    value = _value(ask, field_id, u)
    if found is None or value is None or value.number != amount:
        return False
    currency = value.currency or found.currency
    return code is None or (currency is not None and currency.upper() == code)


def _date_term(ask: Ask, term: tuple[int, dt.date | None, dt.date | None], u: int) -> bool:
    field_id, start, end = term
    value = _value(ask, field_id, u)
    if _viewable_field(ask, field_id, ("date",)) is None or value is None or value.date is None:
        return False
    return (start is None or value.date >= start) and (end is None or value.date <= end)


def _number_term(ask: Ask, term: tuple[int, Decimal], u: int) -> bool:
    field_id, number = term
    value = _value(ask, field_id, u)
    found = _viewable_field(ask, field_id, ("number",))
    return found is not None and value is not None and value.number == number


def _text_term(ask: Ask, term: tuple[int, str], u: int) -> bool:
    field_id, text = term
    value = _value(ask, field_id, u)
    found = _viewable_field(ask, field_id, ("string", "text"))
    return found is not None and value is not None and text.lower() in (value.text or "").lower()


def _has_values_for(ask: Ask, field_ids: tuple[int, ...]) -> set[int] | None:
    if not field_ids:
        return None

    def filled(u: int, field_id: int) -> bool:
        types = ("string", "text", "number", "currency", "date", "single", "multi")
        value = _value(ask, field_id, u)
        if _viewable_field(ask, field_id, types) is None or value is None:
            return False
        return (
            bool(value.text)
            or value.number is not None
            or value.date is not None
            or bool(value.choice_ids)
        )

    return _where(ask, lambda u: all(filled(u, f) for f in set(field_ids)))


# external references

REFERENCE_GROUP: dict[str, Callable[[Reference, Any], bool]] = {
    "external_reference_external_message": lambda r, v: r.external_message == v,
    "external_reference_external_status": lambda r, v: r.external_status == v,
    "external_reference_service_model": lambda r, v: r.service_model == v,
    "external_reference_service_model_ref": lambda r, v: r.service_model_ref == v,
    "external_reference_service_model_refs": lambda r, v: r.service_model_ref in v,
    "external_reference_service_name": lambda r, v: r.service_name == v,
    "external_reference_status": lambda r, v: r.status == v,
}


def _one_reference(ask: Ask, _value: Any) -> set[int]:
    """All external_reference_* parameters of the request must hold for one reference row."""
    asked = {name: v for name, v in ask.values.items() if name in REFERENCE_GROUP}
    return {
        r.user_id
        for r in ask.world.references
        if all(REFERENCE_GROUP[name](r, v) for name, v in asked.items())
    } & _everyone(ask)


def _has_reference(ask: Ask, u: int) -> bool:
    return any(r.user_id == u for r in ask.world.references)


def _without_service(ask: Ask, name: str) -> set[int]:
    having = {r.user_id for r in ask.world.references if r.service_name == name}
    return _everyone(ask) - having


FILTER_ORACLES: dict[str, Rule] = {
    # identity
    "with_users": lambda ask, ids: _where(ask, lambda u: u in ids),
    "without_users": lambda ask, ids: _where(ask, lambda u: u not in ids),
    "by_email_address": lambda ask, address: _emails(ask, (address,)),
    "by_email_addresses": _emails,
    "by_full_name": _full_name_contains,
    "by_full_name_or_account_role": _full_name_or_role,
    "search": _search,
    "matching": _matching,
    "created_after": _timestamp("created_at", after=True),
    "created_before": _timestamp("created_at", after=False),
    "updated_after": _timestamp("updated_at", after=True),
    "updated_before": _timestamp("updated_at", after=False),
    # account
    "account_id": lambda ask, account: _where(ask, lambda u: _account_of(ask, u) == account),
    "on_my_account": _when_true(_on_my_account),
    "on_my_account_or_participant_in_workspace": lambda ask, w: _where(
        ask, lambda u: _on_my_account(ask, u) or _participates(ask, u, w)
    ),
    "account_role_ids": _role_in,
    "show_disabled": lambda _ask, _value: None,
    # membership
    "all_contacts": _when_true(_contact),
    "contacts_on_different_account": _when_true(_contact_elsewhere),
    "can_view_reports": _when_true(lambda ask, u: _at_least(ask, u, "reports_viewer")),
    "is_project_lead": _when_true(lambda ask, u: _at_least(ask, u, "project_lead")),
    "managers": _when_true(_manages_someone),
    "only_possible_managees": _when_true(_possible_managee),
    "only_possible_managers": _when_true(_possible_manager),
    "show_users_in_insights_groups": _when_true(_insights),
    "provider_leads_on_account_projects": _when_true(_provider_lead_on_account),
    "belonging_to_orgs": _belonging_to,
    "with_organizations": _either(_in_an_organization),
    # work
    "participant_in": lambda ask, w: _where(ask, lambda u: _participates(ask, u, w)),
    "not_participant_in": lambda ask, w: _where(ask, lambda u: not _participates(ask, u, w)),
    "write_access_in": lambda ask, w: _where(
        ask, lambda u: _participates(ask, u, w, read_only=False)
    ),
    "can_be_approver_in_workspace": lambda ask, w: _where(
        ask, lambda u: _participates(ask, u, w, role="provider", financial_access=True)
    ),
    "clients_only": _when_true(
        lambda ask, u: any(s.role == "client" for s in ask.world.seats_of(u))
    ),
    "consultants_only": _when_true(
        lambda ask, u: any(s.role == "provider" for s in ask.world.seats_of(u))
    ),
    "assignable_to_resource": _assignable,
    "not_assigned_to": lambda ask, s: _where(ask, lambda u: (s, u) not in ask.world.assignments),
    "not_following": lambda ask, s: _where(ask, lambda u: (s, u) not in ask.world.followers),
    "potential_followers_for_story": _may_follow,
    "with_created_estimates": _when_true(lambda ask, u: u in ask.world.estimate_creators),
    "without_timesheet_submission": _without_timesheet,
    "not_on_calendars": lambda ask, ids: _where(
        ask, lambda u: not any((u, c) in ask.world.calendar_members for c in ids)
    ),
    # skills
    "with_skills": _with_skills,
    "without_skills": lambda ask, ids: _where(
        ask, lambda u: not any((u, s) in ask.world.skill_levels for s in ids)
    ),
    # custom fields
    "by_custom_choice_value": _terms(_choice_term),
    "by_custom_currency_value": _terms(_currency_term),
    "by_custom_date_value": _terms(_date_term),
    "by_custom_number_value": _terms(_number_term),
    "by_custom_text_value": _terms(_text_term),
    "has_value_for_custom_field_ids": _has_values_for,
    # external references
    **dict.fromkeys(REFERENCE_GROUP, _one_reference),
    "has_external_references": _either(_has_reference),
    "without_external_reference_service_name": _without_service,
}

# Which documented parameters reach past the default visibility, and how.
WIDENINGS: dict[str, str] = {
    "on_my_account": "account_members",
    "on_my_account_or_participant_in_workspace": "account_members",
    "all_contacts": "contacts",
    "contacts_on_different_account": "contacts",
    "show_disabled": "disabled",
}
# Filter defaults applied when a parameter is absent (unless apply_default_filters=false).
DEFAULTS: dict[str, Any] = {
    "show_disabled": False,
    "managers": False,
    "with_created_estimates": False,
}
CONFLICTS = (("account_id", "on_my_account"),)


@dataclass(frozen=True)
class Expected:
    status: int
    ids: frozenset[int] = frozenset()
    reachable: frozenset[int] = frozenset()  # the visible set under the request's widenings


def expect(
    world: World, requester: Requester, values: Mapping[str, Any], *, apply_defaults: bool = True
) -> Expected:
    """What GET /users must answer for these (structured) filter values."""
    for a, b in CONFLICTS:
        if a in values and b in values:
            return Expected(400)
    effective = dict(values)
    if apply_defaults:
        for name, default in DEFAULTS.items():
            effective.setdefault(name, default)
    widen = {WIDENINGS[n] for n, v in effective.items() if n in WIDENINGS and _truthy(v)}
    if not apply_defaults and "show_disabled" not in effective:
        widen.add("disabled")  # skipping the default show_disabled=false shows disabled users
    reach = Reach(
        account_members="account_members" in widen,
        contacts="contacts" in widen,
        disabled="disabled" in widen,
    )
    seen = visible(world, requester, reach)
    ask = Ask(world, requester, effective)
    ids = set(seen)
    for name, value in effective.items():
        kept = FILTER_ORACLES[name](ask, value)
        if kept is not None:
            ids &= kept
    return Expected(200, frozenset(ids), frozenset(seen))


def _truthy(value: Any) -> bool:
    return value is not None and value is not False and value != ()
