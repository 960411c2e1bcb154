"""Every id in every path: the hidden user's (and their project's, and their attachment's) answers
byte for byte what a missing one answers, and no id, however malformed, is a 5xx.

The other path parameters of an operation hold the attacker's own values (themself, their
project), so the id under test is the only thing that varies. Writes and capacity reach further
than a show (``roster.people.service``): a user the attacker can reach through a documented
widening, on their own account, is a 403 there, which tells them nothing the list does not.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.security.operations import (
    PLANS,
    dialect_of,
    hidden_value,
    identified_operations,
    missing_value,
    operation,
    own_value,
    send,
)
from tests.security.probing import (
    ATTACKERS,
    as_user,
    assert_nothing_of_hidden,
    observed,
    widening,
)
from tests.security.world import World

MALFORMED = ("0", "-1", "2147483648", "99999999999999999999", "abc", "1.0", "%00", "1e3", " 1")


def _values(world: World, who: str, operation_id: str, varied: str, value: str) -> dict[str, str]:
    plan = PLANS[operation_id]
    values = {name: own_value(world, who, names) for name, names in plan.path_ids.items()}
    values[varied] = value
    return values


def _reaches_hidden(world: World, who: str, operation_id: str, names: str) -> bool:
    if names != "user" or not PLANS[operation_id].wide_reach:
        return False
    return world.hidden.id in world.sees(who, account_members=True, contacts=True)


@pytest.mark.parametrize(("operation_id", "parameter"), identified_operations())
def test_hidden_is_indistinguishable_from_missing(
    world: World, client: Any, operation_id: str, parameter: str
) -> None:
    names = PLANS[operation_id].path_ids[parameter]
    for who in ATTACKERS:
        headers = as_user(world, who)
        for alias in (False, True):
            hidden = send(
                client,
                operation_id,
                _values(world, who, operation_id, parameter, hidden_value(world, names)),
                headers,
                alias=alias,
            )
            missing = send(
                client,
                operation_id,
                _values(world, who, operation_id, parameter, missing_value(world, names)),
                headers,
                alias=alias,
            )
            context = f"{operation_id} {parameter}=hidden as {who}"
            assert missing.status_code == 404, f"{context}: {missing.text}"
            assert_nothing_of_hidden(world, hidden, context)
            if _reaches_hidden(world, who, operation_id, names):
                # On the attacker's own account, so listed by on_my_account: forbidden, unchanged.
                assert hidden.status_code == 403, f"{context}: {hidden.text}"
            else:
                assert observed(hidden) == observed(missing), context


@pytest.mark.parametrize(("operation_id", "parameter"), identified_operations())
def test_malformed_ids_name_nothing(
    world: World, client: Any, operation_id: str, parameter: str
) -> None:
    headers = as_user(world, "other_member")
    for raw in MALFORMED:
        values = _values(world, "other_member", operation_id, parameter, raw)
        response = send(client, operation_id, values, headers)
        assert response.status_code == 404, f"{operation_id} {parameter}={raw!r}: {response.text}"


# Every documented widening a show accepts: each reaches no further than it says (most of them
# also narrow, so a user within reach may still be filtered out).
WIDENINGS = (
    {"on_my_account": "true"},
    {"all_contacts": "true"},
    {"show_disabled": "true"},
    {"apply_default_filters": "false"},
    {"on_my_account_or_participant_in_workspace": "{ws_secret}"},
    {"showDeleted": "true"},
    {"onlyOwnerCompany": "true"},
)


@pytest.mark.parametrize("operation_id", ["showUser", "getPerson"])
@pytest.mark.parametrize("widen", WIDENINGS, ids=lambda w: next(iter(w)))
def test_a_widened_show_reaches_only_what_it_documents(
    world: World, client: Any, operation_id: str, widen: dict[str, str]
) -> None:
    dialect = dialect_of(operation(operation_id))
    query = {k: v.format(ws_secret=world.workspace_ids["ws_secret"]) for k, v in widen.items()}
    parameter = next(iter(PLANS[operation_id].path_ids))
    found = 0
    for who in ATTACKERS:
        headers = as_user(world, who)
        missing = send(client, operation_id, {parameter: missing_value(world, "user")}, headers)
        for target in ("hidden", "home_disabled", "home_admin", "other_admin"):
            response = send(
                client, operation_id, {parameter: str(world.id(target))}, headers, query=query
            )
            reach = world.sees(who, **widening(dialect, query))
            context = f"{operation_id} {target} {query} as {who}"
            if world.id(target) not in reach:
                assert observed(response) == observed(missing), context
            else:
                assert response.status_code in (200, 404), f"{context}: {response.text}"
                found += response.status_code == 200
    assert found, "the control: someone within reach is found"
