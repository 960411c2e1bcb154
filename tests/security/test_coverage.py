"""The attack tables cover everything declared: a new endpoint or filter fails here until the
suite knows how to attack it."""

from __future__ import annotations

import re

from roster.dialects.kantata.users import USERS
from roster.dialects.teamwork.filters import PROJECT_FILTERS
from roster.openapi.service import CLIENT_BASIC
from roster.openapi.spec import ANONYMOUS
from tests.security.operations import PLANS, operations
from tests.security.probes import kantata_probes, teamwork_probes
from tests.security.world import World


def test_every_operation_has_an_attack_plan() -> None:
    declared = {op.operation_id for op in operations()}
    assert set(PLANS) == declared, (
        f"no plan: {sorted(declared - set(PLANS))}; stale: {sorted(set(PLANS) - declared)}"
    )


def test_each_plan_matches_its_operation() -> None:
    for op in operations():
        plan = PLANS[op.operation_id]
        if ANONYMOUS in op.security or not op.security:
            expected = "client" if CLIENT_BASIC in op.security else "public"
        else:
            expected = "token"
        assert plan.auth == expected, f"{op.operation_id}: declared {op.security}"
        assert plan.auth == "token" or plan.why_public, f"{op.operation_id}: say why it is open"
        in_path = set(re.findall(r"{(\w+)(?::\w+)?}", op.path))
        assert set(plan.path_ids) == in_path, f"{op.operation_id}: path ids {in_path}"


def test_every_filter_has_a_probe(world: World) -> None:
    kantata = {f.name for f in USERS.filters}
    assert set(kantata_probes(world)) == kantata, kantata ^ set(kantata_probes(world))
    teamwork = {f.name for f in PROJECT_FILTERS}
    assert set(teamwork_probes(world)) == teamwork, teamwork ^ set(teamwork_probes(world))
