"""Filters on external references (links from a user to its twin in another system).

The seven ``external_reference_*`` parameters describe one reference: given together, they must
all hold for the SAME reference row (``service_name=salesforce&..._status=fail`` means "a failed
Salesforce reference", not "some Salesforce reference and some failed one"). The first of them
present in a request speaks for the group with one EXISTS; the others add nothing of their own.
``has_external_references`` and ``without_external_reference_service_name`` stand alone.

Text comparisons are exact: letter case and every character count.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, exists

from roster.models import ExternalReference, User
from roster.query import kinds
from roster.query.declarations import Clause, Filter, FilterContext
from roster.query.operators import either, with_value

STATUSES = ("successful", "fail")


def _reference_of_user(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(
        ExternalReference.subject_type == "User",
        ExternalReference.subject_id == User.id,
        *conditions,
    )


# What each parameter of the group asks of the one reference row.
_ROW_CONDITIONS: dict[str, Callable[[Any], ColumnElement[bool]]] = {
    "external_reference_external_message": lambda v: ExternalReference.external_message == v,
    "external_reference_external_status": lambda v: ExternalReference.external_status == v,
    "external_reference_service_model": lambda v: ExternalReference.service_model == v,
    "external_reference_service_model_ref": lambda v: ExternalReference.service_model_ref == v,
    "external_reference_service_model_refs": lambda v: ExternalReference.service_model_ref.in_(v),
    "external_reference_service_name": lambda v: ExternalReference.service_name == v,
    "external_reference_status": lambda v: ExternalReference.status == v,
}


def _same_reference(name: str) -> Clause:
    """The clause of one group member: the group's single EXISTS, or nothing if another leads."""

    def clause(_value: Any, ctx: FilterContext) -> ColumnElement[bool] | None:
        present = [member for member in _ROW_CONDITIONS if member in ctx.values]
        if present[0] != name:
            return None
        return _reference_of_user(
            *(_ROW_CONDITIONS[member](ctx.values[member]) for member in present)
        )

    return clause


_SAME_ROW = (
    " Combined with the other external_reference_* filters, all must hold for one reference."
)

FILTERS: tuple[Filter, ...] = (
    Filter(
        "external_reference_external_message",
        kinds.TEXT,
        _same_reference("external_reference_external_message"),
        "Users with an external reference whose external message is exactly this text." + _SAME_ROW,
        "Synced",
    ),
    Filter(
        "external_reference_external_status",
        kinds.TEXT,
        _same_reference("external_reference_external_status"),
        "Users with an external reference whose status in the external system is exactly "
        "this text." + _SAME_ROW,
        "active",
    ),
    Filter(
        "external_reference_service_model",
        kinds.TEXT,
        _same_reference("external_reference_service_model"),
        "Users with an external reference to an external object of this type (exact)." + _SAME_ROW,
        "Contact",
    ),
    Filter(
        "external_reference_service_model_ref",
        kinds.TEXT,
        _same_reference("external_reference_service_model_ref"),
        "Users with an external reference to the external object with this id. Kantata "
        "documents an integer; ids are stored and compared as exact strings, so any id is "
        "accepted and '007' does not match '7'." + _SAME_ROW,
        "12345",
    ),
    Filter(
        "external_reference_service_model_refs",
        kinds.text_list(max_items=200, example="1,2"),
        _same_reference("external_reference_service_model_refs"),
        "Users with an external reference to any of these external object ids: a comma "
        "list of up to 200, compared as exact strings." + _SAME_ROW,
        "12345,12346",
    ),
    Filter(
        "external_reference_service_name",
        kinds.TEXT,
        _same_reference("external_reference_service_name"),
        "Users with an external reference from this integration provider (exact)." + _SAME_ROW,
        "salesforce",
    ),
    Filter(
        "external_reference_status",
        kinds.enum(*STATUSES),
        _same_reference("external_reference_status"),
        "Users with an external reference whose integration status is successful or fail "
        "(letter case ignored; any other value is a 400)." + _SAME_ROW,
        "fail",
    ),
    Filter(
        "has_external_references",
        kinds.BOOLEAN,
        either(lambda _ctx: _reference_of_user()),
        "true: only users with at least one external reference; false: only users with none.",
        "true",
    ),
    Filter(
        "without_external_reference_service_name",
        kinds.TEXT,
        with_value(lambda name, _ctx: ~_reference_of_user(ExternalReference.service_name == name)),
        "Users with no external reference from this integration provider (exact name); "
        "users with no reference at all are kept.",
        "salesforce",
    ),
)
