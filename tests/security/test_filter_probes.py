"""Every declared filter, used to probe for the hidden user: nothing leaks, counts included.

For each filter of both dialects (``probes.py`` holds what to give each one):
- aimed at the hidden user, it answers exactly what it answers when aimed at nobody, byte for
  byte (status, headers, body with its count), for every attacker;
- every answer holds only users the attacker may see under the request's own reach, its count
  is the number of those users, and no include names or presents the hidden user or their data;
- the seer (an administrator of the hidden user's account) does find the hidden user with the
  same value, so the probe is known to aim true.
Each request asks for every include and optional field, so sideloads are probed at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from roster.dialects.kantata.users import USERS
from roster.dialects.teamwork.filters import PROJECT_FILTERS
from tests.security.probes import (
    Attack,
    Params,
    Probe,
    Sweep,
    kantata_probes,
    kantata_reserved_probes,
    teamwork_probes,
)
from tests.security.probing import (
    ATTACKERS,
    KANTATA,
    SEER,
    TEAMWORK,
    as_user,
    assert_nothing_of_hidden,
    count_of,
    list_params,
    list_path,
    observed,
    sideloaded_user_ids,
    user_ids,
    widening,
)
from tests.security.world import World

PROJECT_ONLY = {"includeObservers"}


def _ask(client: Any, world: World, dialect: str, who: str, params: Params) -> Any:
    return client.get(
        list_path(dialect), params=list_params(dialect, params), headers=as_user(world, who)
    )


def _judge(
    world: World, dialect: str, who: str, params: Params, response: Any, context: str
) -> None:
    """An attacker's answer: never a 5xx; on success only users in reach, counted honestly."""
    assert response.status_code < 500, f"{context}: {response.status_code} {response.text}"
    reach = widening(dialect, params)
    allowed = world.sees(who, **reach)
    if world.hidden.id not in allowed:
        assert_nothing_of_hidden(world, response, context)
    if response.status_code != 200:
        return
    body = response.json()
    listed = user_ids(dialect, body)
    assert set(listed) <= allowed, f"{context}: lists {set(listed) - allowed} beyond reach"
    presented = sideloaded_user_ids(dialect, body)
    # An included manager may be anyone the same request could have listed.
    assert presented <= allowed, f"{context}: presents {presented - allowed} beyond reach"
    assert count_of(dialect, body) == len(listed), f"{context}: count disagrees with the rows"


def _control(client: Any, world: World, dialect: str, name: str, probe: Probe) -> None:
    """The seer finds the hidden user with the probe's value, so the probe aims true."""
    aimed = _ask(client, world, dialect, SEER, probe.hidden)
    missed = _ask(client, world, dialect, SEER, probe.nobody)
    assert aimed.status_code == missed.status_code == 200, (aimed.text, missed.text)
    hidden = world.hidden.id
    with_value = set(user_ids(dialect, aimed.json()))
    without = set(user_ids(dialect, missed.json()))
    if probe.excludes:
        assert hidden not in with_value, f"{name}: the probe does not leave the hidden user out"
        assert hidden in without, f"{name}: the nobody value leaves the hidden user out"
    else:
        assert hidden in with_value, f"{name}: the probe does not find the hidden user"
        if probe.exclusive:
            assert hidden not in without, f"{name}: the nobody value finds the hidden user"


def _attack(client: Any, world: World, dialect: str, name: str, attack: Attack) -> None:
    if isinstance(attack, Sweep):
        for who in ATTACKERS:
            for params in attack.values:
                context = f"{dialect} {name}={dict(params)} as {who}"
                _judge(
                    world, dialect, who, params, _ask(client, world, dialect, who, params), context
                )
        return
    _control(client, world, dialect, name, attack)
    for who in ATTACKERS:
        aimed = _ask(client, world, dialect, who, attack.hidden)
        missed = _ask(client, world, dialect, who, attack.nobody)
        context = f"{dialect} {name}={dict(attack.hidden)} as {who}"
        _judge(world, dialect, who, attack.hidden, aimed, context)
        _judge(world, dialect, who, attack.nobody, missed, context + " (nobody)")
        assert observed(aimed) == observed(missed), f"{context}: differs from aiming at nobody"


@pytest.mark.parametrize("name", [f.name for f in USERS.filters])
def test_kantata_filter_never_reveals_the_hidden_user(world: World, client: Any, name: str) -> None:
    _attack(client, world, KANTATA, name, kantata_probes(world)[name])


@pytest.mark.parametrize("name", ["only", "apply_default_filters", "order"])
def test_kantata_reserved_parameter_never_reveals_the_hidden_user(
    world: World, client: Any, name: str
) -> None:
    _attack(client, world, KANTATA, name, kantata_reserved_probes(world)[name])


@pytest.mark.parametrize("name", [f.name for f in PROJECT_FILTERS if f.name not in PROJECT_ONLY])
def test_teamwork_filter_never_reveals_the_hidden_user(
    world: World, client: Any, name: str
) -> None:
    _attack(client, world, TEAMWORK, name, teamwork_probes(world)[name])


@pytest.mark.parametrize("params", [{}, {"includeObservers": "false"}, {"showDeleted": "true"}])
def test_teamwork_project_people_list_only_the_visible(
    world: World, client: Any, params: Mapping[str, str]
) -> None:
    for who in ATTACKERS:
        for project in ("ws_shared", "ws_other"):
            path = f"/projects/api/v3/projects/{world.workspace_ids[project]}/people.json"
            response = client.get(
                path, params={"include": "permissions", **params}, headers=as_user(world, who)
            )
            context = f"{path} {params} as {who}"
            assert response.status_code in (200, 404), context
            assert_nothing_of_hidden(world, response, context)
            if response.status_code == 200:
                listed = set(user_ids(TEAMWORK, response.json()))
                assert listed <= world.sees(who, **widening(TEAMWORK, params)), context


@pytest.mark.parametrize("dialect", [KANTATA, TEAMWORK])
def test_page_by_page_the_count_is_of_the_visible_alone(
    world: World, client: Any, dialect: str
) -> None:
    """A page too small to hold the result needs a count statement: it counts the visible too."""
    size = {"per_page": "1"} if dialect == KANTATA else {"pageSize": "1"}
    for who in ATTACKERS:
        visible = world.sees(who)
        paged: list[int] = []
        for page in range(1, len(visible) + 2):
            response = client.get(
                list_path(dialect), params={**size, "page": str(page)}, headers=as_user(world, who)
            )
            body = response.json()
            assert count_of(dialect, body) == len(visible), f"{dialect} page {page} as {who}"
            paged += user_ids(dialect, body)
        assert sorted(paged) == sorted(visible), who
