"""When a person can work: workweeks, holiday calendars and time off."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from roster.synth.catalog import Catalog
from roster.synth.draw import Showcase, Weighted, choice, randint
from roster.synth.people import Person
from roster.synth.rows import Chunk, Ids
from roster.synth.timeline import REFERENCE, REFERENCE_S, at, between, moment

_TIME_OFF_COUNTS = Weighted(range(6), (35, 20, 18, 12, 10, 5))
_TIME_OFF_HOURS = (Decimal("8.00"), Decimal("8.00"), Decimal("4.00"), Decimal("2.50"))
_DAY = dt.timedelta(days=1)


class AvailabilityGenerator:
    def __init__(self, rng: random.Random, catalog: Catalog, ids: Ids) -> None:
        self.rng = rng
        self.catalog = catalog
        self.ids = ids
        self.showcase = Showcase(rng)

    def workweeks(self, person: Person, chunk: Chunk) -> None:
        rng = self.rng
        if not self.showcase.wants("workweeks", 0.12):
            return
        self.showcase.shown("workweeks")
        start = at(moment(rng, person.since, REFERENCE_S))
        weeks = [(choice(rng, self.catalog.custom_workweek_ids), start)]
        # Tried a different week, then went back to the standard one.
        if self.showcase.wants("workweek change", 0.25):
            self.showcase.shown("workweek change")
            weeks.append((self.catalog.default_workweek_id, between(rng, start, REFERENCE)))
        for workweek_id, since in weeks:
            chunk.add(
                "workweek_memberships",
                {
                    "id": self.ids.next("workweek_memberships"),
                    "user_id": person.id,
                    "workweek_id": workweek_id,
                    "start_date": since.date(),
                    "created_at": since,
                    "updated_at": since,
                },
            )

    def holiday_calendars(self, person: Person, chunk: Chunk) -> None:
        rng = self.rng
        calendars = []
        if person.office is not None and rng.random() < 0.95:
            calendars.append(self.catalog.calendar_ids[person.office.country_code])
        if self.showcase.wants("company calendar", 0.3):
            self.showcase.shown("company calendar")
            calendars.append(self.catalog.company_calendar_id)
        joined = at(moment(rng, person.since, REFERENCE_S))
        for calendar_id in calendars:
            chunk.add(
                "holiday_calendar_memberships",
                {
                    "id": self.ids.next("holiday_calendar_memberships"),
                    "user_id": person.id,
                    "holiday_calendar_id": calendar_id,
                    "created_at": joined,
                    "updated_at": joined,
                },
            )

    def time_off(self, person: Person, chunk: Chunk) -> None:
        rng = self.rng
        earliest = max(person.created, REFERENCE - 180 * _DAY)
        for _ in range(self.showcase.count("time off", _TIME_OFF_COUNTS(rng))):
            self.showcase.shown("time off")
            day = between(rng, earliest, REFERENCE + 60 * _DAY)
            while day.weekday() >= 5:
                day += _DAY
            submitted = min(day - randint(rng, 1, 30) * _DAY, REFERENCE)
            submitted = max(submitted, person.created)
            chunk.add(
                "time_off_entries",
                {
                    "id": self.ids.next("time_off_entries"),
                    "user_id": person.id,
                    "requested_date": day.date(),
                    "hours": choice(rng, _TIME_OFF_HOURS),
                    "submission_date": submitted.date() if rng.random() < 0.9 else None,
                    "created_at": submitted,
                    "updated_at": submitted,
                },
            )
