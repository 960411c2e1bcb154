"""The fixed request mix: the requests integrators make most in each dialect, and json-server's
equivalents of the list, deep page and name search.

Every request has a few variants (other ids, other names, other pages) that the load generator
rotates through, so a cell never measures one cached row. The variants are chosen from the dataset
itself, deterministically, as an account administrator of the largest account sees it: the usual
integration token, and the most expensive requester (they see nearly everyone).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy import Engine, and_, exists, func, select

from roster.models import AccountMembership, Participation, User, Workspace

VARIANTS = 8
KANTATA = "/api/v1"
TEAMWORK = "/projects/api/v3"
# Deep pages sit at a fixed offset (about 5,000 rows in) on every dataset, so their cost can be
# compared across sizes; an offset proportional to the size would grow with it by construction.
KANTATA_DEEP_PAGE = 250  # per_page 20: offset 4,980
TEAMWORK_DEEP_PAGE = 100  # pageSize 50: offset 4,950


@dataclass(frozen=True)
class Request:
    name: str
    dialect: str  # "kantata", "teamwork" or "json-server"
    what: str
    paths: tuple[str, ...]


@dataclass(frozen=True)
class Picks:
    """What the dataset offers the mix: the requester and the ids and names to rotate through."""

    admin_id: int
    account_id: int
    user_ids: tuple[int, ...]
    workspace_ids: tuple[int, ...]
    terms: tuple[str, ...]


def _spread(values: list[int], count: int) -> tuple[int, ...]:
    if len(values) <= count:
        return tuple(values)
    step = len(values) / count
    return tuple(values[int(i * step)] for i in range(count))


def pick(engine: Engine) -> Picks:
    with engine.connect() as connection:
        # The largest account's first enabled administrator.
        largest = (
            select(AccountMembership.account_id)
            .group_by(AccountMembership.account_id)
            .order_by(func.count().desc(), AccountMembership.account_id)
            .limit(1)
            .scalar_subquery()
        )
        admin_id, account_id = connection.execute(
            select(AccountMembership.user_id, AccountMembership.account_id)
            .join(User, User.id == AccountMembership.user_id)
            .where(
                AccountMembership.account_id == largest,
                AccountMembership.is_administrator.is_(True),
                AccountMembership.disabled_at.is_(None),
                User.disabled_at.is_(None),
            )
            .order_by(AccountMembership.user_id)
            .limit(1)
        ).one()
        total = connection.execute(select(func.max(User.id))).scalar_one()
        # Enabled members of that account who work on a project, from the middle of the id range:
        # the administrator sees each of them.
        seated = exists().where(Participation.user_id == User.id)
        middle = connection.execute(
            select(User.id, User.last_name)
            .join(AccountMembership, AccountMembership.user_id == User.id)
            .where(
                and_(
                    AccountMembership.account_id == account_id,
                    AccountMembership.disabled_at.is_(None),
                    User.disabled_at.is_(None),
                    User.id >= total // 2,
                    seated,
                )
            )
            .order_by(User.id)
            .limit(400)
        ).all()
        workspaces = connection.execute(
            select(Workspace.id).where(Workspace.account_id == account_id).order_by(Workspace.id)
        ).scalars()
        workspace_ids = _spread(list(workspaces), VARIANTS)
    user_ids = _spread([row.id for row in middle], VARIANTS * 5)
    terms = tuple(dict.fromkeys(row.last_name.lower() for row in middle if row.last_name))
    return Picks(
        admin_id=admin_id,
        account_id=account_id,
        user_ids=user_ids,
        workspace_ids=workspace_ids,
        terms=_spread_terms(terms),
    )


def _spread_terms(terms: tuple[str, ...]) -> tuple[str, ...]:
    step = max(1, len(terms) // VARIANTS)
    return terms[::step][:VARIANTS]


def _id_sets(ids: tuple[int, ...]) -> list[str]:
    return [",".join(str(i) for i in ids[n : n + 5]) for n in range(0, len(ids), 5)][:VARIANTS]


def requests(picks: Picks) -> list[Request]:
    """The mix, Kantata first, then Teamwork."""
    k, t = KANTATA, TEAMWORK
    shows = picks.user_ids[::5][:VARIANTS]
    sets = _id_sets(picks.user_ids)
    terms = [quote(term) for term in picks.terms]
    ws = picks.workspace_ids
    return [
        Request("k_list", "kantata", "default list page", (f"{k}/users",)),
        Request("k_list_role", "kantata", "list page, include=role", (f"{k}/users?include=role",)),
        Request(
            "k_includes",
            "kantata",
            "include=role,skills,account_membership",
            (f"{k}/users?include=role,skills,account_membership",),
        ),
        Request(
            "k_name", "kantata", "by_full_name", tuple(f"{k}/users?by_full_name={q}" for q in terms)
        ),
        Request(
            "k_participant",
            "kantata",
            "participant_in",
            tuple(f"{k}/users?participant_in={w}" for w in ws),
        ),
        Request("k_account", "kantata", "on_my_account", (f"{k}/users?on_my_account=true",)),
        Request("k_only", "kantata", "only (5 ids)", tuple(f"{k}/users?only={s}" for s in sets)),
        Request("k_show", "kantata", "show", tuple(f"{k}/users/{i}" for i in shows)),
        Request("k_me", "kantata", "me", (f"{k}/users/me",)),
        Request(
            "k_deep",
            "kantata",
            f"deep page (page {KANTATA_DEEP_PAGE}+)",
            tuple(f"{k}/users?page={KANTATA_DEEP_PAGE + n}" for n in range(VARIANTS)),
        ),
        Request("t_list", "teamwork", "people.json", (f"{t}/people.json",)),
        Request(
            "t_include",
            "teamwork",
            "people.json include=companies,teams",
            (f"{t}/people.json?include=companies,teams",),
        ),
        Request(
            "t_search",
            "teamwork",
            "searchTerm",
            tuple(f"{t}/people.json?searchTerm={q}" for q in terms),
        ),
        Request(
            "t_project",
            "teamwork",
            "projects/{id}/people.json",
            tuple(f"{t}/projects/{w}/people.json" for w in ws),
        ),
        Request(
            "t_owner",
            "teamwork",
            "onlyOwnerCompany",
            (f"{t}/people.json?onlyOwnerCompany=true",),
        ),
        Request(
            "t_ids", "teamwork", "ids (5 ids)", tuple(f"{t}/people.json?ids={s}" for s in sets)
        ),
        Request(
            "t_show", "teamwork", "people/{id}.json", tuple(f"{t}/people/{i}.json" for i in shows)
        ),
        Request("t_me", "teamwork", "me.json", (f"{t}/me.json",)),
        Request(
            "t_deep",
            "teamwork",
            f"deep page (page {TEAMWORK_DEEP_PAGE}+, pageSize 50)",
            tuple(
                f"{t}/people.json?page={TEAMWORK_DEEP_PAGE + n}&pageSize=50"
                for n in range(VARIANTS)
            ),
        ),
    ]


# json-server's answers to the requests it can make: Roster's request -> json-server's.
JSON_SERVER_TWINS = {"k_list": "j_list", "k_deep": "j_deep", "k_name": "j_name"}


def json_server_requests(picks: Picks) -> list[Request]:
    """The same list, deep page and name search, in json-server 0.17's query language."""
    order = "_sort=full_name&_limit=20"
    return [
        Request("j_list", "json-server", "list page", (f"/users?{order}&_page=1",)),
        Request(
            "j_deep",
            "json-server",
            f"deep page (page {KANTATA_DEEP_PAGE}+)",
            tuple(f"/users?{order}&_page={KANTATA_DEEP_PAGE + n}" for n in range(VARIANTS)),
        ),
        Request(
            "j_name",
            "json-server",
            "full_name_like",
            tuple(f"/users?full_name_like={quote(q)}&{order}&_page=1" for q in picks.terms),
        ),
    ]
