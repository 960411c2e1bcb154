"""The eight associations a Kantata user can sideload, declared with their loaders.

Each loader runs a fixed number of statements for the whole page. ``manager`` goes through the
visibility policy like any people query, with the request's own reach (``on_my_account``,
``show_disabled``...): a manager the same request could not have listed is neither sideloaded nor
named (``manager_id`` is null). The same holds for every other id that names a user in an
included record (an account membership's ``manager_id``, a skill membership's ``creator_id``, a
custom field value's ``setter_id``): a user out of the request's reach reads as null.
``custom_field_values`` holds only values of the requester's own account's fields that their
permission may view (administrators: all of their account's fields). An account membership's
rates are shown only to members of its own account, as Teamwork shows ``userRate``/``userCost``
only within the owner company: another account's rates are its private business.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from roster.dialects.formats import date, timestamp
from roster.dialects.kantata.presenter import PLAIN_USER_COLUMNS, id_str, present_user
from roster.models import PERMISSION_RANK
from roster.people import related
from roster.people.repository import people_by_ids
from roster.people.visibility import visible_user_ids
from roster.query.declarations import Include, IncludeContext, IncludeResult


def _at_least(m: Any, lowest: str) -> bool:
    # The is_project_lead / can_view_reports filters' rule: that rank or above, or an administrator.
    return bool(m.is_administrator) or PERMISSION_RANK[m.permission] >= PERMISSION_RANK[lowest]


def _membership(m: Any, viewer_account_id: int | None) -> dict[str, Any]:
    own_account = m.account_id == viewer_account_id
    return {
        "id": str(m.id),
        "account_id": str(m.account_id),
        "user_id": str(m.user_id),
        "default_role_id": id_str(m.default_role_id),
        "manager_id": id_str(m.manager_id),
        "permission": m.permission,
        "is_administrator": m.is_administrator,
        "is_owner": m.is_owner,
        "is_project_lead": _at_least(m, "project_lead"),
        "can_view_reports": _at_least(m, "reports_viewer"),
        "collaborator_only_license": m.collaborator_only_license,
        "bill_rate_in_cents": m.bill_rate_in_cents if own_account else None,
        "cost_rate_in_cents": m.cost_rate_in_cents if own_account else None,
        "billability_target": m.billability_target,
        "disabled_at": timestamp(m.disabled_at),
        "created_at": timestamp(m.created_at),
        "updated_at": timestamp(m.updated_at),
    }


def load_account_membership(
    session: Session, ctx: IncludeContext, user_ids: Sequence[int]
) -> IncludeResult:
    rows = related.memberships_as_seen(session, user_ids, ctx.requester, ctx.visibility)
    viewer_account_id = ctx.requester.account_id
    return IncludeResult(
        key="account_memberships",
        links={row.user_id: str(row.id) for row in rows},
        records={str(row.id): _membership(row, viewer_account_id) for row in rows},
    )


def load_role(session: Session, _ctx: IncludeContext, user_ids: Sequence[int]) -> IncludeResult:
    links: dict[int, str] = {}
    records: dict[str, dict[str, Any]] = {}
    # A page's people share a handful of roles: each is written out once.
    for row in related.roles_of(session, user_ids):
        role_id = links[row.user_id] = str(row.id)
        if role_id not in records:
            records[role_id] = {
                "id": role_id,
                "name": row.name,
                "created_at": timestamp(row.created_at),
                "updated_at": timestamp(row.updated_at),
                "deleted_at": timestamp(row.deleted_at),
            }
    return IncludeResult(key="roles", links=links, records=records)


def _many(rows: Sequence[tuple[int, str]]) -> dict[int, list[str]]:
    links: dict[int, list[str]] = defaultdict(list)
    for user_id, record_id in rows:
        links[user_id].append(record_id)
    return links


def _skill(seat: Any) -> dict[str, Any]:
    """The skill of a skill membership row (``related.skill_memberships``)."""
    return {
        "id": str(seat.skill_id),
        "name": seat.skill_name,
        "description": seat.skill_description,
        "max_level": seat.skill_max_level,
        "skill_category_id": id_str(seat.skill_category_id),
        "created_at": timestamp(seat.skill_created_at),
        "updated_at": timestamp(seat.skill_updated_at),
    }


def load_skill_memberships(
    session: Session, ctx: IncludeContext, user_ids: Sequence[int]
) -> IncludeResult:
    rows = related.skill_memberships(session, user_ids, ctx.requester, ctx.visibility)
    return IncludeResult(
        key="skill_memberships",
        links=_many([(r.user_id, str(r.id)) for r in rows]),
        records={
            str(r.id): {
                "id": str(r.id),
                "user_id": str(r.user_id),
                "skill_id": str(r.skill_id),
                "creator_id": id_str(r.creator_id),
                "level": r.level,
                "max_level": r.skill_max_level,
                "cached_skill_name": r.skill_name,
                "created_at": timestamp(r.created_at),
                "updated_at": timestamp(r.updated_at),
            }
            for r in rows
        },
    )


def load_skills(session: Session, ctx: IncludeContext, user_ids: Sequence[int]) -> IncludeResult:
    rows = related.skill_memberships(session, user_ids, ctx.requester, ctx.visibility)
    return IncludeResult(
        key="skills",
        links=_many([(r.user_id, str(r.skill_id)) for r in rows]),
        records={str(r.skill_id): _skill(r) for r in rows},
    )


def load_work_samples(
    session: Session, _ctx: IncludeContext, user_ids: Sequence[int]
) -> IncludeResult:
    rows = related.work_samples(session, user_ids)
    return IncludeResult(
        key="work_samples",
        links=_many([(w.user_id, str(w.id)) for w in rows]),
        records={
            str(w.id): {
                "id": str(w.id),
                "title": w.title,
                "description": w.description,
                "website_url": w.website_url,
                "attachment_id": id_str(w.attachment_id),
                "created_at": timestamp(w.created_at),
                "updated_at": timestamp(w.updated_at),
            }
            for w in rows
        },
    )


def present_external_reference(ref: Any) -> dict[str, Any]:
    return {
        "id": str(ref.id),
        "subject_type": ref.subject_type,
        "subject_id": ref.subject_id,
        "subject_ref": {"key": "users", "id": str(ref.subject_id)},
        "service_name": ref.service_name,
        "service_model": ref.service_model,
        "service_model_ref": ref.service_model_ref,
        "status": ref.status,
        "external_status": ref.external_status,
        "external_message": ref.external_message,
        "external_link": ref.external_link,
        "locked": ref.locked,
        "last_synced_at": timestamp(ref.last_synced_at),
        "created_at": timestamp(ref.created_at),
        "updated_at": timestamp(ref.updated_at),
    }


def load_external_references(
    session: Session, _ctx: IncludeContext, user_ids: Sequence[int]
) -> IncludeResult:
    rows = related.external_references(session, "User", user_ids)
    return IncludeResult(
        key="external_references",
        links=_many([(r.subject_id, str(r.id)) for r in rows]),
        records={str(r.id): present_external_reference(r) for r in rows},
    )


def _custom_value(value: Any, choice_ids: list[str]) -> dict[str, Any]:
    """A value row of ``related.viewable_custom_field_values``, with its field's columns."""
    raw: Any
    kind = value.field_value_type
    if kind in {"number", "currency"}:
        raw = None if value.value_number is None else float(value.value_number)
        display = None if raw is None else f"{raw:g}"
        if kind == "currency" and raw is not None:
            display = f"{raw:.2f} {value.currency or value.field_currency or ''}".strip()
    elif kind == "date":
        raw = date(value.value_date)
        display = raw
    elif kind in {"single", "multi"}:
        raw = choice_ids
        display = None
    else:
        raw = value.value_text
        display = value.value_text
    return {
        "id": str(value.id),
        "custom_field_id": str(value.custom_field_id),
        "custom_field_name": value.field_name,
        "type": kind,
        "value": raw,
        "display_value": display,
        "selected_choice_ids": choice_ids,
        "currency": value.currency if kind == "currency" else None,
        "subject_type": value.subject_type,
        "subject_id": value.subject_id,
        "subject_ref": {"key": "users", "id": str(value.subject_id)},
        "setter_id": id_str(value.setter_id),
        "account_id": value.field_account_id,
        "created_at": timestamp(value.created_at),
        "updated_at": timestamp(value.updated_at),
    }


