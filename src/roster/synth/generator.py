"""The whole organisation as a stream of chunks, in an order the database can insert.

Catalog first (accounts, roles, skills, ...), then people in chunks of ``USER_CHUNK`` users with
everything hanging off them, then workspaces in chunks of ``WORKSPACE_CHUNK``. Each chunk refers
only to rows of earlier chunks or of itself, so chunks can be written as they come and memory stays
flat whatever the size. Nothing here touches a database or a file: the same plan and seed give the
same chunks, byte for byte.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from roster.synth.catalog import CatalogBuilder
from roster.synth.files import FileMaker
from roster.synth.names import NameBook
from roster.synth.people import PeopleGenerator
from roster.synth.plan import Plan
from roster.synth.population import Population
from roster.synth.profile import ProfileGenerator
from roster.synth.projects import ProjectGenerator
from roster.synth.rows import Chunk, Ids

USER_CHUNK = 5_000
WORKSPACE_CHUNK = 1_000
# Every table the generator writes (the credentials tables are left to their owners).
TABLES = frozenset(
    {
        "accounts",
        "roles",
        "skill_categories",
        "skills",
        "organizations",
        "custom_fields",
        "custom_field_choices",
        "workweeks",
        "holiday_calendars",
        "holidays",
        "users",
        "account_memberships",
        "skill_memberships",
        "organization_memberships",
        "custom_field_values",
        "custom_field_value_choices",
        "external_references",
        "workweek_memberships",
        "holiday_calendar_memberships",
        "time_off_entries",
        "contacts",
        "attachments",
        "work_samples",
        "workspaces",
        "participations",
        "workspace_resources",
        "stories",
        "story_assignments",
        "story_followers",
        "estimates",
        "timesheet_submissions",
        "posts",
        "google_documents",
        "user_file_associations",
    }
)


def generate(plan: Plan, seed: int) -> Iterator[Chunk]:
    # One stream per concern, so that a change to how (say) projects are drawn leaves the
    # people of a given seed as they were.
    def stream(name: str) -> random.Random:
        return random.Random(f"{seed}:{name}")

    names = NameBook(seed)
    ids = Ids()
    catalog, accounts = CatalogBuilder(stream("catalog"), plan, names, ids).build()
    yield accounts

    population = Population()
    files = FileMaker(stream("files"))
    people = PeopleGenerator(stream("people"), plan, catalog, names, population)
    profile_rng = stream("profiles")
    emergency_contacts = [names.person(profile_rng, "en_US") for _ in range(200)]
    profiles = ProfileGenerator(profile_rng, catalog, population, ids, files, emergency_contacts)
    for first in range(1, plan.users + 1, USER_CHUNK):
        last = min(first + USER_CHUNK, plan.users + 1)
        chunk = Chunk(phase="People", units=last - first)
        for user_id in range(first, last):
            profiles.extend(people.person(user_id, chunk), chunk)
        yield chunk

    projects = ProjectGenerator(stream("projects"), plan, catalog, population, ids, files)
    for first in range(1, plan.workspaces + 1, WORKSPACE_CHUNK):
        last = min(first + WORKSPACE_CHUNK, plan.workspaces + 1)
        chunk = Chunk(phase="Projects", units=last - first)
        for workspace_id in range(first, last):
            projects.workspace(workspace_id, chunk)
        yield chunk
