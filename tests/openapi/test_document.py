"""The OpenAPI document: valid, served as generated, one operation per route, every declared
parameter present, and every documented example accepted by the engine."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator, validate
from sqlalchemy.orm import Session
from starlette.routing import Route

from roster.dialects.kantata import capacity
from roster.dialects.kantata.file_associations import USER_FILE_ASSOCIATIONS
from roster.dialects.kantata.reserved import RESERVED_PARAMS
from roster.dialects.kantata.users import USERS
from roster.dialects.teamwork.people import PEOPLE, PROJECT_PEOPLE
from roster.dialects.teamwork.presentation import SETTINGS
from roster.openapi.document import build, document
from roster.openapi.page import query_text
from roster.openapi.spec import Api, Operation, Reply
from tests.factories import make_account, make_user, make_workspace, participate, token_for

# Routes that are not endpoints: Teamwork answers any other path under its prefix with a 404 in
# its own error shape.
NOT_ENDPOINTS = {"/projects/api/v3/{path}"}
DOCUMENTED_METHODS = {"GET", "PUT", "PATCH", "POST", "DELETE"}


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document()["paths"].items():
        for method, op in item.items():
            yield method.upper(), path, op


def _operation(operation_id: str) -> dict[str, Any]:
    for _method, _path, op in _operations():
        if op["operationId"] == operation_id:
            return op
    raise LookupError(operation_id)


def _parameter_names(operation_id: str) -> list[str]:
    return [p["name"] for p in _operation(operation_id)["parameters"]]


def test_the_served_document_is_the_generated_one_and_valid_openapi_3_1(client: Any) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    served = response.json()
    assert served == document()
    assert served["openapi"] == "3.1.0"
    validate(served, cls=OpenAPIV31SpecValidator)


def test_every_route_has_an_operation_and_every_operation_a_route(app: Any) -> None:
    routes = set()
    for route in app.routes:
        assert isinstance(route, Route), route
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
        if path in NOT_ENDPOINTS:
            continue
        routes |= {(method, path) for method in route.methods or () if method != "HEAD"}
    documented = {
        (method, spelling)
        for method, path, op in _operations()
        for spelling in (path, *op.get("x-roster-aliases", []))
    }
    assert routes - documented == set(), "routes without an operation"
    assert documented - routes == set(), "operations without a route"
    assert {method for method, _path in routes} <= DOCUMENTED_METHODS


DECLARED: list[tuple[str, list[str]]] = [
    ("listUsers", [f.name for f in USERS.filters] + [p.name for p in RESERVED_PARAMS]),
    ("showUser", ["user_id"] + [f.name for f in USERS.filters]),
    ("showMe", [f.name for f in USERS.filters]),
    ("userCapacity", ["user_id"] + [f.name for f in capacity.PARAMETERS]),
    ("myCapacity", [f.name for f in capacity.PARAMETERS]),
    ("listUserFileAssociations", [f.name for f in USER_FILE_ASSOCIATIONS.filters]),
    ("getPeople", [f.name for f in PEOPLE.filters] + [s.name for s in SETTINGS]),
    ("getPerson", ["personId"] + [f.name for f in PEOPLE.filters] + [s.name for s in SETTINGS]),
    ("getProjectPeople", ["projectId"] + [f.name for f in PROJECT_PEOPLE.filters]),
    ("getProjectPerson", ["projectId", "personId"] + [f.name for f in PROJECT_PEOPLE.filters]),
]


@pytest.mark.parametrize(("operation_id", "declared"), DECLARED, ids=[d[0] for d in DECLARED])
def test_every_declared_parameter_is_documented(operation_id: str, declared: list[str]) -> None:
    names = _parameter_names(operation_id)
    assert len(names) == len(set(names)), "a parameter is documented twice"
    assert [name for name in declared if name not in names] == []


def test_the_users_list_documents_nothing_but_its_declarations() -> None:
    declared = {f.name for f in USERS.filters} | {p.name for p in RESERVED_PARAMS}
    assert set(_parameter_names("listUsers")) == declared


def test_capacity_dates_are_required_and_paths_name_their_ids() -> None:
    required = {p["name"] for p in _operation("myCapacity")["parameters"] if p["required"]}
    assert required == {"start_date", "end_date"}
    for _method, path, op in _operations():
        in_path = set(re.findall(r"\{(\w+)\}", path))
        declared = {p["name"] for p in op["parameters"] if p["in"] == "path"}
        assert in_path == declared, op["operationId"]


def test_examples_and_defaults_fit_their_schemas() -> None:
    checked = 0
    for _method, _path, op in _operations():
        for param in op["parameters"]:
            for value in (param.get("example"), param["schema"].get("default")):
                if value is not None:
                    errors = [e.message for e in jsonschema_rs.iter_errors(param["schema"], value)]
                    assert errors == [], f"{op['operationId']} {param['name']}: {errors}"
                    checked += 1
    assert checked > 100


@pytest.fixture
def admin_token(session: Session) -> str:
    account = make_account(session)
    admin = make_user(session, first_name="Ada", account=account, is_administrator=True)
    peer = make_user(session, first_name="Grace", account=account)
    workspace = make_workspace(session, account=account)
    participate(session, user=admin, workspace=workspace)
    participate(session, user=peer, workspace=workspace)
    return token_for(session, admin)


# Collections whose every parameter can be sent on its own, with its documented example.
COLLECTIONS = [
    ("listUsers", "/api/v1/users"),
    ("listUserFileAssociations", "/api/v1/user_file_associations"),
    ("myCapacity", "/api/v1/users/me/capacity"),
    ("getPeople", "/projects/api/v3/people.json"),
    ("getMe", "/projects/api/v3/me.json"),
]


@pytest.mark.parametrize(("operation_id", "path"), COLLECTIONS, ids=[c[0] for c in COLLECTIONS])
def test_every_documented_example_is_accepted(
    client: Any, admin_token: str, operation_id: str, path: str
) -> None:
    """The example a parameter is documented with is never a 400 (nor worse)."""
    params = _operation(operation_id)["parameters"]
    required = {p["name"]: query_text(p["example"]) for p in params if p["required"]}
    headers = {"Authorization": f"Bearer {admin_token}"}
    refused = {}
    for param in params:
        query = {**required, param["name"]: query_text(param["example"])}
        response = client.get(path, params=query, headers=headers)
        if response.status_code == 400 or response.status_code >= 500:
            refused[param["name"]] = (query[param["name"]], response.status_code, response.text)
    assert refused == {}


@pytest.mark.parametrize(
    ("operation_id", "path"),
    [("listUsers", "/api/v1/users"), ("showMe", "/api/v1/users/me"), ("getMe", "/me")],
)
def test_an_alias_answers_as_its_operation(
    client: Any, admin_token: str, operation_id: str, path: str
) -> None:
    op = _operation(operation_id)
    headers = {"Authorization": f"Bearer {admin_token}"}
    spellings = [p for m, p, o in _operations() if o is op] + op["x-roster-aliases"]
    answers = [client.get(spelling, headers=headers) for spelling in spellings]
    assert len(answers) == 2
    assert answers[0].status_code == answers[1].status_code == 200
    assert answers[0].json() == answers[1].json()


def _api(*operation_ids: str) -> Api:
    ok = {200: Reply("ok")}
    return Api("t", "", tuple(Operation("GET", f"/{i}", "same", "", "", ok) for i in operation_ids))


def test_the_generator_refuses_a_duplicate_operation_id() -> None:
    with pytest.raises(ValueError, match="duplicate operationId 'same'"):
        build([_api("a", "b")])