def load_custom_field_values(
    session: Session, ctx: IncludeContext, user_ids: Sequence[int]
) -> IncludeResult:
    rows = related.viewable_custom_field_values(session, user_ids, ctx.requester, ctx.visibility)
    choices = _many(
        [
            (r.custom_field_value_id, str(r.choice_id))
            for r in related.selected_choices(session, [r.id for r in rows])
        ]
    )
    return IncludeResult(
        key="custom_field_values",
        links=_many([(r.subject_id, str(r.id)) for r in rows]),
        records={str(r.id): _custom_value(r, choices.get(r.id, [])) for r in rows},
    )


def load_manager(session: Session, ctx: IncludeContext, user_ids: Sequence[int]) -> IncludeResult:
    wanted = {row.user_id: row.manager_id for row in related.managers_of(session, user_ids)}
    visible = visible_user_ids(ctx.requester, ctx.visibility)
    managers = people_by_ids(session, list(wanted.values()), [visible], PLAIN_USER_COLUMNS)
    seen = {row.id: row for row in managers}
    return IncludeResult(
        key="users",
        links={uid: str(mid) for uid, mid in wanted.items() if mid in seen},
        records={str(row.id): present_user(row._mapping, ctx.base_url) for row in managers},
    )


USER_INCLUDES: tuple[Include, ...] = (
    Include(
        "account_membership",
        "account_memberships",
        "account_membership_id",
        load_account_membership,
        "The user's account membership.",
    ),
    Include(
        "custom_field_values",
        "custom_field_values",
        "custom_field_value_ids",
        load_custom_field_values,
        "Custom field values the requester may view.",
    ),
    Include(
        "external_references",
        "external_references",
        "external_reference_ids",
        load_external_references,
        "References to external integrations.",
    ),
    Include(
        "manager",
        "users",
        "manager_id",
        load_manager,
        "The user's manager, when visible to the requester; lands in the users key.",
    ),
    Include("role", "roles", "role_id", load_role, "The user's account role."),
    Include(
        "skill_memberships",
        "skill_memberships",
        "skill_membership_ids",
        load_skill_memberships,
        "Skills assigned to the user, with proficiency levels.",
    ),
    Include("skills", "skills", "skill_ids", load_skills, "The user's skills."),
    Include(
        "work_samples",
        "work_samples",
        "work_sample_ids",
        load_work_samples,
        "The user's portfolio items.",
    ),
)
