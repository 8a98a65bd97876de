"""Roles as code: each role is a Django group with exactly these permissions.

`manage.py sync_roles` applies this mapping idempotently (on every setup and deploy). Apps add
their codenames here as they are built; nothing else grants permissions.
"""

from django.utils.translation import gettext_lazy as _

COORDINATION = "Koordination"
LEADERSHIP = "Leitung"
VOLUNTEER = "Ehrenamt"
COMMITTEE = "Ausschuss"
ADMINISTRATION = "Administration"

REFERENCE_DATA = [
    f"kmut.{action}_{model}"
    for model in ("municipality", "language", "fieldofaction")
    for action in ("view", "add", "change")
]

REGISTRY = [
    f"actors.{action}_{model}"
    for model in ("organisation", "contactperson", "offer")
    for action in ("view", "add", "change")
] + [
    "actors.merge_organisation",
    "actors.import_organisation",
    "actors.view_updaterequest",
    "actors.add_updaterequest",
    "actors.change_updaterequest",
]

BODIES = [
    f"roundtable.{action}_{model}"
    for model in (
        "body",
        "membership",
        "meeting",
        "agendaitem",
        "attendance",
        "decision",
        "actionitem",
        "minutesamendment",
        "invitation",
        "event",
    )
    for action in ("view", "add", "change")
] + [
    # Events and projects: a mistaken entry may be deleted (the history keeps it).
    "roundtable.delete_event",
]

VOLUNTEERING = [
    f"volunteers.{action}_{model}"
    for model in (
        "programme",
        "volunteer",
        "volunteerlanguage",
        "assignment",
        "hoursentry",
        "trainingcourse",
        "trainingsession",
        "courseparticipant",
        "participantgroup",
        "expenseclaim",
        "receipt",
        "paymentrun",
    )
    for action in ("view", "add", "change")
] + [
    "volunteers.approve_expenseclaim",
    "volunteers.view_rateset",
    "volunteers.import_volunteer",
]

# Only the head of office sets the reimbursement rates (a new set from a date; never edits).
VOLUNTEERING_LEAD = ["volunteers.add_rateset", "volunteers.change_rateset"]

REPORTING = [
    f"reporting.{action}_{model}"
    for model in (
        "actionplan",
        "goal",
        "measure",
        "indicator",
        "indicatorvalue",
        "costcentre",
        "fundingrule",
        "fundingstatement",
        "post",
        "grant",
        "annualreport",
    )
    for action in ("view", "add", "change")
] + [
    "reporting.delete_goal",
    "reporting.delete_measure",
    "reporting.delete_indicator",
    "reporting.delete_fundingstatement",
    "reporting.view_documentdownload",
]

CONSULTATIONS = [
    f"consultations.{action}_{model}"
    for model in ("client", "clientidentity", "consultation", "consultationtopic", "referral")
    for action in ("view", "add", "change")
]

# Only the head of office: Art. 15 export, Art. 17 erasure, everyone's notes, the access log.
CONSULTATIONS_LEAD = [
    "consultations.export_client",
    "consultations.erase_client",
    "consultations.view_all_notes",
    "consultations.view_accesslog",
]

_STAFF = [
    "kmut.use_staff_area",
    "kmut.view_released_documents",
    *REFERENCE_DATA,
    *REGISTRY,
    *BODIES,
    *VOLUNTEERING,
    *REPORTING,
    *CONSULTATIONS,
]

ROLES: dict[str, list[str]] = {
    # Office staff: everything the office does, except administration.
    COORDINATION: _STAFF,
    # Head of office: staff plus approving and releasing (the approve/release codenames of the
    # apps join this list as those apps are built).
    LEADERSHIP: [
        *_STAFF,
        *CONSULTATIONS_LEAD,
        *VOLUNTEERING_LEAD,
        "reporting.release_annualreport",
        # The office's staff (Koordination): reset the second factor, deactivate, reactivate.
        "kmut.manage_staff_accounts",
    ],
    # Volunteers: only their own data, through the volunteer portal.
    VOLUNTEER: ["kmut.use_volunteer_portal"],
    # Committee members: only released reports and statements.
    COMMITTEE: ["kmut.view_released_documents"],
    # Administration: user accounts and roles; reads the reference data it assigns.
    ADMINISTRATION: [
        "kmut.manage_users",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "django_q.view_schedule",  # the page "Hintergrundaufgaben": last runs and failures
        *[p for p in REFERENCE_DATA if ".view_" in p],
    ],
}

ROLE_LABELS = {
    COORDINATION: _("Coordination"),
    LEADERSHIP: _("Head of office"),
    VOLUNTEER: _("Volunteer"),
    COMMITTEE: _("Committee member"),
    ADMINISTRATION: _("Administration"),
}

STAFF_ROLES = (COORDINATION, LEADERSHIP)


def role_of(user) -> str | None:
    """The user's role (first matching group in ROLES order), or None."""
    names = {group.name for group in user.groups.all()}
    return next((role for role in ROLES if role in names), None)
