"""Role x URL matrix: every URL of the project, every role, the exact expected answer.

Add each new URL here; test_every_url_is_in_the_matrix fails until you do.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kmut import roles
from tests.consultations import factories as cons
from tests.factories import (
    ContactPersonFactory,
    FieldOfActionFactory,
    LanguageFactory,
    MunicipalityFactory,
    OfferFactory,
    OrganisationFactory,
    UpdateRequestFactory,
    UserFactory,
)
from tests.reporting import annual_factories as annual
from tests.reporting import factories as rep
from tests.roundtable import factories as rt
from tests.volunteers import factories as vol

ALL_ROLES = tuple(roles.ROLES)
STAFF = (roles.COORDINATION, roles.LEADERSHIP)
RELEASED_READERS = (*STAFF, roles.COMMITTEE)
REFERENCE_READERS = (*STAFF, roles.ADMINISTRATION)
ADMIN = (roles.ADMINISTRATION,)
LEAD = (roles.LEADERSHIP,)
VOLUNTEER = (roles.VOLUNTEER,)
# Portal pages for one volunteer's own object: another volunteer gets 404, other roles 403.
OWN_ONLY = "own-only"
PUBLIC = "public"
# htmx endpoints of the portal answering POST only: volunteers get 405 for GET, others 403.
POST_VOLUNTEER = "post-volunteer"
# The code step of the login: roles with a second factor get the form (their test clients have
# a device), the others are sent on to the optional setup page.
SECOND_FACTOR = "second-factor"
TWO_FACTOR_ROLES = (*STAFF, roles.ADMINISTRATION)
# User pages and account actions on a staff member's (Koordination) account: the administration
# and the head of office. Actions answer POST only.
ACCOUNT_MANAGERS = (roles.ADMINISTRATION, roles.LEADERSHIP)
POST_ACCOUNTS = "post-accounts"


class PostOnly(tuple):
    """A state-changing action answering POST only: GET gets 403 or 405; a POST by one of these
    roles is carried out or refused with a message (302), any other role gets 403. An action
    posting a form of its page (`form=True`) answers an empty POST with that page and the form's
    errors (200)."""

    refused_with = 302


def post_only(*allowed, form=False):
    marker = PostOnly(allowed)
    if form:
        marker.refused_with = 200
    return marker


def _pk(factory):
    return lambda: {"pk": factory().pk}


def _staff_account():
    return {"pk": UserFactory(role=roles.COORDINATION).pk}


def _child(factory):
    def make():
        obj = factory()
        return {"organisation_pk": obj.organisation_id, "pk": obj.pk}

    return make


def _course_child(factory):
    def make():
        obj = factory()
        return {"course_pk": obj.course_id, "pk": obj.pk}

    return make


def _token():
    return {"token": UpdateRequestFactory().token}


def _meeting_child(factory):
    def make():
        obj = factory()
        return {"meeting_pk": obj.meeting_id, "pk": obj.pk}

    return make


def _body_child(factory):
    def make():
        obj = factory()
        return {"body_pk": obj.body_id, "pk": obj.pk}

    return make


def _staff_calendar_token():
    from roundtable.models import CalendarToken

    user = UserFactory(role=roles.COORDINATION)
    return {"token": CalendarToken.objects.create(user=user).token}


def _receipt():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from volunteers.models import Receipt

    receipt = Receipt.objects.create(
        claim=vol.ExpenseClaimFactory(),
        file=SimpleUploadedFile("beleg.pdf", b"%PDF-1.4 test"),
        original_name="beleg.pdf",
        content_type="application/pdf",
        size=13,
    )
    return {"pk": receipt.pk}


def _payment_run():
    from datetime import date

    from volunteers.models import PaymentRun

    run = PaymentRun.objects.create(
        number=f"ZL-2026-{PaymentRun.objects.count() + 1:03d}",
        created_by=UserFactory(),
        execution_date=date(2026, 12, 1),
        total=0,
    )
    return {"pk": run.pk}


def _oparl(public):
    """The OParl API's URLs of one variant with objects each variant shows."""
    allowed = PUBLIC if public else STAFF
    namespace = "oparl" if public else "oparl_staff"
    urls = {
        "system": None,
        "body_list": None,
        "body": lambda: {"body": "1"},
        "list": lambda: {"body": "1", "name": "meeting"},
        "gremium": _pk(rt.BodyFactory),
        "institution": lambda: {"pk": rt.MembershipFactory().organisation_id},
        "contact": lambda: {"pk": rt.MembershipFactory().delegate_id},
        "membership": _pk(rt.MembershipFactory),
        "deputy_membership": _pk(lambda: rt.MembershipFactory(deputy=ContactPersonFactory())),
        "meeting": _pk(rt.MeetingFactory),
        "agenda_item": _pk(rt.AgendaItemFactory),
        "location": _pk(rt.MeetingFactory),
        "paper": _pk(annual.ReleasedReportFactory),
        "file": _pk(annual.ReleasedReportFactory),
    }
    if public:
        urls["file_download"] = _pk(annual.ReleasedReportFactory)
    else:
        urls["individual"] = _pk(
            lambda: rt.MembershipFactory(organisation=None, delegate=None, person_name="E. M.")
        )
    return {f"{namespace}:{name}": (allowed, kwargs) for name, kwargs in urls.items()}


