"""GET /api/v1/users filters on permissions, management, contacts and organizations.

One small organisation, built so that every filter's answer is known by construction. The
requester ("me") is a collaborator on account A and shares workspace W with everyone visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from roster.models import Organization, User
from tests.dialects.kantata.builders import (
    KantataReader,
    join_organization,
    make_contact,
    make_organization,
    update_membership,
)
from tests.factories import make_account, make_user, make_workspace, participate, token_for


@dataclass
class Org:
    me: User
    lead: User  # project_lead, provider lead of W, manages creator
    viewer: User  # reports_viewer with Insights access, manages hidden_member
    admin: User  # an account administrator whose permission column says collaborator
    creator: User  # project_creator
    disabled: User  # on account A and in W, membership disabled
    outsider: User  # on account B, client lead in W, provider lead in a workspace of B
    hidden_member: User  # on account A, in no workspace with me
    hidden_stranger: User  # on account B, in a workspace of B only
    freelancer: User  # on no account, in no workspace
    usa: Organization
    boston: Organization  # a geography below usa
    paris: Organization
    engineering: Organization
    sales: Organization
    token: str

    def ids(self, *users: User) -> set[int]:
        return {user.id for user in users}

    @property
    def visible(self) -> set[int]:
        return self.ids(self.me, self.lead, self.viewer, self.admin, self.creator, self.outsider)


@pytest.fixture
def org(session: Session) -> Org:
    a, b = make_account(session, name="A"), make_account(session, name="B")
    me = make_user(session, first_name="Me", account=a, permission="collaborator")
    lead = make_user(session, first_name="Lead", account=a, permission="project_lead")
    viewer = make_user(session, first_name="Viewer", account=a, permission="reports_viewer")
    admin = make_user(
        session, first_name="Admin", account=a, is_administrator=True, permission="collaborator"
    )
    creator = make_user(session, first_name="Creator", account=a, permission="project_creator")
    disabled = make_user(
        session, first_name="Disabled", account=a, permission="project_lead", disabled=True
    )
    outsider = make_user(session, first_name="Outsider", account=b)
    hidden_member = make_user(session, first_name="Hidden", account=a, permission="administrator")
    hidden_stranger = make_user(
        session, first_name="Stranger", account=b, permission="reports_viewer"
    )
    freelancer = make_user(session, first_name="Freelancer")
    someone_elses_contact = make_user(session, first_name="Other", account=b)

    w = make_workspace(session, account=a)
    for user in (me, viewer, admin, disabled):
        participate(session, user=user, workspace=w)
    participate(session, user=lead, workspace=w, is_lead=True)
    participate(session, user=creator, workspace=w, role="client", is_lead=True)
    participate(session, user=outsider, workspace=w, role="client", is_lead=True)
    w_b = make_workspace(session, account=b)
    participate(session, user=outsider, workspace=w_b, is_lead=True)
    participate(session, user=hidden_stranger, workspace=w_b, is_lead=True)

    update_membership(session, creator, manager_id=lead.id)
    update_membership(session, hidden_member, manager_id=viewer.id)
    update_membership(session, someone_elses_contact, manager_id=hidden_stranger.id)
    update_membership(session, viewer, insights_access=True)
    update_membership(session, hidden_stranger, insights_access=True)
    update_membership(session, disabled, insights_access=True)

    for contact in (outsider, hidden_member, hidden_stranger, freelancer):
        make_contact(session, owner=me, contact=contact)
    make_contact(session, owner=lead, contact=someone_elses_contact)

    usa = make_organization(session, account=a, kind="geography", name="USA")
    boston = make_organization(session, account=a, kind="geography", name="Boston", parent=usa)
    paris = make_organization(session, account=a, kind="geography", name="Paris")
    engineering = make_organization(session, account=a, kind="department", name="Engineering")
    sales = make_organization(session, account=a, kind="department", name="Sales")
    for user, organizations in (
        (me, (boston, engineering)),
        (lead, (usa, sales)),
        (viewer, (paris, engineering)),
        (creator, (engineering,)),
        (hidden_member, (boston, engineering)),
        (disabled, (boston,)),
    ):
        for organization in organizations:
            join_organization(session, user=user, organization=organization)

    return Org(
        me=me,
        lead=lead,
        viewer=viewer,
        admin=admin,
        creator=creator,
        disabled=disabled,
        outsider=outsider,
        hidden_member=hidden_member,
        hidden_stranger=hidden_stranger,
        freelancer=freelancer,
        usa=usa,
        boston=boston,
        paris=paris,
        engineering=engineering,
        sales=sales,
        token=token_for(session, me),
    )


@pytest.fixture
def api(client: Any, org: Org) -> KantataReader:
    return KantataReader(client, org.token)


def test_the_organisation_as_built(api: KantataReader, org: Org) -> None:
    assert api.ids() == org.visible


# --- contacts -------------------------------------------------------------------------------------


def test_all_contacts_widens_to_the_requesters_contact_list_only(
    api: KantataReader, org: Org
) -> None:
    assert api.ids(all_contacts="true") == org.ids(
        org.outsider, org.hidden_member, org.hidden_stranger, org.freelancer
    )


def test_all_contacts_false_neither_widens_nor_restricts(api: KantataReader, org: Org) -> None:
    assert api.ids(all_contacts="false") == org.visible


def test_all_contacts_keeps_disabled_contacts_hidden_unless_asked(
    session: Session, api: KantataReader, org: Org
) -> None:
    make_contact(session, owner=org.me, contact=org.disabled)
    assert org.disabled.id not in api.ids(all_contacts="true")
    assert org.disabled.id in api.ids(all_contacts="true", show_disabled="true")


def test_contacts_on_different_account_are_contacts_off_the_requesters_account(
    api: KantataReader, org: Org
) -> None:
    assert api.ids(contacts_on_different_account="true") == org.ids(
        org.outsider, org.hidden_stranger, org.freelancer
    )


def test_contacts_on_different_account_for_a_requester_on_no_account(
    session: Session, client: Any, org: Org
) -> None:
    loner = make_user(session, first_name="Loner")
    make_contact(session, owner=loner, contact=org.hidden_member)
    make_contact(session, owner=loner, contact=org.freelancer)
    reader = KantataReader(client, token_for(session, loner))
    assert reader.ids(contacts_on_different_account="true") == org.ids(
        org.hidden_member, org.freelancer
    )


def test_contact_filters_reject_a_non_boolean(api: KantataReader) -> None:
    assert "all_contacts" in api.error(all_contacts="maybe")
    assert "contacts_on_different_account" in api.error(contacts_on_different_account="2")


# --- permissions ----------------------------------------------------------------------------------


def test_can_view_reports_is_reports_viewer_or_above_and_administrators(
    api: KantataReader, org: Org
) -> None:
    assert api.ids(can_view_reports="true") == org.ids(org.viewer, org.admin)
    assert api.ids(can_view_reports="false") == org.visible


def test_can_view_reports_reaches_no_hidden_user(api: KantataReader, org: Org) -> None:
    # hidden_member (administrator) and hidden_stranger (reports_viewer) qualify but are unseen.
    assert api.ids(can_view_reports="true", on_my_account="true") == org.ids(
        org.viewer, org.admin, org.hidden_member
    )


def test_is_project_lead_is_project_lead_or_above_and_administrators(
    api: KantataReader, org: Org
) -> None:
    assert api.ids(is_project_lead="true") == org.ids(org.lead, org.viewer, org.admin)
    assert api.ids(is_project_lead="false") == org.visible


def test_permission_filters_reject_a_non_boolean(api: KantataReader) -> None:
    message = api.error(can_view_reports="reports")
    assert message.startswith("can_view_reports:")
    assert "boolean" in message
    assert "is_project_lead" in api.error(is_project_lead="lead")


# --- management -----------------------------------------------------------------------------------


def test_managers_are_users_some_membership_names_as_manager(api: KantataReader, org: Org) -> None:
    # viewer manages hidden_member, who is not visible: managing someone unseen still counts.
    assert api.ids(managers="true") == org.ids(org.lead, org.viewer)


def test_managers_defaults_to_no_restriction(api: KantataReader, org: Org) -> None:
    assert api.ids(managers="false") == org.visible
    assert api.ids(managers="") == org.visible


def test_managers_rejects_a_non_boolean(api: KantataReader) -> None:
    assert "managers" in api.error(managers="bosses")


def test_only_possible_managees_are_active_account_members_but_me(
    api: KantataReader, org: Org
) -> None:
    assert api.ids(only_possible_managees="true") == org.ids(
        org.lead, org.viewer, org.admin, org.creator
    )
    assert api.ids(only_possible_managees="true", on_my_account="true") == org.ids(
        org.lead, org.viewer, org.admin, org.creator, org.hidden_member
    )


def test_only_possible_managees_never_offers_a_disabled_member(
    api: KantataReader, org: Org
) -> None:
    assert org.disabled.id in api.ids(show_disabled="true")
    assert org.disabled.id not in api.ids(only_possible_managees="true", show_disabled="true")


def test_only_possible_managers_are_active_project_leads_and_above(
    session: Session, client: Any, api: KantataReader, org: Org
) -> None:
    assert api.ids(only_possible_managers="true") == org.ids(org.lead, org.viewer, org.admin)
    assert api.ids(only_possible_managers="true", show_disabled="true") == org.ids(
        org.lead, org.viewer, org.admin
    )
    # A possible manager sees themself among the possible managers.
    as_lead = KantataReader(client, token_for(session, org.lead))
    assert org.lead.id in as_lead.ids(only_possible_managers="true")


def test_possible_managers_and_managees_for_a_requester_on_no_account(
    session: Session, client: Any, org: Org
) -> None:
    loner = make_user(session, first_name="Loner")
    reader = KantataReader(client, token_for(session, loner))
    assert reader.ids() == {loner.id}
    assert reader.ids(only_possible_managers="true") == set()
    assert reader.ids(only_possible_managees="true") == set()


def test_management_filters_reject_a_non_boolean(api: KantataReader) -> None:
    assert "only_possible_managees" in api.error(only_possible_managees="x")
    assert "only_possible_managers" in api.error(only_possible_managers="x")


# --- insights and leads ---------------------------------------------------------------------------


def test_show_users_in_insights_groups(api: KantataReader, org: Org) -> None:
    assert api.ids(show_users_in_insights_groups="true") == org.ids(org.viewer)
    assert api.ids(show_users_in_insights_groups="true", show_disabled="true") == org.ids(
        org.viewer, org.disabled
    )
    assert api.ids(show_users_in_insights_groups="false") == org.visible
    assert "show_users_in_insights_groups" in api.error(show_users_in_insights_groups="all")


def test_provider_leads_on_account_projects(api: KantataReader, org: Org) -> None:
    # creator and outsider lead W on the client side; outsider's provider lead is on account B.
    assert api.ids(provider_leads_on_account_projects="true") == org.ids(org.lead)
    assert api.ids(provider_leads_on_account_projects="false") == org.visible
    assert "provider_leads_on_account_projects" in api.error(
        provider_leads_on_account_projects="lead"
    )


def test_provider_leads_are_those_of_the_requesters_account(
    session: Session, client: Any, org: Org
) -> None:
    as_outsider = KantataReader(client, token_for(session, org.outsider))
    # outsider (account B) sees W's participants and W_B's; provider leads on B's workspaces:
    assert as_outsider.ids(provider_leads_on_account_projects="true") == org.ids(
        org.outsider, org.hidden_stranger
    )


# --- organizations --------------------------------------------------------------------------------


def test_belonging_to_a_geography_includes_the_geographies_below_it(
    api: KantataReader, org: Org
) -> None:
    assert api.ids(belonging_to_orgs=f"{org.usa.id}") == org.ids(org.me, org.lead)
    assert api.ids(belonging_to_orgs=f"{org.boston.id}") == org.ids(org.me)
    assert api.ids(belonging_to_orgs=f"{org.boston.id},{org.paris.id};") == org.ids(
        org.me, org.viewer
    )


def test_belonging_to_departments_only(api: KantataReader, org: Org) -> None:
    assert api.ids(belonging_to_orgs=f";{org.engineering.id}") == org.ids(
        org.me, org.viewer, org.creator
    )
    assert api.ids(belonging_to_orgs=f";{org.engineering.id},{org.sales.id}") == org.ids(
        org.me, org.lead, org.viewer, org.creator
    )


def test_belonging_to_both_sides_needs_a_geography_and_a_department(
    api: KantataReader, org: Org
) -> None:
    assert api.ids(belonging_to_orgs=f"{org.usa.id};{org.engineering.id}") == org.ids(org.me)
    assert api.ids(
        belonging_to_orgs=f"{org.usa.id},{org.paris.id};{org.engineering.id}"
    ) == org.ids(org.me, org.viewer)


def test_belonging_to_orgs_matches_ids_on_their_own_side_only(api: KantataReader, org: Org) -> None:
    assert api.ids(belonging_to_orgs=f"{org.engineering.id}") == set()
    assert api.ids(belonging_to_orgs=f";{org.usa.id}") == set()


def test_belonging_to_orgs_reveals_no_hidden_member(api: KantataReader, org: Org) -> None:
    # hidden_member is in Boston and Engineering, like me.
    assert api.ids(belonging_to_orgs=f"{org.boston.id};{org.engineering.id}") == org.ids(org.me)
    assert api.ids(belonging_to_orgs=f"{org.boston.id}", show_disabled="true") == org.ids(
        org.me, org.disabled
    )


def test_belonging_to_orgs_survives_a_cycle_in_the_hierarchy(
    session: Session, api: KantataReader, org: Org
) -> None:
    org.usa.parent_id = org.boston.id
    session.flush()
    assert api.ids(belonging_to_orgs=f"{org.usa.id}") == org.ids(org.me, org.lead)


def test_belonging_to_orgs_counts_across_pages(api: KantataReader, org: Org) -> None:
    # A page smaller than the result makes the count its own statement, with the same CTEs.
    response = api.get(
        belonging_to_orgs=f"{org.usa.id},{org.paris.id};{org.engineering.id},{org.sales.id}",
        per_page=1,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == 3
    assert len(body["results"]) == 1


@pytest.mark.parametrize("value", ["a;b", "1;2;3", ";", " ; ", "1,x", "-1", "1:2"])
def test_belonging_to_orgs_rejects_a_malformed_value(api: KantataReader, value: str) -> None:
    message = api.error(belonging_to_orgs=value)
    assert message.startswith("belonging_to_orgs:")
    assert "geo_id,geo_id;dept_id,dept_id" in message


def test_with_organizations(api: KantataReader, org: Org) -> None:
    assert api.ids(with_organizations="true") == org.ids(org.me, org.lead, org.viewer, org.creator)
    assert api.ids(with_organizations="false") == org.ids(org.admin, org.outsider)
    assert api.ids(with_organizations="false", on_my_account="true") == org.ids(org.admin)
    assert "with_organizations" in api.error(with_organizations="some")


def test_membership_filters_add_no_statement(statements: Any, api: KantataReader, org: Org) -> None:
    statements.reset()
    api.get(per_page=1)
    baseline = statements.count
    for params, count in (
        ({"all_contacts": "true", "contacts_on_different_account": "true"}, 3),
        (
            {
                "managers": "true",
                "is_project_lead": "true",
                "belonging_to_orgs": f"{org.usa.id},{org.paris.id}",
                "with_organizations": "true",
            },
            2,
        ),
    ):
        statements.reset()
        response = api.get(per_page=1, **params)
        assert response.status_code == 200, response.text
        assert response.json()["count"] == count
        assert statements.count == baseline
