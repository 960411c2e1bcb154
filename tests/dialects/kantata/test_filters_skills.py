"""GET /api/v1/users filters on skills: with_skills (a small grammar) and without_skills.

The requester ("me") shares a workspace with u1..u4; "hidden" has u1's exact skills but shares no
workspace with the requester, so no skill filter may ever return them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.models import Skill, User
from tests.dialects.kantata.builders import KantataReader, give_skill, make_skill
from tests.factories import make_account, make_user, make_workspace, participate, token_for


@dataclass
class Org:
    me: User  # sql (no level)
    u1: User  # python 3, go 2
    u2: User  # python 5
    u3: User  # go 4, sql 1
    u4: User  # no skills
    hidden: User  # python 3, go 2; not visible
    python: Skill
    go: Skill
    sql: Skill
    token: str

    def ids(self, *users: User) -> set[int]:
        return {user.id for user in users}

    @property
    def visible(self) -> set[int]:
        return self.ids(self.me, self.u1, self.u2, self.u3, self.u4)


@pytest.fixture
def org(session: Session) -> Org:
    a = make_account(session)
    me, u1, u2, u3, u4, hidden = (
        make_user(session, first_name=name, account=a)
        for name in ("Me", "One", "Two", "Three", "Four", "Hidden")
    )
    workspace = make_workspace(session, account=a)
    for user in (me, u1, u2, u3, u4):
        participate(session, user=user, workspace=workspace)
    participate(session, user=hidden, workspace=make_workspace(session, account=a))
    python, go, sql = (make_skill(session, account=a, name=n) for n in ("Python", "Go", "SQL"))
    for user, skill, level in (
        (me, sql, None),
        (u1, python, 3),
        (u1, go, 2),
        (u2, python, 5),
        (u3, go, 4),
        (u3, sql, 1),
        (hidden, python, 3),
        (hidden, go, 2),
    ):
        give_skill(session, user=user, skill=skill, level=level)
    return Org(
        me=me,
        u1=u1,
        u2=u2,
        u3=u3,
        u4=u4,
        hidden=hidden,
        python=python,
        go=go,
        sql=sql,
        token=token_for(session, me),
    )


@pytest.fixture
def api(client: Any, org: Org) -> KantataReader:
    return KantataReader(client, org.token)


def test_the_organisation_as_built(api: KantataReader, org: Org) -> None:
    assert api.ids() == org.visible


def test_with_skills_at_listed_levels(api: KantataReader, org: Org) -> None:
    py = org.python.id
    assert api.ids(with_skills=f"{{'{py}':[3,4]}}") == org.ids(org.u1)
    assert api.ids(with_skills=f"{{'{py}':[5]}}") == org.ids(org.u2)
    assert api.ids(with_skills=f"{{'{py}':[1,2]}}") == set()


def test_with_skills_empty_level_list_means_any_level(api: KantataReader, org: Org) -> None:
    assert api.ids(with_skills=f"{{'{org.python.id}':[]}}") == org.ids(org.u1, org.u2)
    # A membership without a level matches "any level" but no listed level.
    assert api.ids(with_skills=f"{{'{org.sql.id}':[]}}") == org.ids(org.me, org.u3)
    assert api.ids(with_skills=f"{{'{org.sql.id}':[1]}}") == org.ids(org.u3)


def test_with_skills_needs_every_skill_by_default(api: KantataReader, org: Org) -> None:
    both = f"'{org.python.id}':[],'{org.go.id}':[]"
    assert api.ids(with_skills=f"{{{both}}}") == org.ids(org.u1)
    assert api.ids(with_skills=f"{{{both},'operation':'and'}}") == org.ids(org.u1)
    assert api.ids(with_skills=f"{{{both},'operation':''}}") == org.ids(org.u1)


def test_with_skills_operation_or_needs_any_skill(api: KantataReader, org: Org) -> None:
    value = f"{{'{org.go.id}':[2],'{org.sql.id}':[],'operation':'or'}}"
    assert api.ids(with_skills=value) == org.ids(org.u1, org.me, org.u3)
    value = f"{{'{org.python.id}':[],'{org.go.id}':[],'operation':'OR'}}"
    assert api.ids(with_skills=value) == org.ids(org.u1, org.u2, org.u3)


def test_with_skills_accepts_double_quotes_and_bare_keys(api: KantataReader, org: Org) -> None:
    py, go = org.python.id, org.go.id
    assert api.ids(with_skills=f'{{"{py}": [3], "{go}": [2]}}') == org.ids(org.u1)
    assert api.ids(with_skills=f"{{ {py}: [3], {go}: [2], operation: and }}") == org.ids(org.u1)
    assert api.ids(with_skills=f"{{'{py}':['5']}}") == org.ids(org.u2)
    assert api.ids(with_skills=f"{{'{py}':5}}") == org.ids(org.u2)


def test_with_skills_as_a_json_object_in_the_request_body(
    client: Any, api: KantataReader, org: Org
) -> None:
    response = client.request(
        "GET",
        "/api/v1/users",
        json={"with_skills": {str(org.go.id): [2, 4], "operation": "or"}},
        headers={"Authorization": f"Bearer {org.token}"},
    )
    assert response.status_code == 200, response.text
    assert {int(r["id"]) for r in response.json()["results"]} == org.ids(org.u1, org.u3)


def test_with_skills_never_reveals_a_user_i_cannot_see(api: KantataReader, org: Org) -> None:
    value = f"{{'{org.python.id}':[3],'{org.go.id}':[2]}}"
    assert api.ids(with_skills=value) == org.ids(org.u1)
    assert api.ids(with_skills=value, on_my_account="true") == org.ids(org.u1, org.hidden)


@pytest.mark.parametrize(
    "value",
    [
        "python",
        "{}",
        "{'operation':'or'}",
        "{'1':[3],'operation':'xor'}",
        "{'x':[3]}",
        "{'1':[-1]}",
        "{'1':['high']}",
        "{'1':[true]}",
        "{'1':[1.5]}",
        "{'1':{'2':3}}",
        "['1',[3]]",
        "{'1':[3]",
        "[" * 5000 + "]" * 5000,
        "{'1':[" + "1," * 6000 + "1]}",
    ],
)
def test_with_skills_rejects_a_malformed_value(api: KantataReader, value: str) -> None:
    message = api.error(with_skills=value)
    assert message.startswith("with_skills:")
    assert "{'12':[3,4],'15':[],'operation':'or'}" in message


def test_without_skills(api: KantataReader, org: Org) -> None:
    assert api.ids(without_skills=f"{org.python.id}") == org.ids(org.me, org.u3, org.u4)
    assert api.ids(without_skills=f"{org.python.id},{org.go.id}") == org.ids(org.me, org.u4)
    assert api.ids(without_skills=f"{org.sql.id}") == org.ids(org.u1, org.u2, org.u4)
    assert api.ids(without_skills="987654") == org.visible


def test_without_skills_never_reveals_a_user_i_cannot_see(api: KantataReader, org: Org) -> None:
    assert org.hidden.id not in api.ids(without_skills=f"{org.sql.id}")


def test_without_skills_rejects_what_is_not_an_id_list(api: KantataReader) -> None:
    message = api.error(without_skills="python")
    assert message.startswith("without_skills:")
    assert "positive integer id" in message
