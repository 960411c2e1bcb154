"""Everything that exists before the first person: accounts, roles, skills, organizations,
custom fields, workweeks and holiday calendars, and the lookups later phases need."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from roster.models import WEEKDAY_COLUMNS
from roster.synth.draw import Weighted, choice
from roster.synth.names import NameBook, ascii_slug, short_company_name
from roster.synth.plan import Plan
from roster.synth.rows import Chunk, Ids, Row
from roster.synth.timeline import FOUNDED, REFERENCE, Timeline, between
from roster.synth.vocabulary import (
    COMMON_HOLIDAYS,
    CUSTOM_FIELDS,
    CUSTOM_WORKWEEKS,
    DEPARTMENTS,
    NATIONAL_HOLIDAYS,
    OFFICES,
    RETIRED_ROLES,
    SKILL_CATEGORIES,
    STANDARD_WEEK,
    CustomFieldSpec,
    Department,
    Office,
)

HOST_ACCOUNT_ID = 1
_PARTNER_SUFFIXES = ("Digital", "Studio", "Labs", "Partners", "Analytics", "Collective")
_PARTNER_ROLES = ("Contractor", "Specialist", "Partner Lead")
_ORG_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")


@dataclass(frozen=True, slots=True)
class DepartmentIds:
    spec: Department
    org_id: int
    team_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class FieldIds:
    spec: CustomFieldSpec
    field_id: int
    choice_ids: tuple[int, ...]


@dataclass
class Catalog:
    client_ids: list[int] = field(default_factory=list)
    partner_ids: list[int] = field(default_factory=list)
    client_timeline: Timeline = field(default_factory=lambda: Timeline(1))
    partner_timeline: Timeline = field(default_factory=lambda: Timeline(1))
    domain: dict[int, str] = field(default_factory=dict)
    office: dict[int, Office] = field(default_factory=dict)
    short_name: dict[int, str] = field(default_factory=dict)
    role_ids: dict[str, int] = field(default_factory=dict)  # active host roles by name
    partner_role_ids: dict[int, list[int]] = field(default_factory=dict)
    skills: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # (id, max_level)
    skill_names: dict[int, str] = field(default_factory=dict)
    departments: list[DepartmentIds] = field(default_factory=list)
    geography_ids: dict[str, int] = field(default_factory=dict)  # by country code
    user_fields: list[FieldIds] = field(default_factory=list)
    workspace_fields: list[FieldIds] = field(default_factory=list)
    default_workweek_id: int = 0
    custom_workweek_ids: list[int] = field(default_factory=list)
    calendar_ids: dict[str, int] = field(default_factory=dict)  # by country code
    company_calendar_id: int = 0


class CatalogBuilder:
    def __init__(self, rng: random.Random, plan: Plan, names: NameBook, ids: Ids) -> None:
        self.rng = rng
        self.plan = plan
        self.names = names
        self.ids = ids
        self.catalog = Catalog()
        self.chunk = Chunk(phase="Accounts")
        self._offices = Weighted(OFFICES, [office.weight for office in OFFICES])

    def build(self) -> tuple[Catalog, Chunk]:
        self._accounts()
        self._roles()
        self._skills()
        self._organizations()
        self._custom_fields()
        self._workweeks()
        self._holidays()
        return self.catalog, self.chunk

    def _stamp(self, created: dt.datetime) -> Row:
        return {"created_at": created, "updated_at": between(self.rng, created, REFERENCE)}

    def _accounts(self) -> None:
        plan = self.plan
        host = self.names.host_name()
        clients = self.names.companies(plan.client_accounts, taken=[host])
        partners = [
            f"{name} {choice(self.rng, _PARTNER_SUFFIXES)}"
            for name in self.names.companies(plan.partner_accounts, taken=[host, *clients])
        ]
        # Clients and partners each join over the whole history, in id order (see Timeline).
        self.catalog.client_timeline = Timeline(len(clients))
        self.catalog.partner_timeline = Timeline(len(partners))
        for index, name in enumerate([host, *clients, *partners]):
            account_id = self.ids.next("accounts")
            office = OFFICES[0] if account_id == HOST_ACCOUNT_ID else self._offices(self.rng)
            fake = self.names.fakers[office.locale]
            domain = f"{ascii_slug(name)}.example"
            self.catalog.domain[account_id] = domain
            self.catalog.office[account_id] = office
            self.catalog.short_name[account_id] = short_company_name(name)
            if 0 < index <= len(clients):
                self.catalog.client_ids.append(account_id)
                created = self.catalog.client_timeline.created(index)
            elif index > len(clients):
                self.catalog.partner_ids.append(account_id)
                created = self.catalog.partner_timeline.created(index - len(clients))
            else:
                created = FOUNDED
            self.chunk.add(
                "accounts",
                {
                    "id": account_id,
                    "name": name,
                    "website": f"https://www.{domain}",
                    "email": f"hello@{domain}",
                    "phone": fake.phone_number(),
                    "address": fake.street_address(),
                    "city": office.city,
                    "state": office.state,
                    "country_code": office.country_code,
                    "zip": fake.postcode(),
                    "logo_url": f"https://www.{domain}/logo.png" if index == 0 else None,
                    **self._stamp(created),
                },
            )

    def _role(self, account_id: int, name: str, deleted: bool = False) -> int:
        role_id = self.ids.next("roles")
        stamp = self._stamp(between(self.rng, FOUNDED, FOUNDED + dt.timedelta(days=365)))
        self.chunk.add(
            "roles",
            {
                "id": role_id,
                "account_id": account_id,
                "name": name,
                "deleted_at": stamp["updated_at"] if deleted else None,
                **stamp,
            },
        )
        return role_id

    def _roles(self) -> None:
        for department in DEPARTMENTS:
            for title in department.titles:
                self.catalog.role_ids[title] = self._role(HOST_ACCOUNT_ID, title)
        for name in RETIRED_ROLES:
            self._role(HOST_ACCOUNT_ID, name, deleted=True)
        for account_id in self.catalog.partner_ids:
            self.catalog.partner_role_ids[account_id] = [
                self._role(account_id, name) for name in _PARTNER_ROLES
            ]

    def _skills(self) -> None:
        for category in SKILL_CATEGORIES:
            category_id = self.ids.next("skill_categories")
            stamp = self._stamp(between(self.rng, FOUNDED, FOUNDED + dt.timedelta(days=900)))
            self.chunk.add(
                "skill_categories",
                {"id": category_id, "account_id": HOST_ACCOUNT_ID, "name": category.name, **stamp},
            )
            skills = self.catalog.skills.setdefault(category.name, [])
            for name in category.skills:
                skill_id = self.ids.next("skills")
                skills.append((skill_id, category.max_level))
                self.catalog.skill_names[skill_id] = name
                self.chunk.add(
                    "skills",
                    {
                        "id": skill_id,
                        "account_id": HOST_ACCOUNT_ID,
                        "skill_category_id": category_id,
                        "name": name,
                        "description": f"{name} ({category.name.lower()})",
                        "max_level": category.max_level,
                        **self._stamp(stamp["created_at"]),
                    },
                )

    def _organization(self, name: str, kind: str, parent_id: int | None) -> int:
        org_id = self.ids.next("organizations")
        self.chunk.add(
            "organizations",
            {
                "id": org_id,
                "account_id": HOST_ACCOUNT_ID,
                "parent_id": parent_id,
                "name": name,
                "kind": kind,
                "color": _ORG_COLORS[org_id % len(_ORG_COLORS)],
                **self._stamp(between(self.rng, FOUNDED, FOUNDED + dt.timedelta(days=2_000))),
            },
        )
        return org_id

    def _organizations(self) -> None:
        for department in DEPARTMENTS:
            parent = self._organization(department.name, "department", None)
            teams = tuple(self._organization(t, "department", parent) for t in department.teams)
            self.catalog.departments.append(DepartmentIds(department, parent, teams))
        regions: dict[str, int] = {}
        for office in OFFICES:
            if office.region not in regions:
                regions[office.region] = self._organization(office.region, "geography", None)
            if office.country_code not in self.catalog.geography_ids:
                self.catalog.geography_ids[office.country_code] = self._organization(
                    office.country, "geography", regions[office.region]
                )

    def _custom_fields(self) -> None:
        for spec in CUSTOM_FIELDS:
            field_id = self.ids.next("custom_fields")
            stamp = self._stamp(between(self.rng, FOUNDED, REFERENCE - dt.timedelta(days=400)))
            self.chunk.add(
                "custom_fields",
                {
                    "id": field_id,
                    "account_id": HOST_ACCOUNT_ID,
                    "name": spec.name,
                    "subject_type": spec.subject_type,
                    "value_type": spec.value_type,
                    "view_permission": spec.view_permission,
                    "edit_permission": spec.edit_permission,
                    "currency": spec.currency,
                    **stamp,
                },
            )
            choice_ids = []
            for label in spec.choices:
                choice_id = self.ids.next("custom_field_choices")
                choice_ids.append(choice_id)
                self.chunk.add(
                    "custom_field_choices",
                    {"id": choice_id, "custom_field_id": field_id, "label": label, **stamp},
                )
            ids = FieldIds(spec, field_id, tuple(choice_ids))
            target = self.catalog.user_fields
            if spec.subject_type != "User":
                target = self.catalog.workspace_fields
            target.append(ids)

    def _workweek(
        self, account_id: int, title: str, minutes: tuple[int, ...], default: bool
    ) -> int:
        workweek_id = self.ids.next("workweeks")
        created = FOUNDED if default else between(self.rng, FOUNDED, REFERENCE)
        self.chunk.add(
            "workweeks",
            {
                "id": workweek_id,
                "account_id": account_id,
                "title": title,
                "start_date": created.date(),
                "default": default,
                **dict(zip(WEEKDAY_COLUMNS, minutes, strict=True)),
                **self._stamp(created),
            },
        )
        return workweek_id

    def _workweeks(self) -> None:
        self.catalog.default_workweek_id = self._workweek(
            HOST_ACCOUNT_ID, "Standard", STANDARD_WEEK, default=True
        )
        for title, minutes in CUSTOM_WORKWEEKS:
            custom = self._workweek(HOST_ACCOUNT_ID, title, minutes, default=False)
            self.catalog.custom_workweek_ids.append(custom)
        for account_id in self.catalog.partner_ids:
            self._workweek(account_id, "Standard", STANDARD_WEEK, default=True)

    def _calendar(self, name: str, holidays: list[tuple[str, dt.date, dt.date, bool]]) -> int:
        calendar_id = self.ids.next("holiday_calendars")
        stamp = self._stamp(between(self.rng, FOUNDED, REFERENCE - dt.timedelta(days=700)))
        self.chunk.add(
            "holiday_calendars",
            {"id": calendar_id, "account_id": HOST_ACCOUNT_ID, "name": name, **stamp},
        )
        for holiday, start, end, paid in holidays:
            self.chunk.add(
                "holidays",
                {
                    "id": self.ids.next("holidays"),
                    "holiday_calendar_id": calendar_id,
                    "name": holiday,
                    "start_date": start,
                    "end_date": end,
                    "paid": paid,
                    **stamp,
                },
            )
        return calendar_id

    def _holidays(self) -> None:
        years = range(REFERENCE.year - 1, REFERENCE.year + 2)
        countries = {office.country_code: office.country for office in OFFICES}
        for code, country in countries.items():
            fixed = (*COMMON_HOLIDAYS, *NATIONAL_HOLIDAYS.get(code, ()))
            days = [
                (name, dt.date(year, month, day), dt.date(year, month, day), True)
                for year in years
                for name, month, day in fixed
            ]
            self.catalog.calendar_ids[code] = self._calendar(f"{country} Holidays", days)
        company = []
        for year in years:
            company.append(
                ("Year-end Shutdown", dt.date(year, 12, 24), dt.date(year + 1, 1, 1), True)
            )
            company.append(("Volunteer Day", dt.date(year, 6, 12), dt.date(year, 6, 12), False))
        self.catalog.company_calendar_id = self._calendar("Company Calendar", company)
