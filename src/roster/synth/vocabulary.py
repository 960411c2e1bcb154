"""The curated facts the generator draws from: offices, departments, skills, custom fields.

Faker supplies names, company names and prose; these tables supply what Faker cannot make
coherent. Faker's city, state and timezone are drawn independently of one another (a "Lake
Jennifer, Vermont" in "Asia/Tokyo"), so locations come from a list of real offices whose city,
state, country and IANA timezone agree, and each office names the Faker locale its people's
names come from.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Office:
    city: str
    state: str
    country: str
    country_code: str
    timezone: str
    locale: str
    region: str
    weight: int


# city | state | country | ISO country code | IANA timezone | Faker locale | region | weight
_OFFICE_TABLE = """
New York | New York | United States | US | America/New_York | en_US | Americas | 14
Boston | Massachusetts | United States | US | America/New_York | en_US | Americas | 6
Chicago | Illinois | United States | US | America/Chicago | en_US | Americas | 7
Austin | Texas | United States | US | America/Chicago | en_US | Americas | 5
Denver | Colorado | United States | US | America/Denver | en_US | Americas | 3
San Francisco | California | United States | US | America/Los_Angeles | en_US | Americas | 8
Seattle | Washington | United States | US | America/Los_Angeles | en_US | Americas | 4
Toronto | Ontario | Canada | CA | America/Toronto | en_CA | Americas | 5
Vancouver | British Columbia | Canada | CA | America/Vancouver | en_CA | Americas | 2
Mexico City | Ciudad de México | Mexico | MX | America/Mexico_City | es_MX | Americas | 3
São Paulo | São Paulo | Brazil | BR | America/Sao_Paulo | pt_BR | Americas | 3
London | England | United Kingdom | GB | Europe/London | en_GB | EMEA | 10
Manchester | England | United Kingdom | GB | Europe/London | en_GB | EMEA | 3
Edinburgh | Scotland | United Kingdom | GB | Europe/London | en_GB | EMEA | 2
Dublin | Leinster | Ireland | IE | Europe/Dublin | en_IE | EMEA | 3
Berlin | Berlin | Germany | DE | Europe/Berlin | de_DE | EMEA | 4
Munich | Bavaria | Germany | DE | Europe/Berlin | de_DE | EMEA | 2
Paris | Île-de-France | France | FR | Europe/Paris | fr_FR | EMEA | 4
Amsterdam | North Holland | Netherlands | NL | Europe/Amsterdam | nl_NL | EMEA | 3
Madrid | Community of Madrid | Spain | ES | Europe/Madrid | es_ES | EMEA | 2
Milan | Lombardy | Italy | IT | Europe/Rome | it_IT | EMEA | 2
Stockholm | Stockholm County | Sweden | SE | Europe/Stockholm | sv_SE | EMEA | 2
Warsaw | Masovian | Poland | PL | Europe/Warsaw | pl_PL | EMEA | 3
Bengaluru | Karnataka | India | IN | Asia/Kolkata | en_IN | APAC | 6
Pune | Maharashtra | India | IN | Asia/Kolkata | en_IN | APAC | 3
Singapore | Singapore | Singapore | SG | Asia/Singapore | en_GB | APAC | 2
Sydney | New South Wales | Australia | AU | Australia/Sydney | en_AU | APAC | 3
Melbourne | Victoria | Australia | AU | Australia/Melbourne | en_AU | APAC | 2
Auckland | Auckland | New Zealand | NZ | Pacific/Auckland | en_NZ | APAC | 1
"""


def _office(line: str) -> Office:
    city, state, country, code, timezone, locale, region, weight = (
        field.strip() for field in line.split("|")
    )
    return Office(city, state, country, code, timezone, locale, region, int(weight))


OFFICES: tuple[Office, ...] = tuple(map(_office, _OFFICE_TABLE.strip().splitlines()))

LOCALES: tuple[str, ...] = tuple(dict.fromkeys(office.locale for office in OFFICES))


@dataclass(frozen=True, slots=True)
class Department:
    name: str
    weight: int
    teams: tuple[str, ...]
    titles: tuple[str, ...]
    skill_categories: tuple[str, ...]


DEPARTMENTS: tuple[Department, ...] = (
    Department(
        "Consulting",
        30,
        ("Strategy", "Digital Transformation", "Change Management", "Operations"),
        ("Consultant", "Senior Consultant", "Principal Consultant", "Engagement Manager"),
        ("Industries", "Business Applications", "Delivery"),
    ),
    Department(
        "Engineering",
        30,
        ("Platform", "Data & Analytics", "Quality Engineering", "Cloud"),
        (
            "Software Engineer",
            "Senior Software Engineer",
            "Data Engineer",
            "Data Scientist",
            "QA Engineer",
            "DevOps Engineer",
            "Solutions Architect",
        ),
        ("Programming Languages", "Cloud & DevOps", "Data & Analytics"),
    ),
    Department(
        "Design",
        10,
        ("Product Design", "UX Research"),
        ("UX Designer", "Visual Designer", "UX Researcher", "Design Lead"),
        ("Design",),
    ),
    Department(
        "Delivery",
        15,
        ("Project Management Office", "Agile Coaching"),
        ("Project Manager", "Program Manager", "Scrum Master", "Business Analyst"),
        ("Delivery", "Industries"),
    ),
    Department(
        "Sales",
        6,
        ("Enterprise", "Mid-Market"),
        ("Account Executive", "Sales Engineer", "Account Manager"),
        ("Industries", "Business Applications"),
    ),
    Department(
        "Finance",
        3,
        ("Accounting", "FP&A"),
        ("Financial Analyst", "Controller", "Billing Specialist"),
        ("Business Applications",),
    ),
    Department(
        "People Operations",
        3,
        ("Talent Acquisition", "People Partners"),
        ("Recruiter", "People Partner", "Learning Specialist"),
        ("Delivery",),
    ),
    Department(
        "IT",
        3,
        ("Workplace Technology", "Security"),
        ("IT Support Specialist", "Systems Administrator", "Security Analyst"),
        ("Cloud & DevOps",),
    ),
)
# Roles that once existed and were retired: account roles keep a deleted_at instead of vanishing.
RETIRED_ROLES: tuple[str, ...] = ("Webmaster", "Junior Analyst")
EXECUTIVE_TITLES: tuple[str, ...] = (
    "Chief Executive Officer",
    "Chief Operating Officer",
    "Chief Financial Officer",
    "Chief Technology Officer",
    "VP, Delivery",
    "VP, Consulting",
    "Head of Engineering",
    "Head of Design",
)


@dataclass(frozen=True, slots=True)
class SkillCategory:
    name: str
    max_level: int
    skills: tuple[str, ...]


SKILL_CATEGORIES: tuple[SkillCategory, ...] = (
    SkillCategory(
        "Programming Languages",
        5,
        (
            "Python",
            "Java",
            "C#",
            "JavaScript",
            "TypeScript",
            "Go",
            "Kotlin",
            "Swift",
            "Ruby",
            "PHP",
            "Scala",
            "Rust",
            "SQL",
        ),
    ),
    SkillCategory(
        "Cloud & DevOps",
        5,
        (
            "AWS",
            "Microsoft Azure",
            "Google Cloud",
            "Kubernetes",
            "Docker",
            "Terraform",
            "CI/CD",
            "Observability",
        ),
    ),
    SkillCategory(
        "Data & Analytics",
        5,
        (
            "Tableau",
            "Power BI",
            "Snowflake",
            "Apache Spark",
            "dbt",
            "Machine Learning",
            "Statistics",
            "Data Governance",
        ),
    ),
    SkillCategory(
        "Design",
        5,
        (
            "Figma",
            "User Research",
            "Prototyping",
            "Accessibility",
            "Design Systems",
            "Interaction Design",
            "Information Architecture",
        ),
    ),
    SkillCategory(
        "Delivery",
        5,
        (
            "Agile",
            "Scrum",
            "Kanban",
            "PRINCE2",
            "Risk Management",
            "Stakeholder Management",
            "Budgeting",
            "Resource Planning",
        ),
    ),
    SkillCategory(
        "Business Applications",
        5,
        (
            "Salesforce",
            "SAP S/4HANA",
            "Workday",
            "ServiceNow",
            "Microsoft Dynamics 365",
            "NetSuite",
            "HubSpot",
        ),
    ),
    SkillCategory(
        "Industries",
        3,
        (
            "Financial Services",
            "Healthcare",
            "Retail",
            "Public Sector",
            "Energy",
            "Telecommunications",
            "Manufacturing",
            "Media",
        ),
    ),
    # Six levels, A1 to C2 on the European language scale.
    SkillCategory(
        "Languages",
        6,
        (
            "English",
            "Spanish",
            "French",
            "German",
            "Portuguese",
            "Mandarin",
            "Japanese",
            "Hindi",
            "Dutch",
            "Polish",
            "Italian",
        ),
    ),
    # A certification is held or not: one level.
    SkillCategory(
        "Certifications",
        1,
        (
            "AWS Certified Solutions Architect",
            "PMP",
            "Certified ScrumMaster",
            "CISSP",
            "Salesforce Certified Administrator",
            "ITIL 4 Foundation",
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class CustomFieldSpec:
    name: str
    value_type: str
    fill_rate: float
    view_permission: str = "punch_clock"
    edit_permission: str = "administrator"
    currency: str | None = None
    choices: tuple[str, ...] = ()
    subject_type: str = "User"


CUSTOM_FIELDS: tuple[CustomFieldSpec, ...] = (
    CustomFieldSpec("Employee ID", "string", 0.9, edit_permission="account_admin"),
    CustomFieldSpec("Career Goals", "text", 0.25, edit_permission="collaborator"),
    CustomFieldSpec("Years of Experience", "number", 0.6, edit_permission="project_lead"),
    CustomFieldSpec(
        "Day Rate Override",
        "currency",
        0.15,
        view_permission="reports_viewer_with_cost",
        currency="USD",
    ),
    CustomFieldSpec("Contract End Date", "date", 0.1, view_permission="project_lead"),
    CustomFieldSpec(
        "Employment Type",
        "single",
        0.85,
        choices=("Full-time", "Part-time", "Contractor", "Intern"),
    ),
    CustomFieldSpec(
        "Certifications Held",
        "multi",
        0.3,
        edit_permission="project_lead",
        choices=("AWS", "Azure", "GCP", "PMP", "Scrum", "ITIL", "Salesforce"),
    ),
    CustomFieldSpec(
        "Security Clearance",
        "single",
        0.05,
        view_permission="administrator",
        choices=("Baseline", "Secret", "Top Secret"),
    ),
    CustomFieldSpec("Emergency Contact", "string", 0.4, view_permission="account_admin"),
    CustomFieldSpec(
        "Project Code", "string", 0.8, edit_permission="project_lead", subject_type="Workspace"
    ),
)
# Employment Type for employees (contractors are "Contractor"), in the order of its choices.
EMPLOYMENT_WEIGHTS: tuple[int, ...] = (88, 9, 0, 3)


@dataclass(frozen=True, slots=True)
class ExternalService:
    name: str
    model: str
    link: str  # formatted with the external id


EXTERNAL_SERVICES: tuple[ExternalService, ...] = (
    ExternalService(
        "salesforce", "Contact", "https://salesforce.example/lightning/r/Contact/{}/view"
    ),
    ExternalService("workday", "Worker", "https://workday.example/workers/{}"),
    ExternalService("bamboohr", "Employee", "https://bamboohr.example/employees/{}"),
    ExternalService("jira", "User", "https://jira.example/secure/ViewProfile.jspa?id={}"),
    ExternalService(
        "netsuite", "Employee", "https://netsuite.example/app/common/entity/employee.nl?id={}"
    ),
    ExternalService("quickbooks", "Employee", "https://quickbooks.example/app/employees/{}"),
)
SYNC_FAILURES: tuple[str, ...] = (
    "Email address is already in use in the remote system",
    "Remote record was deleted",
    "Manager not found in the remote system",
    "Rate limit exceeded; will retry",
)
SERVICE_ACCOUNTS: tuple[tuple[str, str], ...] = (
    ("Jira", "Sync Bot"),
    ("Salesforce", "Integration"),
    ("Workday", "Connector"),
    ("Reporting", "Service"),
    ("Slack", "Notifier"),
    ("Billing", "Automation"),
)

# (name, month, day): fixed-date public holidays; movable feasts are left out.
COMMON_HOLIDAYS: tuple[tuple[str, int, int], ...] = (
    ("New Year's Day", 1, 1),
    ("Christmas Day", 12, 25),
)
NATIONAL_HOLIDAYS: dict[str, tuple[tuple[str, int, int], ...]] = {
    "US": (("Independence Day", 7, 4), ("Veterans Day", 11, 11), ("Juneteenth", 6, 19)),
    "CA": (("Canada Day", 7, 1), ("Remembrance Day", 11, 11), ("Boxing Day", 12, 26)),
    "MX": (("Independence Day", 9, 16), ("Revolution Day", 11, 20)),
    "BR": (("Tiradentes", 4, 21), ("Independence Day", 9, 7), ("Republic Day", 11, 15)),
    "GB": (("Boxing Day", 12, 26),),
    "IE": (("St Patrick's Day", 3, 17), ("St Stephen's Day", 12, 26)),
    "DE": (("Labour Day", 5, 1), ("German Unity Day", 10, 3), ("Boxing Day", 12, 26)),
    "FR": (("Labour Day", 5, 1), ("Bastille Day", 7, 14), ("Armistice Day", 11, 11)),
    "NL": (("King's Day", 4, 27), ("Liberation Day", 5, 5), ("Boxing Day", 12, 26)),
    "ES": (("Labour Day", 5, 1), ("Hispanic Day", 10, 12), ("Constitution Day", 12, 6)),
    "IT": (("Liberation Day", 4, 25), ("Republic Day", 6, 2), ("Ferragosto", 8, 15)),
    "SE": (("Epiphany", 1, 6), ("National Day", 6, 6), ("Boxing Day", 12, 26)),
    "PL": (("Constitution Day", 5, 3), ("Independence Day", 11, 11)),
    "IN": (("Republic Day", 1, 26), ("Independence Day", 8, 15), ("Gandhi Jayanti", 10, 2)),
    "SG": (("Labour Day", 5, 1), ("National Day", 8, 9)),
    "AU": (("Australia Day", 1, 26), ("Anzac Day", 4, 25), ("Boxing Day", 12, 26)),
    "NZ": (("Waitangi Day", 2, 6), ("Anzac Day", 4, 25), ("Boxing Day", 12, 26)),
}

# (title, minutes Monday..Sunday): alternatives to the account's standard week.
CUSTOM_WORKWEEKS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("Four-day week", (600, 600, 600, 600, 0, 0, 0)),
    ("Part-time (3 days)", (480, 480, 480, 0, 0, 0, 0)),
    ("Part-time (mornings)", (240, 240, 240, 240, 240, 0, 0)),
    ("Compressed 9/80", (540, 540, 540, 540, 480, 0, 0)),
)
STANDARD_WEEK: tuple[int, ...] = (480, 480, 480, 480, 480, 0, 0)

PROJECT_KINDS: tuple[str, ...] = (
    "Website Redesign",
    "ERP Migration",
    "Cloud Migration",
    "Data Platform",
    "Mobile App",
    "CRM Rollout",
    "Brand Refresh",
    "Security Assessment",
    "Process Optimisation",
    "Customer Portal",
    "Analytics Dashboard",
    "Market Entry Strategy",
    "Cost Reduction Programme",
    "Salesforce Implementation",
    "Workday Deployment",
    "Supply Chain Review",
    "Digital Strategy",
    "Platform Modernisation",
    "API Integration",
    "Support Retainer",
)
PROJECT_PHASES: tuple[str, ...] = ("", "", "", " Phase 2", " Phase 3", " Discovery", " Pilot")
STORY_VERBS: tuple[str, ...] = (
    "Draft",
    "Review",
    "Finalise",
    "Present",
    "Update",
    "Test",
    "Document",
    "Plan",
    "Sign off",
)
STORY_OBJECTS: tuple[str, ...] = (
    "requirements",
    "data model",
    "test plan",
    "stakeholder map",
    "wireframes",
    "migration runbook",
    "budget forecast",
    "kick-off deck",
    "UAT scripts",
    "status report",
    "release notes",
    "API specification",
    "risk register",
    "training material",
    "cut-over plan",
)
STORY_STATES: tuple[str, ...] = (
    "not started",
    "started",
    "needs feedback",
    "completed",
    "accepted",
)
TIMESHEET_STATUSES: tuple[str, ...] = ("submitted", "approved", "approved", "approved", "rejected")
CLASSIFICATIONS: tuple[str, ...] = ("Employee", "Employee", "Employee", "Employee", "Contractor")
