"""Accessibility (BITV 2.0 / WCAG): axe-core on every main page, per role.

axe-core comes bundled with the axe-playwright-python package. A page fails on any violation of
impact "serious" or "critical". The pages also must not trigger Content-Security-Policy reports.
Append new pages to PAGES: (role, url name, kwargs key or None). Kwargs keys name objects that
`_objects` creates once per test.
"""

import pytest
from django.urls import reverse

from kmut import roles
from tests.browser.helpers import log_in
from tests.consultations.factories import ConsultationFactory
from tests.factories import MunicipalityFactory, OfferFactory, OrganisationFactory, UserFactory
from tests.reporting import annual_factories as annual
from tests.reporting import factories as rep
from tests.roundtable import factories as rt
from tests.volunteers import factories as vol

pytestmark = pytest.mark.browser

ANONYMOUS = None

PAGES = [
    (ANONYMOUS, "login", None),
    (ANONYMOUS, "password_reset", None),
    (ANONYMOUS, "actors_public:atlas", None),
    (roles.COORDINATION, "dashboard", None),
    (roles.COORDINATION, "two_factor_setup", None),
    (roles.COORDINATION, "password_change", None),
    (roles.COORDINATION, "kmut:reference_index", None),
    (roles.COORDINATION, "kmut:municipality_list", None),
    (roles.COORDINATION, "kmut:municipality_detail", "municipality"),
    (roles.COORDINATION, "kmut:municipality_create", None),
    (roles.COORDINATION, "actors:index", None),
    (roles.COORDINATION, "actors:organisation_list", None),
    (roles.COORDINATION, "actors:organisation_detail", "organisation"),
    (roles.COORDINATION, "actors:organisation_create", None),
    (roles.COORDINATION, "actors:offer_list", None),
    (roles.COORDINATION, "actors:offer_detail", "offer"),
    (roles.COORDINATION, "actors:updaterequest_list", None),
    (roles.COORDINATION, "roundtable:index", None),
    (roles.COORDINATION, "roundtable:body_detail", "body"),
    (roles.COORDINATION, "roundtable:meeting_detail", "meeting"),
    (roles.COORDINATION, "roundtable:meeting_create", "body_pk"),
    (roles.COORDINATION, "roundtable:actionitem_list", None),
    (roles.COORDINATION, "volunteers:index", None),
    (roles.COORDINATION, "volunteers:volunteer_list", None),
    (roles.COORDINATION, "volunteers:volunteer_detail", "volunteer"),
    (roles.COORDINATION, "volunteers:volunteer_create", None),
    (roles.COORDINATION, "volunteers:assignment_list", None),
    (roles.COORDINATION, "volunteers:assignment_detail", "assignment"),
    (roles.COORDINATION, "volunteers:course_list", None),
    (roles.COORDINATION, "volunteers:course_detail", "course"),
    (roles.COORDINATION, "volunteers:claim_list", None),
    (roles.COORDINATION, "volunteers:claim_detail", "claim"),
    (roles.COORDINATION, "volunteers:paymentrun_list", None),
    (roles.COORDINATION, "volunteers:paymentrun_create", None),
    (roles.COORDINATION, "consultations:index", None),
    (roles.COORDINATION, "consultations:consultation_create", None),
    (roles.COORDINATION, "consultations:consultation_detail", "consultation"),
    (roles.COORDINATION, "consultations:client_list", None),
    (roles.COORDINATION, "consultations:client_detail", "client"),
    (roles.COORDINATION, "consultations:statistics", None),
    (roles.COORDINATION, "reporting:index", None),
    (roles.COORDINATION, "reporting:annualreport_list", None),
    (roles.COORDINATION, "reporting:annualreport_detail", "annual_report"),
    (roles.COORDINATION, "reporting:plan_list", None),
    (roles.COORDINATION, "reporting:plan_detail", "plan"),
    (roles.COORDINATION, "reporting:plan_progress", "plan"),
    (roles.COORDINATION, "reporting:funding_overview", None),
    (roles.COORDINATION, "reporting:statement_detail", "statement"),
    (roles.COORDINATION, "reporting:fundingrule_list", None),
    (roles.VOLUNTEER, "dashboard", None),
    (roles.VOLUNTEER, "volunteers:portal", None),
    (roles.VOLUNTEER, "volunteers:portal_profile", None),
    (roles.VOLUNTEER, "volunteers:portal_claim_create", None),
    (roles.VOLUNTEER, "volunteers:portal_claim_detail", "own_claim"),
    (roles.VOLUNTEER, "volunteers:portal_assignment", "own_assignment"),
    (roles.LEADERSHIP, "reporting:annualreport_release", "reviewed_report"),
    (roles.COMMITTEE, "dashboard", None),
    (roles.COMMITTEE, "reporting:index", None),
    (roles.COMMITTEE, "reporting:released_list", None),
    (roles.ADMINISTRATION, "dashboard", None),
    (roles.ADMINISTRATION, "kmut:user_list", None),
    (roles.ADMINISTRATION, "kmut:user_detail", "user"),
    (roles.ADMINISTRATION, "kmut:user_create", None),
    (roles.COORDINATION, "volunteers:rateset_list", None),
    (roles.COORDINATION, "volunteers:rateset_detail", "rate_set"),
    (roles.LEADERSHIP, "dashboard", None),
    (roles.LEADERSHIP, "volunteers:rateset_create", None),
]

