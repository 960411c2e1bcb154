"""Everything hanging off one person: skills, teams, custom field values, external references,
contact list entries and portfolio work samples (capacity is in availability.py)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from roster.synth.availability import AvailabilityGenerator
from roster.synth.catalog import Catalog, FieldIds
from roster.synth.draw import Showcase, Weighted, choice, randint, sample_distinct
from roster.synth.files import FileMaker, storage_key
from roster.synth.names import ascii_slug
from roster.synth.people import Kind, Person
from roster.synth.population import Population
from roster.synth.rows import Chunk, Ids, Row
from roster.synth.timeline import REFERENCE, REFERENCE_S, at, between, moment
from roster.synth.vocabulary import (
    DEPARTMENTS,
    EMPLOYMENT_WEIGHTS,
    EXTERNAL_SERVICES,
    PROJECT_KINDS,
    SYNC_FAILURES,
    ExternalService,
)

_SKILL_COUNTS = Weighted(range(8), (8, 12, 18, 20, 16, 12, 8, 6))
_HR_SERVICES = tuple(s for s in EXTERNAL_SERVICES if s.name != "salesforce")
_CRM_SERVICE = next(s for s in EXTERNAL_SERVICES if s.name == "salesforce")
_SYNC_STATUSES = Weighted(("successful", "fail", None), (85, 10, 5))
_DAY = dt.timedelta(days=1)


class ProfileGenerator:
    def __init__(
        self,
        rng: random.Random,
        catalog: Catalog,
        population: Population,
        ids: Ids,
        files: FileMaker,
        names: list[tuple[str, str]],
    ) -> None:
        self.rng = rng
        self.catalog = catalog
        self.population = population
        self.ids = ids
        self.files = files
        self.emergency_names = names
        self.employment = Weighted(range(len(EMPLOYMENT_WEIGHTS)), EMPLOYMENT_WEIGHTS)
        self.showcase = Showcase(rng)
        self.availability = AvailabilityGenerator(rng, catalog, ids)

    def extend(self, person: Person, chunk: Chunk) -> None:
        kind = person.kind
        if kind in (Kind.OWNER, Kind.HOST):
            skills = self._skills(person, chunk)
            self._teams(person, chunk)
            self._custom_field_values(person, chunk)
            self._external_references(person, chunk, _HR_SERVICES, 0.15, "hr_references")
            self.availability.workweeks(person, chunk)
            self.availability.holiday_calendars(person, chunk)
            if person.active:
                self.availability.time_off(person, chunk)
            if self.showcase.wants("work_samples", 0.05):
                self._work_samples(person, chunk)
            self._bio(person, skills)
        elif kind is Kind.CLIENT:
            self._external_references(person, chunk, (_CRM_SERVICE,), 0.2, "crm_references")
        elif kind is Kind.PLACEHOLDER:
            self._skills(person, chunk)
        if kind is not Kind.SERVICE and self.showcase.wants("contacts", 0.35):
            self._contact_list(person, chunk)

    def _stamp(self, person: Person) -> Row:
        created = at(moment(self.rng, person.since, REFERENCE_S))
        return {"created_at": created, "updated_at": created}

    def _skills(self, person: Person, chunk: Chunk) -> list[str]:
        rng = self.rng
        department = DEPARTMENTS[person.department]
        chosen: dict[int, int] = {}
        for _ in range(self.showcase.count("skills", _SKILL_COUNTS(rng))):
            roll = rng.random()
            if roll < 0.75:
                category = choice(rng, department.skill_categories)
            else:
                category = "Languages" if roll < 0.9 else "Certifications"
            skill_id, max_level = choice(rng, self.catalog.skills[category])
            chosen[skill_id] = max_level
        stamp = self._stamp(person)  # a profile is filled in at one sitting
        for skill_id, max_level in chosen.items():
            level = None if rng.random() < 0.04 else randint(rng, 1, max_level)
            creator = person.manager_id if person.manager_id and rng.random() < 0.3 else person.id
            chunk.add(
                "skill_memberships",
                {
                    "id": self.ids.next("skill_memberships"),
                    "user_id": person.id,
                    "skill_id": skill_id,
                    "creator_id": creator,
                    "level": level,
                    **stamp,
                },
            )
        self.showcase.shown("skills")
        return [self.catalog.skill_names[skill_id] for skill_id in chosen]

    def _teams(self, person: Person, chunk: Chunk) -> None:
        rng = self.rng
        department = self.catalog.departments[person.department]
        org_ids = []
        if rng.random() < 0.97:
            team = rng.random() < 0.75 and department.team_ids
            org_ids.append(choice(rng, department.team_ids) if team else department.org_id)
        if person.office is not None and rng.random() < 0.95:
            org_ids.append(self.catalog.geography_ids[person.office.country_code])
        stamp = self._stamp(person)
        for org_id in org_ids:
            chunk.add(
                "organization_memberships",
                {
                    "id": self.ids.next("organization_memberships"),
                    "organization_id": org_id,
                    "user_id": person.id,
                    **stamp,
                },
            )

    def _custom_field_values(self, person: Person, chunk: Chunk) -> None:
        rng = self.rng
        for field in self.catalog.user_fields:
            feature = f"field {field.field_id}"
            if not self.showcase.wants(feature, field.spec.fill_rate):
                continue
            self.showcase.shown(feature)
            value_id = self.ids.next("custom_field_values")
            row = {
                "id": value_id,
                "custom_field_id": field.field_id,
                "subject_type": "User",
                "subject_id": person.id,
                "value_text": None,
                "value_number": None,
                "value_date": None,
                "currency": None,
                "setter_id": person.manager_id if rng.random() < 0.5 else person.id,
                **self._stamp(person),
            }
            self._fill_value(person, field, row, value_id, chunk)
            chunk.add("custom_field_values", row)

    def _fill_value(
        self, person: Person, field: FieldIds, row: Row, value_id: int, chunk: Chunk
    ) -> None:
        rng = self.rng
        spec = field.spec
        if spec.value_type == "string":
            if spec.name == "Employee ID":
                row["value_text"] = f"E{person.id:07d}"
            else:
                first, last = choice(rng, self.emergency_names)
                row["value_text"] = f"{first} {last}, +1 555 01{rng.randrange(100):02d}"
        elif spec.value_type == "text":
            row["value_text"] = f"Grow towards a {choice(rng, DEPARTMENTS).titles[-1]} role."
        elif spec.value_type == "number":
            row["value_number"] = Decimal(randint(rng, 0, 30))
        elif spec.value_type == "currency":
            row["value_number"] = Decimal(rng.randrange(40_000, 250_000, 500)) / 100
            row["currency"] = spec.currency
        elif spec.value_type == "date":
            row["value_date"] = (REFERENCE + randint(rng, -60, 540) * _DAY).date()
        else:
            if spec.name == "Employment Type":
                # Agrees with the user's classification (Employee or Contractor).
                contractor = person.row is not None and person.row["classification"] == "Contractor"
                index = spec.choices.index("Contractor") if contractor else self.employment(rng)
                picked = [field.choice_ids[index]]
            elif spec.value_type == "single":
                picked = [choice(rng, field.choice_ids)]
            else:
                picked = rng.sample(field.choice_ids, randint(rng, 1, 3))
            for choice_id in picked:
                chunk.add(
                    "custom_field_value_choices",
                    {"custom_field_value_id": value_id, "choice_id": choice_id},
                )

    def _external_references(
        self,
        person: Person,
        chunk: Chunk,
        services: tuple[ExternalService, ...],
        odds: float,
        feature: str,
    ) -> None:
        rng = self.rng
        if not self.showcase.wants(feature, odds):
            return
        self.showcase.shown(feature)
        count = 1 if len(services) == 1 or rng.random() < 0.8 else 2
        for service in rng.sample(services, count):
            status = _SYNC_STATUSES(rng)
            remote_id = str(rng.randrange(10_000, 999_999_999))
            synced = at(moment(rng, person.since, REFERENCE_S))
            chunk.add(
                "external_references",
                {
                    "id": self.ids.next("external_references"),
                    "subject_type": "User",
                    "subject_id": person.id,
                    "service_name": service.name,
                    "service_model": service.model,
                    "service_model_ref": remote_id,
                    "status": status,
                    "external_status": {"successful": "synced", "fail": "error"}.get(
                        status or "", "pending"
                    ),
                    "external_message": choice(rng, SYNC_FAILURES) if status == "fail" else None,
                    "external_link": service.link.format(remote_id),
                    "locked": rng.random() < 0.05,
                    "last_synced_at": synced if status else None,
                    "created_at": between(rng, person.created, synced),
                    "updated_at": synced,
                },
            )

    def _contact_list(self, person: Person, chunk: Chunk) -> None:
        population = self.population
        if person.kind in (Kind.CLIENT, Kind.PARTNER) and person.account_id is not None:
            pool = population.account_pool(person.account_id)
        else:
            pool = population.host
        stamp = self._stamp(person)
        # Pools hold people created so far, so every contact is someone who already exists.
        for contact_id in sample_distinct(self.rng, pool, randint(self.rng, 1, 4)):
            if contact_id == person.id:
                continue
            self.showcase.shown("contacts")
            chunk.add(
                "contacts",
                {
                    "id": self.ids.next("contacts"),
                    "user_id": person.id,
                    "contact_id": contact_id,
                    **stamp,
                },
            )

    def _work_samples(self, person: Person, chunk: Chunk) -> None:
        rng = self.rng
        self.showcase.shown("work_samples")
        for _ in range(randint(rng, 1, 2)):
            topic = choice(rng, PROJECT_KINDS)
            stamp = self._stamp(person)
            attachment_id = None
            if self.showcase.wants("work sample file", 0.5):
                self.showcase.shown("work sample file")
                attachment_id = self.ids.next("attachments")
                made = self.files.image(topic)
                key = storage_key(attachment_id, made.filename)
                chunk.blobs.append((key, made.data))
                chunk.add(
                    "attachments",
                    {
                        "id": attachment_id,
                        "user_id": person.id,
                        "post_id": None,
                        "filename": made.filename,
                        "content_type": made.content_type,
                        "filesize": len(made.data),
                        "storage_key": key,
                        **stamp,
                    },
                )
            chunk.add(
                "work_samples",
                {
                    "id": self.ids.next("work_samples"),
                    "user_id": person.id,
                    "title": f"Case study: {topic}",
                    "description": f"{person.title} on a {topic.lower()} engagement.",
                    "website_url": f"https://portfolio.example/{ascii_slug(topic)}-{person.id}"
                    if rng.random() < 0.4
                    else None,
                    "attachment_id": attachment_id,
                    **stamp,
                },
            )

    def _bio(self, person: Person, skills: list[str]) -> None:
        if person.row is None or self.rng.random() >= 0.3:
            return
        where = f" based in {person.office.city}" if person.office else ""
        bio = f"{person.title}{where}, {randint(self.rng, 2, 25)} years in the field."
        if skills:
            bio += f" Known for {' and '.join(skills[:2])}."
        person.row["bio"] = bio
