"""Every documented parameter is declared, documented in docs/coverage.md, and tested."""

from __future__ import annotations

from pathlib import Path

from roster.dialects.kantata.reserved import RESERVED_PARAMS
from roster.dialects.kantata.users import USERS
from roster.docs_gen.coverage import COVERAGE_PATH, stale
from roster.docs_gen.kantata import declared_names, found_tests
from tests.dialects.kantata.extract_seed_parameters import query_parameters

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[2]
SEED_PARAMETERS = HERE / "seed_002_parameters.txt"

SEED_SAMPLE = """# Fetching visible users

## Query parameters:

  - `account_id` (integer)
    Only includes users on the specified account.

  - `optional_fields` (array)
    Enum: "bio"

## Response 200 fields (application/json):

  - `count` (integer)
"""


def _seed_parameters() -> dict[str, str]:
    lines = SEED_PARAMETERS.read_text(encoding="utf-8").splitlines()
    pairs = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    return {pair[0]: pair[1] for pair in pairs}


def test_the_extractor_reads_only_the_query_parameter_section() -> None:
    assert query_parameters(SEED_SAMPLE) == [
        ("account_id", "integer"),
        ("optional_fields", "array"),
    ]


def test_the_copied_seed_list_is_the_whole_documented_list() -> None:
    documented = _seed_parameters()
    assert len(documented) == 64
    assert {"account_id", "include", "only", "with_users", "write_access_in"} <= set(documented)
    assert "count" not in documented  # a response field, not a parameter


def test_every_documented_parameter_is_declared() -> None:
    declared = set(USERS.filters_by_name) | {r.name for r in RESERVED_PARAMS}
    missing = sorted(set(_seed_parameters()) - declared)
    assert missing == [], f"documented by Kantata but neither a filter nor reserved: {missing}"


def test_documented_booleans_are_declared_boolean() -> None:
    booleans = {name for name, kind in _seed_parameters().items() if kind == "boolean"}
    for name in sorted(booleans & set(USERS.filters_by_name)):
        assert USERS.filters_by_name[name].kind.type_name == "boolean", name


def test_filters_and_reserved_parameters_do_not_share_names() -> None:
    assert not set(USERS.filters_by_name) & {r.name for r in RESERVED_PARAMS}


def test_the_coverage_document_is_fresh() -> None:
    assert stale(REPOSITORY) is None


def test_the_coverage_document_lists_every_declared_parameter() -> None:
    document = (REPOSITORY / COVERAGE_PATH).read_text(encoding="utf-8")
    for name in declared_names():
        assert f"| `{name}` |" in document, name
    for include in USERS.includes:
        assert f"| `{include.name}` |" in document, include.name


def test_every_declared_parameter_has_a_test() -> None:
    found = found_tests(REPOSITORY)
    untested = sorted(name for name, tests in found.items() if not tests)
    assert untested == [], f"declared parameters no test sends: {untested}"