BLOCKING_IMPACTS = ("serious", "critical")


def _objects(volunteer_user):
    meeting = rt.MeetingFactory()
    consultation = ConsultationFactory()
    portal_volunteer = vol.VolunteerFactory(user=volunteer_user)
    return {
        "municipality": {"pk": MunicipalityFactory().pk},
        "organisation": {"pk": OrganisationFactory().pk},
        "offer": (lambda o: {"organisation_pk": o.organisation_id, "pk": o.pk})(OfferFactory()),
        "body": {"pk": meeting.body_id},
        "body_pk": {"body_pk": meeting.body_id},
        "meeting": {"pk": meeting.pk},
        "volunteer": {"pk": vol.VolunteerFactory().pk},
        "assignment": {"pk": vol.AssignmentFactory().pk},
        "course": {"pk": vol.TrainingCourseFactory().pk},
        "claim": {"pk": vol.ExpenseClaimFactory().pk},
        "annual_report": {"pk": annual.AnnualReportFactory().pk},
        "reviewed_report": {  # the release page with its completeness check and checkboxes
            "pk": annual.AnnualReportFactory(
                status="reviewed", reviewed_by=UserFactory(role=roles.COORDINATION)
            ).pk
        },
        "own_claim": {"pk": vol.ExpenseClaimFactory(volunteer=portal_volunteer).pk},
        "own_assignment": {"pk": vol.AssignmentFactory(volunteer=portal_volunteer).pk},
        "consultation": {"pk": consultation.pk},
        "client": {"pk": consultation.client_id},
        "plan": {"pk": rep.MeasureFactory().goal.plan_id},
        "statement": {"pk": rep.FundingStatementFactory().pk},
        "user": {"pk": UserFactory().pk},
        "rate_set": {"pk": vol.RateSetFactory().pk},
    }


ROLE_USERS = {
    roles.COORDINATION: "a11y-koordination",
    roles.LEADERSHIP: "a11y-leitung",
    roles.VOLUNTEER: "a11y-ehrenamt",
    roles.COMMITTEE: "a11y-ausschuss",
    roles.ADMINISTRATION: "a11y-admin",
    roles.LEADERSHIP: "a11y-leitung",
}


@pytest.mark.parametrize("role", [ANONYMOUS, *ROLE_USERS], ids=lambda r: r or "anonymous")
def test_main_pages_have_no_serious_accessibility_violations(page, live_server, synced_roles, role):
    from axe_playwright_python.sync_playwright import Axe

    volunteer_user = UserFactory(username=ROLE_USERS[roles.VOLUNTEER], role=roles.VOLUNTEER)
    objects = _objects(volunteer_user)
    if role is not None and role != roles.VOLUNTEER:
        UserFactory(username=ROLE_USERS[role], role=role)
    csp_reports = []
    page.on(
        "console",
        lambda message: (
            csp_reports.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    if role is not None:
        log_in(page, live_server, ROLE_USERS[role])

    axe = Axe()
    problems = []
    for page_role, name, kwargs_key in PAGES:
        if page_role != role:
            continue
        url = reverse(name, kwargs=objects[kwargs_key] if kwargs_key else None)
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, f"{name}: HTTP {response.status}"
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in BLOCKING_IMPACTS:
                targets = [node["target"] for node in violation["nodes"][:3]]
                problems.append(f"{name}: {violation['id']} ({violation['impact']}) {targets}")
    assert not problems, "\n".join(problems)
    assert not csp_reports, "\n".join(csp_reports)
