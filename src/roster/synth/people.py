"""Users and their account memberships: who each person is, where, and on which account."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from enum import Enum

from roster.models import PERMISSION_RANK, PERMISSIONS
from roster.synth.catalog import HOST_ACCOUNT_ID, Catalog
from roster.synth.draw import Allotment, Quota, Showcase, Weighted, choice, randint
from roster.synth.names import EmailRegistry, NameBook, ascii_slug
from roster.synth.plan import Plan
from roster.synth.population import ManagerTree, Population, pick
from roster.synth.rows import Chunk, Row
from roster.synth.timeline import REFERENCE_S, Timeline, at, between, moment, recent
from roster.synth.vocabulary import (
    CLASSIFICATIONS,
    DEPARTMENTS,
    EXECUTIVE_TITLES,
    OFFICES,
    SERVICE_ACCOUNTS,
    Office,
)

ADMIN_PERMISSIONS = frozenset({"account_admin", "administrator"})
_LEAD_RANK = PERMISSION_RANK["project_lead"]
_REPORTS_RANK = PERMISSION_RANK["reports_viewer"]
_FREE_MAIL = ("mail.example", "inbox.example", "post.example")
_MANAGER_SPAN = 12
_MANAGEMENT_DEPTH = 9
_HOST_PERMISSIONS = Weighted(PERMISSIONS, (8, 52, 12, 15, 5, 3, 2, 3))
_CLIENT_PERMISSIONS = Weighted(("punch_clock", "collaborator", "reports_viewer"), (15, 80, 5))
_PARTNER_PERMISSIONS = Weighted(("collaborator", "project_creator", "project_lead"), (60, 25, 15))


class Kind(Enum):
    OWNER = "owner"
    HOST = "host"
    SERVICE = "service"
    PLACEHOLDER = "placeholder"
    CLIENT = "client"
    PARTNER = "partner"
    CONTACT = "contact"


@dataclass(slots=True)
class Person:
    """What the profile generator needs to know about the user just made."""

    id: int
    kind: Kind
    account_id: int | None
    created: dt.datetime
    office: Office | None
    department: int  # index into DEPARTMENTS; -1 outside the host account
    title: str
    manager_id: int | None
    since: int = 0  # ``created`` in epoch seconds, for cheap arithmetic
    name: tuple[str, str] | None = None  # fixed names (service accounts, placeholders)
    active: bool = True  # neither the membership nor the user is disabled
    row: Row | None = None  # the users row, for details filled in once the profile is known


class PeopleGenerator:
    def __init__(
        self,
        rng: random.Random,
        plan: Plan,
        catalog: Catalog,
        names: NameBook,
        population: Population,
    ) -> None:
        self.rng = rng
        self.catalog = catalog
        self.names = names
        self.population = population
        self.timeline = Timeline(plan.users)
        self.emails = EmailRegistry()
        self.managers = ManagerTree(rng, _MANAGER_SPAN, _MANAGEMENT_DEPTH)
        self.kinds = Allotment(
            rng,
            {
                Kind.HOST: plan.host_people,
                Kind.SERVICE: plan.service_accounts,
                Kind.PLACEHOLDER: plan.placeholders,
                Kind.CLIENT: plan.client_people,
                Kind.PARTNER: plan.partner_people,
                Kind.CONTACT: plan.contacts,
            },
        )
        self.site_disabled = Quota(rng, plan.site_disabled, plan.users - 1)
        self.member_disabled = Quota(rng, plan.disabled_members, plan.host_people)
        self.offices = Weighted(OFFICES, [office.weight for office in OFFICES])
        self.departments = Weighted(range(len(DEPARTMENTS)), [d.weight for d in DEPARTMENTS])
        self.jobs = names.jobs(200)
        self.showcase = Showcase(rng)
        self._host_seen = 0
        self._service_seen = 0

    def person(self, user_id: int, chunk: Chunk) -> Person:
        kind = Kind.OWNER if user_id == 1 else self.kinds()
        since = self.timeline.created_s(user_id)
        created = at(since)
        if kind in (Kind.OWNER, Kind.HOST):
            person, permission = self._host_person(user_id, kind, created)
        elif kind in (Kind.SERVICE, Kind.PLACEHOLDER):
            person, permission = self._system_seat(user_id, kind, created)
        elif kind is Kind.CONTACT:
            person, permission = self._contact(user_id, created), None
        else:
            person, permission = self._outside_person(user_id, kind, created)
        person.since = since
        site_disabled = kind is not Kind.OWNER and self.site_disabled()
        disabled_at = at(moment(self.rng, since, REFERENCE_S)) if site_disabled else None
        member_disabled_at = self._membership_disabled_at(person)
        person.active = disabled_at is None and member_disabled_at is None
        ended = min((t for t in (disabled_at, member_disabled_at) if t), default=None)
        person.row = self._user_row(person, ended, disabled_at)
        chunk.add("users", person.row)
        if permission is not None:
            membership = self._membership_row(person, permission, member_disabled_at)
            chunk.add("account_memberships", membership)
        self._remember(person, permission)
        return person

    # -- who the person is -------------------------------------------------------------------

    def _host_person(self, user_id: int, kind: Kind, created: dt.datetime) -> tuple[Person, str]:
        rng = self.rng
        seen = self._host_seen
        self._host_seen += 1
        is_manager = seen < len(EXECUTIVE_TITLES) or rng.random() < 0.12
        manager_id = self.managers.pick(is_manager) if kind is Kind.HOST else None
        if manager_id is not None and rng.random() < 0.8:
            department = self.managers.department[manager_id]
        else:
            department = self.departments(rng)
        spec = DEPARTMENTS[department]
        # The first people hired run the company; walking PERMISSIONS from the top also makes
        # sure even a tiny organisation has someone at every permission level.
        permission = PERMISSIONS[-1 - seen] if seen < len(PERMISSIONS) else _HOST_PERMISSIONS(rng)
        title = EXECUTIVE_TITLES[seen] if seen < 4 else choice(rng, spec.titles)
        office = self.catalog.office[HOST_ACCOUNT_ID] if seen == 0 else self.offices(rng)
        person = Person(
            user_id, kind, HOST_ACCOUNT_ID, created, office, department, title, manager_id
        )
        if is_manager:
            self.managers.add(user_id, department, manager_id)
        return person, permission

    def _system_seat(self, user_id: int, kind: Kind, created: dt.datetime) -> tuple[Person, str]:
        rng = self.rng
        department = self.departments(rng)
        if kind is Kind.SERVICE:
            first, last = SERVICE_ACCOUNTS[self._service_seen % len(SERVICE_ACCOUNTS)]
            self._service_seen += 1
            title, permission = "Integration", ("administrator", "reports_viewer")[user_id % 2]
        else:
            title = choice(rng, DEPARTMENTS[department].titles)
            first, last, permission = "Placeholder", title, "collaborator"
        person = Person(
            user_id,
            kind,
            HOST_ACCOUNT_ID,
            created,
            None,
            department,
            title,
            None,
            name=(first, last),
        )
        return person, permission

    def _outside_person(self, user_id: int, kind: Kind, created: dt.datetime) -> tuple[Person, str]:
        rng = self.rng
        catalog = self.catalog
        if kind is Kind.CLIENT:
            accounts, timeline = catalog.client_ids, catalog.client_timeline
            permission = _CLIENT_PERMISSIONS(rng)
        else:
            accounts, timeline = catalog.partner_ids, catalog.partner_timeline
            permission = _PARTNER_PERMISSIONS(rng)
        # Only accounts that existed when the person joined; the oldest have grown the most.
        available = min(len(accounts), timeline.existing_at(created))
        account_id = accounts[int(available * rng.random())]
        office = catalog.office[account_id] if rng.random() < 0.85 else self.offices(rng)
        pool = self.population.account_pool(account_id)
        manager_id = None
        if pool and rng.random() < 0.5:
            # The account's earliest members manage; more of them as the account grows.
            managers = min(len(pool), max(3, len(pool) // 8))
            manager_id = pool[int(rng.random() * managers)]
        title = choice(rng, self.jobs)
        person = Person(user_id, kind, account_id, created, office, -1, title, manager_id)
        return person, permission

    def _contact(self, user_id: int, created: dt.datetime) -> Person:
        office = self.offices(self.rng)
        return Person(
            user_id, Kind.CONTACT, None, created, office, -1, choice(self.rng, self.jobs), None
        )

    def _membership_disabled_at(self, person: Person) -> dt.datetime | None:
        if person.kind is Kind.HOST:
            disabled = self.member_disabled()
        elif person.kind in (Kind.CLIENT, Kind.PARTNER):
            disabled = self.rng.random() < 0.05
        else:
            disabled = False
        return at(moment(self.rng, person.since, REFERENCE_S)) if disabled else None

    # -- rows ----------------------------------------------------------------------------------

    def _email(self, person: Person, first: str, last: str) -> str:
        if person.account_id is None:
            return self.emails.for_person(first, last, choice(self.rng, _FREE_MAIL))
        domain = self.catalog.domain[person.account_id]
        if person.kind is Kind.SERVICE:
            return self.emails.address(ascii_slug(f"{first} {last}"), domain)
        if person.kind is Kind.PLACEHOLDER:
            return self.emails.address(f"placeholder.{ascii_slug(last)}", domain)
        return self.emails.for_person(first, last, domain)

    def _user_row(
        self, person: Person, ended: dt.datetime | None, site_disabled: dt.datetime | None
    ) -> Row:
        rng = self.rng
        office = person.office
        if person.name is not None:
            first, last = person.name
        else:
            first, last = self.names.person(rng, office.locale if office else "en_US")
        if office is not None and rng.random() < 0.04:
            office = None  # some people never fill in where they are
        headline = person.title if rng.random() < 0.95 else ""
        if person.kind is Kind.HOST and person.department >= 0 and rng.random() < 0.3:
            headline = f"{person.title}, {choice(rng, DEPARTMENTS[person.department].teams)}"
        classification = None
        if person.kind in (Kind.OWNER, Kind.HOST):
            classification = choice(rng, CLASSIFICATIONS)
        creator = self._creator(person)
        updater = (None, None, person.id, creator)[int(rng.random() * 4)]
        return {
            "id": person.id,
            "first_name": first,
            "last_name": last,
            "email_address": self._email(person, first, last),
            "headline": headline,
            "photo_key": None,
            "bio": None,
            "website": f"https://{ascii_slug(first + ' ' + last)}.example"
            if rng.random() < 0.04
            else None,
            "city": office.city if office else None,
            "state": office.state if office else None,
            "country": office.country if office else None,
            "timezone": office.timezone if office and rng.random() < 0.97 else None,
            "classification": classification,
            "last_site_activity": self._last_activity(person, ended),
            "disabled_at": site_disabled,
            "created_by_id": creator,
            "updated_by_id": updater,
            "created_at": person.created,
            "updated_at": at(moment(rng, person.since, REFERENCE_S)),
        }

    def _last_activity(self, person: Person, ended: dt.datetime | None) -> dt.datetime | None:
        rng = self.rng
        if person.kind in (Kind.PLACEHOLDER, Kind.CONTACT):
            return None  # placeholders and contacts cannot sign in
        if person.kind is Kind.SERVICE:
            return recent(rng, person.since, 0.05)
        if ended is not None:
            return between(rng, person.created, ended)
        if rng.random() < 0.06:
            return None  # invited, never signed in
        return recent(rng, person.since, 5 if person.kind is Kind.HOST else 30)

    def _creator(self, person: Person) -> int | None:
        population = self.population
        if person.id == 1 or self.rng.random() < 0.2:
            return None
        pool = population.admins if person.kind in (Kind.HOST, Kind.SERVICE) else population.leads
        return pick(self.rng, pool, len(pool)) if pool else 1

    def _membership_row(
        self, person: Person, permission: str, disabled_at: dt.datetime | None
    ) -> Row:
        rng = self.rng
        kind = person.kind
        rank = PERMISSION_RANK[permission]
        bill: int | None = None
        cost: int | None = None
        target: int | None = None
        role_id: int | None = None
        if kind in (Kind.OWNER, Kind.HOST, Kind.PLACEHOLDER):
            bill = randint(rng, 18, 70) * 500
            cost = int(bill * rng.uniform(0.35, 0.6)) // 100 * 100
            if self.showcase.wants("no cost rate", 0.15):
                self.showcase.shown("no cost rate")
                cost = None
            target = None if rng.random() < 0.2 else rng.randrange(50, 100, 5)
            role_id = self.catalog.role_ids.get(person.title) if rng.random() < 0.92 else None
        elif kind is Kind.PARTNER and person.account_id is not None:
            bill = randint(rng, 16, 50) * 500
            cost = None if rng.random() < 0.3 else int(bill * 0.6) // 100 * 100
            role_id = choice(rng, self.catalog.partner_role_ids[person.account_id])
        licence_odds = {Kind.CLIENT: 0.7, Kind.PARTNER: 0.3}.get(kind, 0.06)
        collaborator_only = rank <= PERMISSION_RANK["collaborator"] and rng.random() < licence_odds
        insights = rng.random() < (0.7 if rank >= _REPORTS_RANK else 0.08)
        return {
            "id": person.id,  # one membership per user, so the user's id serves for both
            "account_id": person.account_id,
            "user_id": person.id,
            "permission": permission,
            "is_administrator": permission in ADMIN_PERMISSIONS,
            "is_owner": kind is Kind.OWNER,
            "collaborator_only_license": collaborator_only,
            "manager_id": person.manager_id,
            "default_role_id": role_id,
            "disabled_at": disabled_at,
            "bill_rate_in_cents": bill,
            "cost_rate_in_cents": cost,
            "billability_target": target,
            "insights_access": insights and kind is not Kind.CLIENT,
            "is_service_account": kind is Kind.SERVICE,
            "is_placeholder": kind is Kind.PLACEHOLDER,
            "created_at": person.created,
            "updated_at": at(moment(rng, person.since, REFERENCE_S)),
        }

    def _remember(self, person: Person, permission: str | None) -> None:
        population = self.population
        kind = person.kind
        if kind in (Kind.OWNER, Kind.HOST):
            population.host.append(person.id)
            if person.active and permission is not None:
                if PERMISSION_RANK[permission] >= _LEAD_RANK:
                    population.leads.append(person.id)
                if permission in ADMIN_PERMISSIONS:
                    population.admins.append(person.id)
        elif kind is Kind.PLACEHOLDER:
            population.placeholders.append(person.id)
        elif kind is Kind.CONTACT:
            population.contacts.append(person.id)
        elif kind in (Kind.CLIENT, Kind.PARTNER) and person.account_id is not None:
            population.account_pool(person.account_id).append(person.id)


__all__ = ["ADMIN_PERMISSIONS", "Kind", "PeopleGenerator", "Person"]