def _import_batch():
    from actors.models import ImportBatch

    counts = {"new": 1, "update": 0, "skip": 0, "error": 0, "uncertain": 0}
    batch = ImportBatch.objects.create(
        kind="organisations", file_name="liste.csv", created_by=UserFactory(), counts=counts
    )
    return {"pk": batch.pk}


def _reset_kwargs():
    return {"uidb64": "MQ", "token": "set-password"}


# url name -> (roles allowed, kwargs factory or None). PUBLIC: reachable without login.
MATRIX = {
    "dashboard": (ALL_ROLES, None),
    "login": (PUBLIC, None),
    "logout": (post_only(*ALL_ROLES), None),
    "password_change": (ALL_ROLES, None),
    "password_change_done": (ALL_ROLES, None),
    "password_reset": (PUBLIC, None),
    "password_reset_done": (PUBLIC, None),
    "password_reset_confirm": (PUBLIC, _reset_kwargs),
    "password_reset_complete": (PUBLIC, None),
    "invitation_confirm": (PUBLIC, _reset_kwargs),
    "set_language": ("post-only-public", None),
    "healthz": (PUBLIC, None),
    "two_factor_setup": (ALL_ROLES, None),
    "two_factor_verify": (SECOND_FACTOR, None),
    "kmut:reference_index": (REFERENCE_READERS, None),
    "kmut:reference_pdf": (REFERENCE_READERS, None),
    "kmut:municipality_list": (REFERENCE_READERS, None),
    "kmut:municipality_detail": (REFERENCE_READERS, _pk(MunicipalityFactory)),
    "kmut:municipality_create": (STAFF, None),
    "kmut:municipality_update": (STAFF, _pk(MunicipalityFactory)),
    "kmut:language_list": (REFERENCE_READERS, None),
    "kmut:language_detail": (REFERENCE_READERS, _pk(LanguageFactory)),
    "kmut:language_create": (STAFF, None),
    "kmut:language_update": (STAFF, _pk(LanguageFactory)),
    "kmut:fieldofaction_list": (REFERENCE_READERS, None),
    "kmut:fieldofaction_detail": (REFERENCE_READERS, _pk(FieldOfActionFactory)),
    "kmut:fieldofaction_create": (STAFF, None),
    "kmut:fieldofaction_update": (STAFF, _pk(FieldOfActionFactory)),
    "kmut:user_list": (ACCOUNT_MANAGERS, None),
    "kmut:job_status": (ADMIN, None),
    "kmut:user_create": (ADMIN, None),
    "kmut:user_detail": (ACCOUNT_MANAGERS, _staff_account),
    "kmut:user_update": (ADMIN, _pk(UserFactory)),
    "kmut:user_reset_two_factor": (POST_ACCOUNTS, _staff_account),
    "kmut:user_deactivate": (POST_ACCOUNTS, _staff_account),
    "kmut:user_activate": (POST_ACCOUNTS, _staff_account),
    "actors:index": (STAFF, None),
    "actors:organisation_list": (STAFF, None),
    "actors:organisation_export": (STAFF, None),
    "actors:organisation_import": (STAFF, None),
    "actors:organisation_import_preview": ("redirects-staff", None),
    "actors:organisation_import_mapping": ("redirects-staff", None),
    "actors:organisation_import_errors": ("redirects-staff", None),
    "actors:organisation_import_decide": (post_only(*STAFF), None),
    "actors:organisation_import_confirm": (post_only(*STAFF), None),
    "actors:organisation_import_cancel": (post_only(*STAFF), None),
    "actors:import_batch_list": (STAFF, None),
    "actors:import_batch_detail": (STAFF, _import_batch),
    "actors:import_batch_undo": (post_only(*STAFF), _import_batch),
    "volunteers:volunteer_import": (STAFF, None),
    "volunteers:volunteer_import_preview": ("redirects-staff", None),
    "volunteers:volunteer_import_mapping": ("redirects-staff", None),
    "volunteers:volunteer_import_errors": ("redirects-staff", None),
    "volunteers:volunteer_import_decide": (post_only(*STAFF), None),
    "volunteers:volunteer_import_confirm": (post_only(*STAFF), None),
    "volunteers:volunteer_import_cancel": (post_only(*STAFF), None),
    "actors:organisation_create": (STAFF, None),
    "actors:organisation_similar": (STAFF, None),
    "actors:organisation_detail": (STAFF, _pk(OrganisationFactory)),
    "actors:organisation_update": (STAFF, _pk(OrganisationFactory)),
    "actors:organisation_archive": (post_only(*STAFF), _pk(OrganisationFactory)),
    "actors:organisation_restore": (post_only(*STAFF), _pk(OrganisationFactory)),
    "actors:organisation_confirm": (post_only(*STAFF), _pk(OrganisationFactory)),
    "actors:organisation_merge": (STAFF, _pk(OrganisationFactory)),
    "actors:contact_create": (STAFF, lambda: {"organisation_pk": OrganisationFactory().pk}),
    "actors:contact_update": (STAFF, _child(ContactPersonFactory)),
    "actors:contact_vcard": (STAFF, _pk(ContactPersonFactory)),
    "actors:offer_list": (STAFF, None),
    "actors:offer_export": (STAFF, None),
    "actors:offer_create": (STAFF, lambda: {"organisation_pk": OrganisationFactory().pk}),
    "actors:offer_detail": (STAFF, _child(OfferFactory)),
    "actors:offer_update": (STAFF, _child(OfferFactory)),
    "actors:updaterequest_list": (STAFF, None),
    "actors:updaterequest_create": (STAFF, None),
    "actors:updaterequest_detail": (STAFF, _pk(UpdateRequestFactory)),
    "actors:updaterequest_accept": (post_only(*STAFF), _pk(UpdateRequestFactory)),
    "actors:updaterequest_reject": (post_only(*STAFF), _pk(UpdateRequestFactory)),
    "roundtable:body_create": (STAFF, None),
    "roundtable:body_detail": (STAFF, _pk(rt.BodyFactory)),
    "roundtable:body_update": (STAFF, _pk(rt.BodyFactory)),
    "roundtable:membership_create": (STAFF, lambda: {"body_pk": rt.BodyFactory().pk}),
    "roundtable:membership_update": (STAFF, _body_child(rt.MembershipFactory)),
    "roundtable:meeting_create": (STAFF, lambda: {"body_pk": rt.BodyFactory().pk}),
    "roundtable:meeting_list": (STAFF, None),
    "roundtable:external_meeting_create": (STAFF, None),
    "roundtable:meeting_detail": (STAFF, _pk(rt.MeetingFactory)),
    "roundtable:meeting_update": (STAFF, _pk(rt.MeetingFactory)),
    "roundtable:meeting_cancel": (post_only(*STAFF), _pk(rt.MeetingFactory)),
    "roundtable:meeting_invite": (post_only(*STAFF), _pk(rt.MeetingFactory)),
    "roundtable:minutes_mail": (post_only(*STAFF), _pk(rt.MeetingFactory)),
    "roundtable:agendaitem_create": (STAFF, lambda: {"meeting_pk": rt.MeetingFactory().pk}),
    "roundtable:agendaitem_update": (STAFF, _meeting_child(rt.AgendaItemFactory)),
    "roundtable:minutes_approve": (post_only(*STAFF), _pk(rt.AgendaItemFactory)),
    "roundtable:meeting_attendance": (STAFF, lambda: {"meeting_pk": rt.MeetingFactory().pk}),
    "roundtable:meeting_minutes": (STAFF, lambda: {"meeting_pk": rt.MeetingFactory().pk}),
    "roundtable:decision_create": (STAFF, lambda: {"meeting_pk": rt.MeetingFactory().pk}),
    "roundtable:actionitem_create": (STAFF, lambda: {"meeting_pk": rt.MeetingFactory().pk}),
    "roundtable:amendment_create": (STAFF, lambda: {"meeting_pk": rt.MeetingFactory().pk}),
    "roundtable:minutes_pdf": (STAFF, _pk(rt.MeetingFactory)),
    "roundtable:attendance_pdf": (STAFF, _pk(rt.MeetingFactory)),
    "roundtable:actionitem_list": (STAFF, None),
    "roundtable:actionitem_remind": (post_only(*STAFF), None),
    "roundtable:actionitem_update": (STAFF, _pk(rt.ActionItemFactory)),
    "roundtable:event_list": (STAFF, None),
    "roundtable:event_create": (STAFF, None),
    "roundtable:event_export": (STAFF, None),
    "roundtable:event_detail": (STAFF, _pk(rt.EventFactory)),
    "roundtable:event_update": (STAFF, _pk(rt.EventFactory)),
    "roundtable:event_delete": (STAFF, _pk(rt.EventFactory)),
    "roundtable:calendar": (STAFF, None),
    "roundtable_public:rsvp": (PUBLIC, lambda: {"token": rt.InvitationFactory().token}),
    "roundtable_public:body_feed": (PUBLIC, lambda: {"token": rt.BodyFactory().calendar_token}),
    "roundtable_public:user_feed": (PUBLIC, _staff_calendar_token),
    "volunteers:volunteer_list": (STAFF, None),
    "volunteers:volunteer_export": (STAFF, None),
    "volunteers:volunteer_create": (STAFF, None),
    "volunteers:volunteer_detail": (STAFF, _pk(vol.VolunteerFactory)),
    "volunteers:volunteer_update": (STAFF, _pk(vol.VolunteerFactory)),
    "volunteers:volunteer_invite": (post_only(*STAFF), _pk(vol.VolunteerFactory)),
    "volunteers:volunteer_confirmation": (
        STAFF,
        lambda: {"pk": vol.VolunteerFactory().pk, "year": 2025},
    ),
    "volunteers:assignment_list": (STAFF, None),
    "volunteers:assignment_create": (STAFF, None),
    "volunteers:assignment_detail": (STAFF, _pk(vol.AssignmentFactory)),
    "volunteers:assignment_update": (STAFF, _pk(vol.AssignmentFactory)),
    "volunteers:assignment_assign": (post_only(*STAFF), _pk(vol.AssignmentFactory)),
    "volunteers:assignment_hours": (post_only(*STAFF, form=True), _pk(vol.AssignmentFactory)),
    "volunteers:course_list": (STAFF, None),
    "volunteers:course_create": (STAFF, None),
    "volunteers:course_detail": (STAFF, _pk(vol.TrainingCourseFactory)),
    "volunteers:course_update": (STAFF, _pk(vol.TrainingCourseFactory)),
    "volunteers:course_session_create": (
        post_only(*STAFF, form=True),
        _pk(vol.TrainingCourseFactory),
    ),
    "volunteers:course_enrol": (post_only(*STAFF, form=True), _pk(vol.TrainingCourseFactory)),
    "volunteers:course_complete": (post_only(*STAFF), _pk(vol.TrainingCourseFactory)),
    "volunteers:session_attendance": (STAFF, _course_child(vol.TrainingSessionFactory)),
    "volunteers:certificate": (STAFF, _course_child(vol.CertifiedParticipantFactory)),
    "volunteers:claim_list": (STAFF, None),
    "volunteers:claim_detail": (STAFF, _pk(vol.ExpenseClaimFactory)),
    "volunteers:claim_signoff": (
        post_only(*STAFF),
        lambda: {"pk": vol.ExpenseClaimFactory().pk, "kind": "factual"},
    ),
    "volunteers:claim_query": (post_only(*STAFF), _pk(vol.ExpenseClaimFactory)),
    "volunteers:claim_reject": (post_only(*STAFF), _pk(vol.ExpenseClaimFactory)),
    "volunteers:claim_recalculate": (post_only(*STAFF), _pk(vol.ExpenseClaimFactory)),
    "volunteers:receipt": (STAFF, _receipt),
    "volunteers:paymentrun_list": (STAFF, None),
    "volunteers:paymentrun_create": (STAFF, None),
    "volunteers:paymentrun_detail": (STAFF, _payment_run),
    "volunteers:paymentrun_document": (STAFF, lambda: {**_payment_run(), "file_format": "csv"}),
    "volunteers:paymentrun_export": (post_only(*STAFF), _payment_run),
    "volunteers:paymentrun_book": (post_only(*STAFF), _payment_run),
    "volunteers:paymentrun_cancel": (post_only(*STAFF), _payment_run),
    "volunteers:paymentrun_date": (post_only(*STAFF), _payment_run),
    "volunteers:portal": (VOLUNTEER, None),
    "volunteers:portal_profile": (VOLUNTEER, None),
    "volunteers:portal_claim_create": (VOLUNTEER, None),
    "volunteers:portal_assignment": (OWN_ONLY, _pk(vol.AssignmentFactory)),
    "volunteers:portal_certificate": (OWN_ONLY, _pk(vol.CertifiedParticipantFactory)),
    "volunteers:portal_confirmation": (VOLUNTEER, lambda: {"year": 2025}),
    "volunteers:portal_claim_detail": (OWN_ONLY, _pk(vol.ExpenseClaimFactory)),
    "volunteers:portal_claim_update": (OWN_ONLY, _pk(vol.ExpenseClaimFactory)),
    "volunteers:portal_claim_preview": (POST_VOLUNTEER, None),
    "actors_public:atlas": (PUBLIC, None),
    "actors_public:atlas_pdf": (PUBLIC, None),
    "actors_public:update_reply": (PUBLIC, _token),
    "actors_public:update_thanks": (PUBLIC, _token),
    "roundtable:index": (STAFF, None),
    "volunteers:index": (STAFF, None),
    "consultations:index": (STAFF, None),
    "consultations:consultation_create": (STAFF, None),
    "consultations:consultation_detail": (STAFF, _pk(cons.ConsultationFactory)),
    "consultations:consultation_update": (STAFF, _pk(cons.ConsultationFactory)),
    "consultations:client_list": (STAFF, None),
    "consultations:client_lookup": (STAFF, None),
    "consultations:referral_lookup": (STAFF, None),
    "consultations:interpreter_lookup": (STAFF, None),
    "consultations:client_detail": (STAFF, _pk(cons.ClientFactory)),
    "consultations:client_update": (STAFF, _pk(cons.ClientFactory)),
    "consultations:client_consultation_create": (STAFF, _pk(cons.ClientFactory)),
    "consultations:client_identity": (STAFF, _pk(cons.ClientFactory)),
    "consultations:client_export": (LEAD, _pk(cons.ClientFactory)),
    "consultations:client_export_pdf": (LEAD, _pk(cons.ClientFactory)),
    "consultations:client_erase": (LEAD, _pk(cons.ClientFactory)),
    "consultations:statistics": (STAFF, None),
    "consultations:statistics_export": (STAFF, lambda: {"file_format": "csv"}),
    "consultations:statistics_pdf": (STAFF, None),
    "consultations:accesslog_list": (LEAD, None),
    "reporting:index": (RELEASED_READERS, None),
    "reporting:annualreport_list": (STAFF, None),
    "reporting:annualreport_detail": (STAFF, _pk(annual.AnnualReportFactory)),
    "reporting:annualreport_update": (STAFF, _pk(annual.AnnualReportFactory)),
    "reporting:annualreport_outline": (STAFF, _pk(annual.AnnualReportFactory)),
    "reporting:chapter_update": (STAFF, _pk(lambda: annual.AnnualReportFactory().chapters.first())),
    "reporting:annualreport_review": (post_only(*STAFF), _pk(annual.AnnualReportFactory)),
    "reporting:annualreport_release": (LEAD, _pk(annual.AnnualReportFactory)),
    # The progress polled by htmx; a plain request is sent to the report.
    "reporting:annualreport_release_status": ("redirects-staff", _pk(annual.AnnualReportFactory)),
    "reporting:annualreport_correct": (post_only(*STAFF), _pk(annual.AnnualReportFactory)),
    "reporting:annualreport_preview": (STAFF, _pk(annual.AnnualReportFactory)),
    "reporting:released_list": (RELEASED_READERS, None),
    "reporting:released_download": (RELEASED_READERS, _pk(annual.ReleasedReportFactory)),
    "reporting:plan_list": (STAFF, None),
    "reporting:plan_create": (STAFF, None),
    "reporting:plan_detail": (STAFF, _pk(rep.ActionPlanFactory)),
    "reporting:plan_update": (STAFF, _pk(rep.ActionPlanFactory)),
    "reporting:plan_continue": (STAFF, _pk(rep.ActionPlanFactory)),
    "reporting:plan_progress": (STAFF, _pk(rep.ActionPlanFactory)),
    "reporting:actionplan_pdf": (STAFF, _pk(rep.document_plan)),
    "reporting:actionplan_xlsx": (STAFF, _pk(rep.ActionPlanFactory)),
    "reporting:goal_create": (STAFF, lambda: {"plan_pk": rep.ActionPlanFactory().pk}),
    "reporting:goal_update": (STAFF, _pk(rep.GoalFactory)),
    "reporting:goal_delete": (STAFF, _pk(rep.GoalFactory)),
    "reporting:measure_delete": (STAFF, _pk(rep.MeasureFactory)),
    "reporting:indicator_delete": (STAFF, _pk(rep.IndicatorFactory)),
    "reporting:statement_delete": (STAFF, _pk(rep.FundingStatementFactory)),
    "reporting:measure_create": (STAFF, lambda: {"goal_pk": rep.GoalFactory().pk}),
    "reporting:measure_update": (STAFF, _pk(rep.MeasureFactory)),
    "reporting:indicator_create": (STAFF, lambda: {"measure_pk": rep.MeasureFactory().pk}),
    "reporting:indicator_update": (STAFF, _pk(rep.IndicatorFactory)),
    "reporting:funding_overview": (STAFF, None),
    "reporting:funding_export": (STAFF, lambda: {"file_format": "xlsx"}),
    "reporting:statement_create": (STAFF, None),
    "reporting:statement_detail": (STAFF, _pk(rep.FundingStatementFactory)),
    "reporting:statement_update": (STAFF, _pk(rep.FundingStatementFactory)),
    "reporting:costcentre_list": (STAFF, None),
    "reporting:costcentre_create": (STAFF, None),
    "reporting:costcentre_update": (STAFF, _pk(rep.CostCentreFactory)),
    "reporting:fundingrule_list": (STAFF, None),
    "reporting:fundingrule_create": (STAFF, None),
    "reporting:fundingrule_update": (STAFF, _pk(rep.FundingRuleFactory)),
    "volunteers:rateset_list": (STAFF, None),
    "volunteers:rateset_create": (LEAD, None),
    "volunteers:rateset_detail": (STAFF, _pk(vol.RateSetFactory)),
    **_oparl(public=True),
    **_oparl(public=False),
}


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def _url(name):
    _allowed, kwargs = MATRIX[name]
    return reverse(name, kwargs=kwargs() if kwargs else None)


