"""How big each part of the organisation is, derived from the number of users alone."""

from __future__ import annotations

from dataclasses import dataclass

MIN_USERS = 20


@dataclass(frozen=True, slots=True)
class Plan:
    users: int
    client_accounts: int
    partner_accounts: int
    workspaces: int
    # Users by kind. The owner (user 1) is counted in none of these.
    host_people: int
    service_accounts: int
    placeholders: int
    client_people: int
    partner_people: int
    contacts: int  # users with no account membership at all
    # Rare flags handed out in exact numbers (see draw.Quota).
    site_disabled: int
    disabled_members: int

    @classmethod
    def for_users(cls, users: int) -> Plan:
        if users < MIN_USERS:
            raise ValueError(f"an organisation needs at least {MIN_USERS} users, not {users}")
        service = min(6, max(2, users // 5_000))
        placeholders = min(8, max(2, users // 2_000))
        contacts = max(2, users // 50)
        client_people = max(3, users * 12 // 100)
        partner_people = max(2, users * 4 // 100)
        host = users - 1 - service - placeholders - contacts - client_people - partner_people
        return cls(
            users=users,
            client_accounts=max(2, users // 250),
            partner_accounts=max(1, users // 2_500),
            workspaces=max(4, users // 6),
            host_people=host,
            service_accounts=service,
            placeholders=placeholders,
            client_people=client_people,
            partner_people=partner_people,
            contacts=contacts,
            site_disabled=max(1, users // 500),
            disabled_members=max(1, host * 4 // 100),
        )
