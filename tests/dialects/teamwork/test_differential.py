"""The people list against a plain-Python reading of the visibility policy and a handful of
parameters (userType, ids, excludeIds, companyIds, inclusiveFilter, showDeleted,
onlyOwnerCompany), on small random organisations.

The model below is written from PRODUCT.md and docs/teamwork.md, not from the SQL, so the two
can disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from roster.models import AccountMembership, User
from tests.dialects.teamwork.helpers import get_json, ids_of
from tests.factories import make_account, make_user, make_workspace, participate, save, token_for

ACCOUNTS = ("A", "B")
DISABLED = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Person:
    account: str | None
    admin: bool
    collaborator: bool
    disabled_user: bool
    disabled_membership: bool

    @property
    def deleted(self) -> bool:
        return self.disabled_user or (self.account is not None and self.disabled_membership)

    @property
    def type(self) -> str:
        if self.account is None:
            return "contact"
        return "collaborator" if self.collaborator else "account"


@dataclass(frozen=True)
class Org:
    people: tuple[Person, ...]
    projects: tuple[tuple[str, frozenset[int]], ...]  # (account, participant indexes)
    requester: int


people_st = st.builds(
    Person,
    account=st.sampled_from((None, "A", "A", "B")),
    admin=st.booleans(),
    collaborator=st.booleans(),
    disabled_user=st.sampled_from((False, False, False, True)),
    disabled_membership=st.sampled_from((False, False, True)),
)


@st.composite
def orgs(draw: st.DrawFn) -> Org:
    people = draw(st.lists(people_st, min_size=3, max_size=8))
    requester = draw(st.integers(0, len(people) - 1))
    # Only an enabled user holds a usable token.
    people[requester] = replace(people[requester], disabled_user=False, disabled_membership=False)
    indexes = st.frozensets(st.integers(0, len(people) - 1), min_size=1)
    projects = draw(st.lists(st.tuples(st.sampled_from(ACCOUNTS), indexes), min_size=1, max_size=4))
    return Org(tuple(people), tuple(projects), requester)


@dataclass(frozen=True)
class Query:
    user_type: str | None
    ids: frozenset[int] | None  # person indexes
    exclude_ids: frozenset[int] | None
    company_ids: frozenset[str] | None
    inclusive: bool | None
    show_deleted: bool | None
    only_owner_company: bool | None


BARE = Query(None, None, None, None, None, None, None)
maybe_bool = st.none() | st.booleans()
queries = st.builds(
    Query,
    user_type=st.none() | st.sampled_from(("account", "collaborator", "contact")),
    ids=st.none() | st.frozensets(st.integers(0, 7), min_size=1),
    exclude_ids=st.none() | st.frozensets(st.integers(0, 7), min_size=1),
    company_ids=st.none() | st.frozensets(st.sampled_from(ACCOUNTS), min_size=1),
    inclusive=maybe_bool,
    show_deleted=maybe_bool,
    only_owner_company=maybe_bool,
)


def expected(org: Org, q: Query) -> set[int]:
    """Person indexes the requester should get, by PRODUCT.md's policy and the §5 semantics."""
    me = org.people[org.requester]
    members = {i for i, p in enumerate(org.people) if p.account is not None}
    if me.account is not None and me.admin:
        member_of_mine = {i for i in members if org.people[i].account == me.account}
        reach_projects = [
            seats for account, seats in org.projects
            if account == me.account or seats & member_of_mine
        ]  # fmt: skip
    else:
        reach_projects = [seats for _, seats in org.projects if org.requester in seats]
    reach = {org.requester}.union(*reach_projects)
    owner = me.account
    if q.only_owner_company and owner is not None:
        reach |= {i for i, p in enumerate(org.people) if p.account == owner}
    if not q.show_deleted:
        reach = {i for i in reach if not org.people[i].deleted}

    def keep(i: int) -> bool:
        person = org.people[i]
        if q.user_type is not None and person.type != q.user_type:
            return False
        if q.exclude_ids and i in q.exclude_ids:
            return False
        companies = ({owner} if owner else set()) if q.only_owner_company else q.company_ids
        group = [
            (q.ids, i in (q.ids or ())),
            (companies, person.account in (companies or ())),
        ]
        present = [hit for chosen, hit in group if chosen is not None]
        if q.inclusive:
            return not present or any(present)
        return all(present)

    return {i for i in reach if keep(i)}


@dataclass(frozen=True)
class Arranged:
    users: list[User]
    company_ids: dict[str, int]
    token: str


def arrange(session: Session, org: Org) -> Arranged:
    accounts = {name: make_account(session, name=name) for name in ACCOUNTS}
    users = []
    for person in org.people:
        user = make_user(session, disabled_at=DISABLED if person.disabled_user else None)
        if person.account is not None:
            save(
                session,
                AccountMembership(
                    account_id=accounts[person.account].id,
                    user_id=user.id,
                    is_administrator=person.admin,
                    collaborator_only_license=person.collaborator,
                    disabled_at=DISABLED if person.disabled_membership else None,
                ),
            )
        users.append(user)
    for account, seats in org.projects:
        project = make_workspace(session, account=accounts[account])
        for i in seats:
            participate(session, user=users[i], workspace=project)
    return Arranged(
        users=users,
        company_ids={name: account.id for name, account in accounts.items()},
        token=token_for(session, users[org.requester]),
    )


def params_for(q: Query, users: list[User], company_ids: dict[str, int]) -> dict[str, str]:
    def user_ids(indexes: frozenset[int]) -> str:
        # An index past the organisation stands for an id that does not exist.
        return ",".join(str(users[i].id if i < len(users) else 10**9 + i) for i in sorted(indexes))

    params: dict[str, str] = {"pageSize": "500"}
    if q.user_type is not None:
        params["userType"] = q.user_type
    if q.ids is not None:
        params["ids"] = user_ids(q.ids)
    if q.exclude_ids is not None:
        params["excludeIds"] = user_ids(q.exclude_ids)
    if q.company_ids is not None:
        params["companyIds"] = ",".join(str(company_ids[c]) for c in sorted(q.company_ids))
    for name, value in (
        ("inclusiveFilter", q.inclusive),
        ("showDeleted", q.show_deleted),
        ("onlyOwnerCompany", q.only_owner_company),
    ):
        if value is not None:
            params[name] = "true" if value else "false"
    return params


@settings(
    max_examples=80,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(org=orgs(), qs=st.lists(queries, min_size=1, max_size=4))
def test_the_list_matches_the_plain_python_policy(
    session: Session, client: Any, org: Org, qs: list[Query]
) -> None:
    savepoint = session.begin_nested()
    try:
        world = arrange(session, org)
        index_of = {user.id: i for i, user in enumerate(world.users)}
        for q in [BARE, *qs]:
            params = params_for(q, world.users, world.company_ids)
            body = get_json(client, "/people.json", world.token, params)
            got = {index_of[i] for i in ids_of(body)}
            assert got == expected(org, q), (org, q)
            assert body["meta"]["page"]["count"] == len(got)
    finally:
        savepoint.rollback()