def test_every_url_is_in_the_matrix():
    assert set(_url_names(get_resolver().url_patterns)) == set(MATRIX)


GET_PAGES = [
    name
    for name, (allowed, _k) in MATRIX.items()
    if not isinstance(allowed, PostOnly) and not str(allowed).startswith("post")
]
PROTECTED = [name for name in GET_PAGES if MATRIX[name][0] != PUBLIC]
# Pages that redirect allowed users elsewhere when called without their context (e.g. an
# import preview without an uploaded file): allowed roles get 302, the others 403.
REDIRECTING = {"redirects-staff": STAFF, SECOND_FACTOR: TWO_FACTOR_ROLES}


@pytest.fixture
def status_only(monkeypatch):
    """Templates render to an empty string, for tests that assert only the status code.

    The real views, mixins and permission checks still answer (and templates are still looked
    up); only the rendering is skipped, which is most of a page's cost. Every page's rendered
    HTML is checked per allowed role in tests/test_valid_html.py.
    """
    from django.template.backends.django import Template

    render = Template.render

    def page_skipped(self, context=None, request=None):
        name = self.template.name or ""
        if name.endswith(".html") and "pdf/" not in name:
            return ""
        return render(self, context, request)  # PDFs, mails, calendars: their content matters

    monkeypatch.setattr(Template, "render", page_skipped)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PROTECTED)
