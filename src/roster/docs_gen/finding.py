"""Which tests exercise which parameter, found by reading the test sources.

Nothing is imported or run (``ast`` only). A test function exercises parameter ``p`` when, in its
body or its decorators,

- a string holds ``p`` as a query-string item: ``?p=``, ``&p=``, ``p[]=``, or starts with ``p=``
  (``p`` may carry a bracketed type, as Teamwork's ``fields[people]=``);
- a method call passes ``p`` as a keyword (``reader.ids(p="true")``), or a call to a helper of
  the same test module that forwards its ``**keywords`` as the query (``order(client, orderBy=
  "id")``); other plain function calls, such as factories, are not requests and do not count;
- a dict literal with the key ``p`` is sent: passed to a call as a positional argument (the
  Teamwork helpers take the query that way), as ``params=``/``json=``, spread as ``**{...}``, or
  assigned to a variable that is then passed to a call in one of those ways or is named
  ``params``;
- ``pytest.mark.parametrize`` lists the bare name ``p`` among its values.

A test that only builds parameter names at run time (the differential tests draw them from the
declarations) is not listed; every parameter must also have a test that names it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

_QUERY_ITEM = re.compile(r"(?:^|[?&])([A-Za-z_][A-Za-z0-9_]*(?:\[[A-Za-z]+\])?)(?:\[\])?=")
_REQUEST_KEYWORDS = frozenset({"params", "json"})
_PARAMS_VARIABLES = frozenset({"params"})

Function = ast.FunctionDef | ast.AsyncFunctionDef


def _test_functions(tree: ast.Module) -> Iterator[Function]:
    for node in tree.body:
        if isinstance(node, Function) and node.name.startswith("test"):
            yield node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(item, Function) and item.name.startswith("test"):
                    yield item


def _dict_keys(node: ast.Dict, names: frozenset[str]) -> set[str]:
    return {
        key.value
        for key in node.keys
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value in names
    }


def _is_parametrize(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr == "parametrize"


def _sent_arguments(call: ast.Call) -> Iterator[ast.expr]:
    """What a call may send as a query: its positional arguments, params=, json= and **spreads."""
    yield from call.args
    for kw in call.keywords:
        if kw.arg is None or kw.arg in _REQUEST_KEYWORDS:
            yield kw.value


def _forwarding_helpers(tree: ast.Module) -> frozenset[str]:
    """The module's own functions that take ``**keywords``: their callers name query parameters."""
    return frozenset(
        node.name
        for node in tree.body
        if isinstance(node, Function)
        and not node.name.startswith("test")
        and node.args.kwarg is not None
    )


def _named_in_body(function: ast.AST, names: frozenset[str], helpers: frozenset[str]) -> set[str]:
    found: set[str] = set()
    dicts: dict[str, list[ast.Dict]] = {}  # variable -> the dict literals assigned to it
    sent_variables: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.update(name for name in _QUERY_ITEM.findall(node.value) if name in names)
        elif isinstance(node, ast.Call):
            method = isinstance(node.func, ast.Attribute)
            if method or (isinstance(node.func, ast.Name) and node.func.id in helpers):
                found.update(kw.arg for kw in node.keywords if kw.arg in names)
            for argument in _sent_arguments(node):
                if isinstance(argument, ast.Dict):
                    found |= _dict_keys(argument, names)
                elif isinstance(argument, ast.Name):
                    sent_variables.add(argument.id)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    dicts.setdefault(target.id, []).append(node.value)
    for variable in sent_variables | _PARAMS_VARIABLES:
        for literal in dicts.get(variable, []):
            found |= _dict_keys(literal, names)
    return found


def _named_in_parametrize(function: Function, names: frozenset[str]) -> set[str]:
    found: set[str] = set()
    for decorator in function.decorator_list:
        if _is_parametrize(decorator):
            found.update(
                node.value
                for node in ast.walk(decorator)
                if isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value in names
            )
    return found


def exercising_tests(root: Path, tests_dir: Path, names: Iterable[str]) -> dict[str, list[str]]:
    """For each name, the tests under ``tests_dir`` (``file.py::test``) that send it, sorted."""
    wanted = frozenset(names)
    found: dict[str, list[str]] = {name: [] for name in wanted}
    for path in sorted((root / tests_dir).rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        label = path.relative_to(root / tests_dir).as_posix()
        helpers = _forwarding_helpers(tree)
        for function in _test_functions(tree):
            named = _named_in_body(function, wanted, helpers)
            for name in named | _named_in_parametrize(function, wanted):
                found[name].append(f"{label}::{function.name}")
    return {name: sorted(set(tests)) for name, tests in found.items()}
