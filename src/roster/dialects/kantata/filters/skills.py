"""Filters on skills and proficiency levels."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, not_, or_

from roster.models import SkillMembership
from roster.query import kinds
from roster.query.declarations import Filter, FilterContext
from roster.query.kinds import InvalidValue
from roster.query.operators import related, with_value

SKILLS_FORMAT = (
    "a skill set such as {'12':[3,4],'15':[],'operation':'or'}: skill ids as keys, each with a "
    "list of levels (an empty list means any level), and an optional operation 'and' (the "
    "default) or 'or'"
)


@dataclass(frozen=True)
class SkillSet:
    levels: tuple[tuple[int, tuple[int, ...]], ...]  # (skill id, accepted levels; () = any)
    operation: str  # "and" | "or"


# Kantata documents the value with single quotes, and clients send it with either quote, with
# unquoted keys or words, or as a JSON object in the body (which arrives here as Python's repr).
_BARE_KEY = re.compile(r"([{,]\s*)([A-Za-z_]\w*|\d+)(\s*:)")
_BARE_WORD = re.compile(r"(:\s*)(and|or)(\s*[,}])", re.IGNORECASE)


def _as_json(raw: str) -> Any:
    text = raw.strip().replace("'", '"')
    text = _BARE_KEY.sub(r'\1"\2"\3', text)
    text = _BARE_WORD.sub(r'\1"\2"\3', text)
    return json.loads(text)


def _level(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        level = value
    elif isinstance(value, str) and re.fullmatch(r"\d{1,9}", value.strip()):
        level = int(value)
    else:
        raise ValueError
    if level < 0:
        raise ValueError
    return level


def _levels(value: Any) -> tuple[int, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(dict.fromkeys(_level(item) for item in value))
    return (_level(value),)  # a lone level stands for a list of one


# Long enough for hundreds of skills; bounds the work a single parameter can ask for.
MAX_SKILL_SET_LENGTH = 10_000


def parse_skill_set(raw: str) -> SkillSet:
    if len(raw) > MAX_SKILL_SET_LENGTH:
        raise InvalidValue(f"{SKILLS_FORMAT}, at most {MAX_SKILL_SET_LENGTH} characters long")
    try:
        parsed = _as_json(raw)
        if not isinstance(parsed, dict):
            raise ValueError
        operation = str(parsed.pop("operation", "") or "and").strip().lower()
        if operation not in {"and", "or"}:
            raise ValueError
        levels = []
        for key, value in parsed.items():
            if not re.fullmatch(r"\d{1,18}", str(key).strip()):
                raise ValueError
            levels.append((int(key), _levels(value)))
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError; deep nesting recurses
        raise InvalidValue(f"{SKILLS_FORMAT}; got {raw!r}") from None
    if not levels:
        raise InvalidValue(f"{SKILLS_FORMAT}, with at least one skill; got {raw!r}")
    return SkillSet(tuple(levels), operation)


def _has_skill(skill_id: int, levels: tuple[int, ...]) -> ColumnElement[bool]:
    conditions = [SkillMembership.skill_id == skill_id]
    if levels:
        conditions.append(SkillMembership.level.in_(levels))
    return related(SkillMembership, *conditions)


def _with_skills(skills: SkillSet, _ctx: FilterContext) -> ColumnElement[bool]:
    combine = and_ if skills.operation == "and" else or_
    return combine(*(_has_skill(skill_id, levels) for skill_id, levels in skills.levels))


def _without_skills(skill_ids: tuple[int, ...], _ctx: FilterContext) -> ColumnElement[bool]:
    return not_(related(SkillMembership, SkillMembership.skill_id.in_(skill_ids)))


SKILL_SET = kinds.grammar(
    parse_skill_set,
    pattern="{'skill_id':[level,level],'skill_id':[],'operation':'and'|'or'}",
    example="{'12':[3,4],'15':[],'operation':'or'}",
)


FILTERS: tuple[Filter, ...] = (
    Filter(
        "with_skills",
        SKILL_SET,
        with_value(_with_skills),
        "Users with a set of skills at given levels, as "
        "{'skill_id':[level,level],'skill_id':[],'operation':'and'|'or'}. Single or double "
        "quotes; a skill with an empty level list matches any level; operation 'and' (the "
        "default) needs every skill, 'or' any of them.",
        "{'12':[3,4],'15':[],'operation':'or'}",
    ),
    Filter(
        "without_skills",
        kinds.id_list(),
        with_value(_without_skills),
        "Only users who have none of these skills, at any level.",
        "12,15",
    ),
)
