"""What to give each declared filter to aim it at the hidden user, and what to give it to aim at
nobody.

A ``Probe`` holds two parameter sets of the same shape: ``hidden`` matches the hidden user alone
(their email, their project, their skill...), ``nobody`` matches no user at all. Whoever may not
see the hidden user must get the very same answer for both. ``excludes`` marks a filter that
leaves its matches out (``without_users``): the seer's control then checks that the hidden user
is missing from the one answer and present in the other. ``exclusive`` false marks a filter whose
nobody value still reaches the hidden user for the seer (a widening to the seer's own account).

A ``Sweep`` is for a filter that cannot single anyone out (a boolean, an enum, an account id): each
of its values must answer only users the requester may see, counted honestly.

Every declared filter of both dialects needs an entry; ``test_coverage`` fails otherwise, so a
new filter is attacked from the day it is declared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tests.security.world import NOBODY, World

Params = Mapping[str, str]


@dataclass(frozen=True)
class Probe:
    hidden: Params
    nobody: Params
    excludes: bool = False
    exclusive: bool = True


@dataclass(frozen=True)
class Sweep:
    values: tuple[Params, ...]


Attack = Probe | Sweep


def _booleans(name: str) -> Sweep:
    return Sweep(({name: "true"}, {name: "false"}))


def _one(name: str, hidden: object, nobody: object, *, excludes: bool = False) -> Probe:
    return Probe({name: str(hidden)}, {name: str(nobody)}, excludes)


def kantata_probes(w: World) -> dict[str, Attack]:
    ids, missing = w.ids, w.missing
    hidden = w.hidden.id
    user, ws = missing["users"], missing["workspaces"]
    secret = w.workspace_ids["ws_secret"]
    field = missing["custom_fields"]
    return {
        # identity
        "with_users": _one("with_users", hidden, user),
        "without_users": _one("without_users", hidden, user, excludes=True),
        "by_email_address": _one("by_email_address", w.emails["hidden"], f"{NOBODY}@x.test"),
        "by_email_addresses": _one(
            "by_email_addresses", f"{NOBODY}@y.test,{w.emails['hidden']}", f"{NOBODY}@x.test"
        ),
        "by_full_name": _one("by_full_name", "zebulon quill", NOBODY),
        "by_full_name_or_account_role": _one("by_full_name_or_account_role", "cryptog", NOBODY),
        "search": _one("search", "quillfeather hidden.test", NOBODY),
        "matching": _one("matching", "zebulon.q", NOBODY),
        "created_after": Sweep(({"created_after": "2000-01-01"}, {"created_after": "2100-01-01"})),
        "created_before": _one("created_before", "2002-01-01", "1990-01-01"),
        "updated_after": _one("updated_after", "2098-01-01", "2100-01-01"),
        "updated_before": Sweep(({"updated_before": "2100-01-01"}, {"updated_before": "2000"})),
        # account
        "account_id": Sweep(
            ({"account_id": str(w.accounts["home"])}, {"account_id": str(w.accounts["other"])})
        ),
        "on_my_account": _booleans("on_my_account"),
        # The seer shares the hidden user's account, which this filter always reaches.
        "on_my_account_or_participant_in_workspace": Probe(
            {"on_my_account_or_participant_in_workspace": str(secret)},
            {"on_my_account_or_participant_in_workspace": str(ws)},
            exclusive=False,
        ),
        "account_role_ids": _one("account_role_ids", ids["role_secret"], missing["roles"]),
        "show_disabled": _booleans("show_disabled"),
        # membership
        "all_contacts": _booleans("all_contacts"),
        "contacts_on_different_account": _booleans("contacts_on_different_account"),
        "can_view_reports": _booleans("can_view_reports"),
        "is_project_lead": _booleans("is_project_lead"),
        "managers": _booleans("managers"),
        "only_possible_managees": _booleans("only_possible_managees"),
        "only_possible_managers": _booleans("only_possible_managers"),
        "show_users_in_insights_groups": _booleans("show_users_in_insights_groups"),
        "provider_leads_on_account_projects": _booleans("provider_leads_on_account_projects"),
        "belonging_to_orgs": Probe(
            {"belonging_to_orgs": f"{ids['geography_secret']};{ids['department_secret']}"},
            {"belonging_to_orgs": f"{missing['organizations']};{missing['organizations']}"},
        ),
        "with_organizations": _booleans("with_organizations"),
        # work
        "participant_in": _one("participant_in", secret, ws),
        "not_participant_in": _one("not_participant_in", secret, ws, excludes=True),
        "write_access_in": _one("write_access_in", secret, ws),
        "can_be_approver_in_workspace": _one("can_be_approver_in_workspace", secret, ws),
        "clients_only": _booleans("clients_only"),
        "consultants_only": _booleans("consultants_only"),
        "assignable_to_resource": _one(
            "assignable_to_resource", ids["resource_secret"], missing["workspace_resources"]
        ),
        "not_assigned_to": _one(
            "not_assigned_to", ids["story_secret"], missing["stories"], excludes=True
        ),
        "not_following": _one(
            "not_following", ids["story_secret"], missing["stories"], excludes=True
        ),
        "potential_followers_for_story": _one(
            "potential_followers_for_story", ids["story_secret"], missing["stories"]
        ),
        "with_created_estimates": _booleans("with_created_estimates"),
        "without_timesheet_submission": _one(
            "without_timesheet_submission",
            f"{secret}:2024-01-01:2024-01-31",
            f"{ws}:2024-01-01:2024-01-31",
        ),
        "not_on_calendars": _one(
            "not_on_calendars",
            ids["calendar_secret"],
            missing["holiday_calendars"],
            excludes=True,
        ),
        # skills
        "with_skills": _one(
            "with_skills",
            f"{{'{ids['skill_secret']}':[4]}}",
            f"{{'{missing['skills']}':[]}}",
        ),
        "without_skills": _one(
            "without_skills", ids["skill_secret"], missing["skills"], excludes=True
        ),
        # custom fields
        "by_custom_choice_value": _one(
            "by_custom_choice_value",
            f"{ids['f_choice']}:{ids['choice_secret']}",
            f"{ids['f_choice']}:{missing['custom_field_choices']}",
        ),
        "by_custom_currency_value": _one(
            "by_custom_currency_value", f"{ids['f_currency']}:1234.50:EUR", f"{field}:1234.50:EUR"
        ),
        "by_custom_date_value": _one(
            "by_custom_date_value",
            f"{ids['f_date']}:1999-12-31:1999-12-31",
            f"{ids['f_date']}:1900-01-01:1900-01-01",
        ),
        "by_custom_number_value": _one(
            "by_custom_number_value", f"{ids['f_number']}:42424242", f"{ids['f_number']}:1"
        ),
        "by_custom_text_value": _one(
            "by_custom_text_value", f"{ids['f_text']}:cf-secret", f"{ids['f_text']}:{NOBODY}"
        ),
        "has_value_for_custom_field_ids": _one(
            "has_value_for_custom_field_ids", ids["f_number"], field
        ),
        # external references
        "external_reference_external_message": _one(
            "external_reference_external_message", "hidden-ext-message", NOBODY
        ),
        "external_reference_external_status": _one(
            "external_reference_external_status", "hidden-ext-status", NOBODY
        ),
        "external_reference_service_model": _one(
            "external_reference_service_model", "HiddenModel", NOBODY
        ),
        "external_reference_service_model_ref": _one(
            "external_reference_service_model_ref", "HIDDEN-REF-77", NOBODY
        ),
        "external_reference_service_model_refs": _one(
            "external_reference_service_model_refs", f"{NOBODY},HIDDEN-REF-77", NOBODY
        ),
        "external_reference_service_name": _one(
            "external_reference_service_name", "hidden-sync", NOBODY
        ),
        # Only the hidden user has a reference that failed; nobody has a successful one.
        "external_reference_status": _one("external_reference_status", "fail", "successful"),
        "has_external_references": _booleans("has_external_references"),
        "without_external_reference_service_name": _one(
            "without_external_reference_service_name", "hidden-sync", NOBODY, excludes=True
        ),
    }


def kantata_reserved_probes(w: World) -> dict[str, Attack]:
    """Brainstem's reserved parameters that can name or widen to users."""
    return {
        "only": _one("only", w.hidden.id, w.missing["users"]),
        "apply_default_filters": Sweep(
            ({"apply_default_filters": "false"}, {"apply_default_filters": "true"})
        ),
        "order": Sweep(({"order": "alphabetical:desc"}, {"order": "alphabetical:asc"})),
    }


