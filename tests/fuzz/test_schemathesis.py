"""Schemathesis against the running server: every operation of /openapi.json, a real token.

Checks: no 5xx, every response conforms to the document (a documented status, a body matching
its schema), and no response slower than a second. The budget is bounded so that the file runs
in well under two minutes per database. It can be raised for a deeper run:

- ``ROSTER_FUZZ_EXAMPLES``: generated examples per operation (default 25);
- ``ROSTER_FUZZ_SEED``: the seed (default fixed, so that CI is reproducible); ``random`` for a
  new one each run;
- ``ROSTER_FUZZ_COVERAGE=1``: also Schemathesis' coverage phase, which walks the boundary values
  of every parameter (several thousand requests: minutes, not seconds).

Any input that ever broke something is kept in test_regressions.py as a regular test.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig

from roster.openapi.document import document
from tests.fuzz.conftest import Served

MAX_EXAMPLES = int(os.environ.get("ROSTER_FUZZ_EXAMPLES", "25"))
SEED = os.environ.get("ROSTER_FUZZ_SEED", "20261122")
COVERAGE = os.environ.get("ROSTER_FUZZ_COVERAGE", "") == "1"
MAX_RESPONSE_SECONDS = 1.0

CONFIG: dict[str, Any] = {
    # No example database: a run must not depend on what an earlier run wrote to disk.
    "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
    "checks": {
        "enabled": False,
        "not_a_server_error": {"enabled": True},
        "status_code_conformance": {"enabled": True},
        "response_schema_conformance": {"enabled": True},
        "max_response_time": MAX_RESPONSE_SECONDS,
    },
    "phases": {"coverage": {"enabled": COVERAGE}, "stateful": {"enabled": False}},
}
if SEED != "random":
    CONFIG["seed"] = int(SEED)

schema = schemathesis.openapi.from_dict(document(), config=SchemathesisConfig.from_dict(CONFIG))


@schema.parametrize()
def test_operation(case: schemathesis.Case[Any], served: Served) -> None:
    case.call_and_validate(base_url=served.base_url, headers=served.headers)
