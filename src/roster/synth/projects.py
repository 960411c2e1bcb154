"""Workspaces (projects) and the work inside them: participants, staffing slots, tasks with
assignees and followers, estimates and timesheet submissions; posts are in posts.py.

Runs after every user exists. Each workspace only draws on people who had joined by the time it
was created (a prefix of each id-ordered pool), and nothing in it predates the person involved.
"""

from __future__ import annotations

import datetime as dt
import random
from array import array

from roster.synth.catalog import HOST_ACCOUNT_ID, Catalog
from roster.synth.draw import Showcase, Weighted, choice, randint, sample_distinct
from roster.synth.files import FileMaker
from roster.synth.plan import Plan
from roster.synth.population import Population, pick, prefix
from roster.synth.posts import PostGenerator
from roster.synth.rows import Chunk, Ids, Row
from roster.synth.timeline import REFERENCE, Timeline, between, monday_on_or_before
from roster.synth.vocabulary import (
    PROJECT_KINDS,
    PROJECT_PHASES,
    STORY_OBJECTS,
    STORY_STATES,
    STORY_VERBS,
    TIMESHEET_STATUSES,
)

_DAY = dt.timedelta(days=1)
_STORY_COUNTS = Weighted(range(11), (6, 6, 8, 10, 12, 12, 12, 10, 9, 8, 7))


