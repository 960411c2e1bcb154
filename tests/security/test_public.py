"""The operations that need no token answer without one, and give away nothing about people.

Each says why it is open (``operations.PLANS``). Profile photos are the one public thing tied to a
user, by design: their keys are unguessable and handed out only to those who may see the user.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.security.operations import PLANS, hidden_value, operation
from tests.security.probing import assert_nothing_of_hidden
from tests.security.world import World

OPEN = [operation_id for operation_id, plan in PLANS.items() if plan.auth != "token"]


@pytest.mark.parametrize("operation_id", OPEN)
def test_open_operations_reveal_no_one(world: World, client: Any, operation_id: str) -> None:
    op = operation(operation_id)
    plan = PLANS[operation_id]
    path = op.path
    for name, names in plan.path_ids.items():
        path = path.replace("{" + name + "}", hidden_value(world, names))
    response = client.request(op.method, path)
    assert response.status_code < 500, response.text
    if "key" in plan.path_ids:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("image/")
    else:
        assert_nothing_of_hidden(world, response, f"{op.method} {op.path}")