def test_logged_out_users_are_sent_to_login(client, synced_roles, name):
    url = _url(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.usefixtures("status_only")
@pytest.mark.parametrize("name", [n for n in GET_PAGES if MATRIX[n][0] == PUBLIC])
def test_public_pages_answer_without_login(client, synced_roles, name):
    response = client.get(_url(name))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("status_only")
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", PROTECTED)
def test_role_gets_exactly_its_pages(client_for, role, name):
    allowed = MATRIX[name][0]
    response = client_for(role).get(_url(name))
    if allowed == SECOND_FACTOR:
        assert response.status_code == (200 if role in TWO_FACTOR_ROLES else 302)
    elif allowed in REDIRECTING:
        assert response.status_code == (302 if role in REDIRECTING[allowed] else 403)
    elif allowed == OWN_ONLY:
        assert response.status_code == (404 if role == roles.VOLUNTEER else 403)
    else:
        assert response.status_code == (200 if role in allowed else 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_navigation_offers_only_permitted_pages(client_for, role):
    client = client_for(role)
    html = client.get(reverse("dashboard")).content.decode()
    for name, (allowed, kwargs) in MATRIX.items():
        if kwargs or name in ("dashboard", "logout") or allowed in (PUBLIC, "post-only-public"):
            continue
        allowed = REDIRECTING.get(allowed, allowed)
        if allowed == OWN_ONLY:
            continue
        if f'href="{reverse(name)}"' in html:
            assert role in allowed, f"{role} is shown a link to {name}"


@pytest.mark.django_db
@pytest.mark.usefixtures("status_only")
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(
    "name", [n for n, (allowed, _k) in MATRIX.items() if isinstance(allowed, PostOnly)]
)
def test_post_only_actions_refuse_get_and_check_the_role(client_for, role, name):
    client = client_for(role)
    url = _url(name)
    assert client.get(url).status_code in (403, 405)
    allowed = MATRIX[name][0]
    response = client.post(url)
    assert response.status_code == (allowed.refused_with if role in allowed else 403)


@pytest.mark.django_db
@pytest.mark.usefixtures("status_only")
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(
    "name", [n for n, (allowed, _k) in MATRIX.items() if allowed == POST_ACCOUNTS]
)
def test_account_actions_answer_post_only_to_account_managers(client_for, role, name):
    client = client_for(role)
    url = _url(name)
    assert client.get(url).status_code in (403, 405)
    response = client.post(url)
    assert response.status_code == (302 if role in ACCOUNT_MANAGERS else 403)


@pytest.mark.django_db
@pytest.mark.usefixtures("status_only")
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(
    "name", [n for n, (allowed, _k) in MATRIX.items() if allowed == POST_VOLUNTEER]
)
def test_portal_post_endpoints_answer_volunteers_only(client_for, role, name):
    client = client_for(role)
    url = _url(name)
    volunteer = role == roles.VOLUNTEER
    assert client.get(url).status_code == (405 if volunteer else 403)
    assert client.post(url).status_code == (200 if volunteer else 403)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", [n for n, (allowed, _k) in MATRIX.items() if allowed == POST_VOLUNTEER]
)
def test_portal_post_endpoints_send_logged_out_users_to_login(client, synced_roles, name):
    response = client.post(_url(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_logout_needs_post(coordinator_client):
    assert coordinator_client.get(reverse("logout")).status_code == 405
    response = coordinator_client.post(reverse("logout"))
    assert response.status_code == 302
    assert coordinator_client.get(reverse("dashboard")).status_code == 302