class ProjectGenerator:
    def __init__(
        self,
        rng: random.Random,
        plan: Plan,
        catalog: Catalog,
        population: Population,
        ids: Ids,
        files: FileMaker,
    ) -> None:
        self.rng = rng
        self.catalog = catalog
        self.population = population
        self.ids = ids
        self.files = files
        self.timeline = Timeline(plan.workspaces)
        self.users = Timeline(plan.users)
        self.role_ids = list(catalog.role_ids.values())
        self.role_names = {role_id: name for name, role_id in catalog.role_ids.items()}
        self.showcase = Showcase(rng)
        self.posts = PostGenerator(rng, ids, files, self.users)

    def workspace(self, workspace_id: int, chunk: Chunk) -> None:
        rng = self.rng
        catalog = self.catalog
        created = self.timeline.created(workspace_id)
        client_id = self._existing(catalog.client_ids, catalog.client_timeline, created)
        partner_id = self._existing(catalog.partner_ids, catalog.partner_timeline, created)
        account_id = HOST_ACCOUNT_ID
        partner_staffed = partner_id is not None and self.population.members.get(partner_id)
        if partner_staffed and self.showcase.wants("partner workspace", 0.12):
            self.showcase.shown("partner workspace")
            account_id = partner_id or HOST_ACCOUNT_ID
        start = (created + randint(rng, 0, 20) * _DAY).date()
        due = start + randint(rng, 30, 400) * _DAY if rng.random() < 0.9 else None
        finished = due is not None and due < (REFERENCE - 30 * _DAY).date()
        archived = (finished and rng.random() < 0.85) or rng.random() < 0.03
        until = REFERENCE
        if finished and due is not None:
            until = max(created, dt.datetime.combine(due, dt.time(17), dt.UTC))
        seats = self._participants(workspace_id, account_id, client_id, partner_id, created, until)
        lead = next(user_id for user_id, row in seats.items() if row["is_lead"])
        title = f"{catalog.short_name[client_id or account_id]} {choice(rng, PROJECT_KINDS)}"
        chunk.add(
            "workspaces",
            {
                "id": workspace_id,
                "account_id": account_id,
                "creator_id": lead,
                "title": title + choice(rng, PROJECT_PHASES),
                "description": f"{title} for {catalog.short_name[client_id or account_id]}."
                if rng.random() < 0.6
                else None,
                "archived": archived,
                "start_date": start,
                "due_date": due,
                "created_at": created,
                "updated_at": between(rng, created, until),
            },
        )
        self._project_code(workspace_id, lead, created, until, chunk)
        chunk.rows["participations"].extend(seats.values())
        providers = [u for u, row in seats.items() if row["role"] == "provider"]
        everyone = list(seats)
        self._resources(workspace_id, providers, created, until, chunk)
        stories = self._stories(workspace_id, providers, everyone, archived, created, until, chunk)
        self._estimates(workspace_id, title, lead, created, until, chunk)
        self._timesheets(workspace_id, providers, start, until, chunk)
        self.posts.for_workspace(workspace_id, title, everyone, stories, created, until, chunk)

    # -- who takes part --------------------------------------------------------------------------

    def _existing(self, accounts: list[int], timeline: Timeline, moment: dt.datetime) -> int | None:
        available = min(len(accounts), timeline.existing_at(moment))
        return accounts[int(self.rng.random() * available)] if available else None

    def _participants(
        self,
        workspace_id: int,
        account_id: int,
        client_id: int | None,
        partner_id: int | None,
        created: dt.datetime,
        until: dt.datetime,
    ) -> dict[int, Row]:
        rng = self.rng
        population = self.population
        last_user = self.users.existing_at(created)
        seats: dict[int, Row] = {}

        def seat(user_id: int, role: str, lead: bool = False) -> None:
            if user_id in seats:
                return
            joined = max(created, self.users.created(user_id))
            seats[user_id] = {
                "id": 0,  # numbered below, once the seat list is final
                "workspace_id": workspace_id,
                "user_id": user_id,
                "role": role,
                "read_only": not lead and rng.random() < (0.35 if role == "client" else 0.08),
                "is_lead": lead,
                "financial_access": lead or rng.random() < 0.1,
                "created_at": joined,
                "updated_at": between(rng, joined, max(joined, until)),
            }

        def draw(pool: array[int], count: int, role: str) -> None:
            size = prefix(pool, last_user, at_least=min(len(pool), 8))
            for user_id in sample_distinct(rng, pool, count, size):
                seat(user_id, role)

        host_leads = population.leads
        partner_pool = population.members.get(partner_id) if partner_id else None
        if account_id != HOST_ACCOUNT_ID and partner_pool:
            seat(pick(rng, partner_pool, prefix(partner_pool, last_user)), "provider", lead=True)
            draw(partner_pool, randint(rng, 1, 4), "provider")
        elif host_leads:
            seat(pick(rng, host_leads, prefix(host_leads, last_user)), "provider", lead=True)
            if rng.random() < 0.15:
                seat(pick(rng, host_leads, prefix(host_leads, last_user)), "provider", lead=True)
        else:
            seat(1, "provider", lead=True)
        draw(population.host, randint(rng, 2, 10), "provider")
        showcase = self.showcase
        if account_id == HOST_ACCOUNT_ID and partner_pool and showcase.wants("partners", 0.15):
            showcase.shown("partners")
            draw(partner_pool, randint(rng, 1, 3), "provider")
        client_pool = population.members.get(client_id) if client_id else None
        if client_pool and showcase.wants("clients", 0.75):
            showcase.shown("clients")
            draw(client_pool, randint(rng, 1, 4), "client")
        if population.contacts and showcase.wants("contacts", 0.08):
            showcase.shown("contacts")
            draw(population.contacts, 1, "client")
        if population.placeholders and showcase.wants("placeholders", 0.05):
            showcase.shown("placeholders")
            seat(choice(rng, population.placeholders), "provider")
        for row in seats.values():
            row["id"] = self.ids.next("participations")
        return seats

    # -- what happens inside -----------------------------------------------------------------

    def _project_code(
        self, workspace_id: int, lead: int, created: dt.datetime, until: dt.datetime, chunk: Chunk
    ) -> None:
        for field in self.catalog.workspace_fields:
            if self.rng.random() >= field.spec.fill_rate:
                continue
            chunk.add(
                "custom_field_values",
                {
                    "id": self.ids.next("custom_field_values"),
                    "custom_field_id": field.field_id,
                    "subject_type": "Workspace",
                    "subject_id": workspace_id,
                    "value_text": f"PRJ-{workspace_id:06d}",
                    "value_number": None,
                    "value_date": None,
                    "currency": None,
                    "setter_id": lead,
                    "created_at": created,
                    "updated_at": between(self.rng, created, until),
                },
            )

    def _resources(
        self,
        workspace_id: int,
        providers: list[int],
        created: dt.datetime,
        until: dt.datetime,
        chunk: Chunk,
    ) -> None:
        rng = self.rng
        for _ in range(self.showcase.count("resources", randint(rng, 0, 4))):
            self.showcase.shown("resources")
            role_id = choice(rng, self.role_ids)
            stamp = between(rng, created, until)
            chunk.add(
                "workspace_resources",
                {
                    "id": self.ids.next("workspace_resources"),
                    "workspace_id": workspace_id,
                    "role_id": role_id,
                    # An unfilled slot is a role the project still needs to staff.
                    "user_id": choice(rng, providers) if rng.random() < 0.7 else None,
                    "name": self.role_names[role_id],
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )

    def _stories(
        self,
        workspace_id: int,
        providers: list[int],
        everyone: list[int],
        archived: bool,
        created: dt.datetime,
        until: dt.datetime,
        chunk: Chunk,
    ) -> list[int]:
        rng = self.rng
        stories = []
        for _ in range(self.showcase.count("stories", _STORY_COUNTS(rng))):
            self.showcase.shown("stories")
            story_id = self.ids.next("stories")
            stories.append(story_id)
            stamp = between(rng, created, until)
            state = choice(rng, STORY_STATES[3:] if archived else STORY_STATES)
            chunk.add(
                "stories",
                {
                    "id": story_id,
                    "workspace_id": workspace_id,
                    "title": f"{choice(rng, STORY_VERBS)} {choice(rng, STORY_OBJECTS)}",
                    "state": state,
                    "private": rng.random() < 0.05,
                    "created_at": stamp,
                    "updated_at": between(rng, stamp, until),
                },
            )
            links = (
                ("story_assignments", providers, randint(rng, 0, 2)),
                ("story_followers", everyone, randint(rng, 0, 3)),
            )
            for table, pool, count in links:
                for user_id in sample_distinct(rng, pool, self.showcase.count(table, count)):
                    self.showcase.shown(table)
                    chunk.add(
                        table,
                        {
                            "id": self.ids.next(table),
                            "story_id": story_id,
                            "user_id": user_id,
                            "created_at": stamp,
                            "updated_at": stamp,
                        },
                    )
        return stories

    def _estimates(
        self,
        workspace_id: int,
        title: str,
        lead: int,
        created: dt.datetime,
        until: dt.datetime,
        chunk: Chunk,
    ) -> None:
        rng = self.rng
        if not self.showcase.wants("estimates", 0.3):
            return
        self.showcase.shown("estimates")
        for version in range(1, randint(rng, 1, 2) + 1):
            stamp = between(rng, created, until)
            chunk.add(
                "estimates",
                {
                    "id": self.ids.next("estimates"),
                    # Some estimates are drafted before a workspace exists to hang them on.
                    "workspace_id": workspace_id if rng.random() < 0.85 else None,
                    "creator_id": lead,
                    "title": f"{title} estimate v{version}",
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )

    def _timesheets(
        self,
        workspace_id: int,
        providers: list[int],
        start: dt.date,
        until: dt.datetime,
        chunk: Chunk,
    ) -> None:
        rng = self.rng
        last_week = monday_on_or_before(until.date()) - 7 * _DAY
        people = self.showcase.count("timesheets", randint(rng, 0, 3))
        for user_id in sample_distinct(rng, providers, people):
            # Weeks start after both the project and the person did.
            first = max(start, self.users.created(user_id).date())
            week = monday_on_or_before(first) + randint(rng, 1, 8) * 7 * _DAY
            for _ in range(randint(rng, 1, 3)):
                if week > last_week:
                    break
                self.showcase.shown("timesheets")
                submitted = dt.datetime.combine(week + 4 * _DAY, dt.time(16), dt.UTC)
                chunk.add(
                    "timesheet_submissions",
                    {
                        "id": self.ids.next("timesheet_submissions"),
                        "user_id": user_id,
                        "workspace_id": workspace_id,
                        "start_date": week,
                        "end_date": week + 6 * _DAY,
                        "status": choice(rng, TIMESHEET_STATUSES),
                        "created_at": submitted,
                        "updated_at": submitted,
                    },
                )
                week += 7 * _DAY