def teamwork_probes(w: World) -> dict[str, Attack]:
    hidden = w.hidden.id
    user, ws = w.missing["users"], w.missing["workspaces"]
    secret = w.workspace_ids["ws_secret"]
    accounts = w.accounts
    team = w.ids["department_secret"]
    return {
        "userType": Sweep(tuple({"userType": t} for t in ("account", "collaborator", "contact"))),
        "searchTerm": _one("searchTerm", "quillfeather hidden.test", NOBODY),
        "searchUserJobRole": Probe(
            {"searchTerm": "cryptographer", "searchUserJobRole": "true"},
            {"searchTerm": NOBODY, "searchUserJobRole": "true"},
        ),
        "updatedAfter": _one("updatedAfter", "2098-01-01T00:00:00Z", "2100-01-01T00:00:00Z"),
        "lastLoginAfter": _one("lastLoginAfter", "2098-01-01T00:00:00Z", "2100-01-01T00:00:00Z"),
        "showDeleted": _booleans("showDeleted"),
        "onlySiteOwner": _booleans("onlySiteOwner"),
        "onlyOwnerCompany": _booleans("onlyOwnerCompany"),
        "inclusiveFilter": Probe(
            {"inclusiveFilter": "true", "ids": str(hidden), "teamIds": str(team)},
            {
                "inclusiveFilter": "true",
                "ids": str(user),
                "teamIds": str(w.missing["organizations"]),
            },
        ),
        "includeServiceAccounts": _booleans("includeServiceAccounts"),
        "includePlaceholders": _booleans("includePlaceholders"),
        "includeCollaborators": _booleans("includeCollaborators"),
        "includeClients": _booleans("includeClients"),
        "excludeContacts": _booleans("excludeContacts"),
        "filterByNoCostRate": _booleans("filterByNoCostRate"),
        "teamIds": _one("teamIds", team, w.missing["organizations"]),
        "projectIds": _one("projectIds", secret, ws),
        "excludeProjectIds": _one("excludeProjectIds", secret, ws, excludes=True),
        "ids": _one("ids", hidden, user),
        "excludeIds": _one("excludeIds", hidden, user, excludes=True),
        "companyIds": Sweep(
            ({"companyIds": str(accounts["home"])}, {"companyIds": str(accounts["other"])})
        ),
        # Only on the project endpoints; attacked there (test_filter_probes).
        "includeObservers": _booleans("includeObservers"),
    }
