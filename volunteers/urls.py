from django.urls import path

from actors import views as import_views
from volunteers import views

AREA = {"area": "volunteers"}

app_name = "volunteers"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("ehrenamtliche/", views.VolunteerListView.as_view(), name="volunteer_list"),
    path("ehrenamtliche/export/", views.VolunteerExportView.as_view(), name="volunteer_export"),
    path(
        "ehrenamtliche/import/",
        import_views.OrganisationImportView.as_view(**AREA),
        name="volunteer_import",
    ),
    path(
        "ehrenamtliche/import/spalten/",
        import_views.OrganisationImportMappingView.as_view(**AREA),
        name="volunteer_import_mapping",
    ),
    path(
        "ehrenamtliche/import/vorschau/",
        import_views.OrganisationImportPreviewView.as_view(**AREA),
        name="volunteer_import_preview",
    ),
    path(
        "ehrenamtliche/import/entscheidungen/",
        import_views.OrganisationImportDecideView.as_view(**AREA),
        name="volunteer_import_decide",
    ),
    path(
        "ehrenamtliche/import/ausfuehren/",
        import_views.OrganisationImportConfirmView.as_view(**AREA),
        name="volunteer_import_confirm",
    ),
    path(
        "ehrenamtliche/import/abbrechen/",
        import_views.OrganisationImportCancelView.as_view(**AREA),
        name="volunteer_import_cancel",
    ),
    path(
        "ehrenamtliche/import/fehler.csv",
        import_views.OrganisationImportErrorsView.as_view(**AREA),
        name="volunteer_import_errors",
    ),
    path("ehrenamtliche/neu/", views.VolunteerCreateView.as_view(), name="volunteer_create"),
    path("ehrenamtliche/<int:pk>/", views.VolunteerDetailView.as_view(), name="volunteer_detail"),
    path(
        "ehrenamtliche/<int:pk>/bearbeiten/",
        views.VolunteerUpdateView.as_view(),
        name="volunteer_update",
    ),
    path(
        "ehrenamtliche/<int:pk>/einladen/",
        views.VolunteerInviteView.as_view(),
        name="volunteer_invite",
    ),
    path(
        "ehrenamtliche/<int:pk>/nachweis-<int:year>.pdf",
        views.ConfirmationView.as_view(),
        name="volunteer_confirmation",
    ),
    path("einsaetze/", views.AssignmentListView.as_view(), name="assignment_list"),
    path("einsaetze/neu/", views.AssignmentCreateView.as_view(), name="assignment_create"),
    path("einsaetze/<int:pk>/", views.AssignmentDetailView.as_view(), name="assignment_detail"),
    path(
        "einsaetze/<int:pk>/bearbeiten/",
        views.AssignmentUpdateView.as_view(),
        name="assignment_update",
    ),
    path(
        "einsaetze/<int:pk>/stunden/",
        views.AssignmentHoursView.as_view(),
        name="assignment_hours",
    ),
    path(
        "einsaetze/<int:pk>/vergeben/",
        views.AssignmentAssignView.as_view(),
        name="assignment_assign",
    ),
    path("schulungen/", views.CourseListView.as_view(), name="course_list"),
    path("schulungen/neu/", views.CourseCreateView.as_view(), name="course_create"),
    path("schulungen/<int:pk>/", views.CourseDetailView.as_view(), name="course_detail"),
    path("schulungen/<int:pk>/bearbeiten/", views.CourseUpdateView.as_view(), name="course_update"),
    path(
        "schulungen/<int:pk>/termine/neu/",
        views.CourseSessionCreateView.as_view(),
        name="course_session_create",
    ),
    path(
        "schulungen/<int:pk>/teilnehmende/eintragen/",
        views.CourseEnrolView.as_view(),
        name="course_enrol",
    ),
    path(
        "schulungen/<int:pk>/abschliessen/",
        views.CourseCompleteView.as_view(),
        name="course_complete",
    ),
    path(
        "schulungen/<int:course_pk>/termine/<int:pk>/anwesenheit/",
        views.SessionAttendanceView.as_view(),
        name="session_attendance",
    ),
    path(
        "schulungen/<int:course_pk>/bescheinigung/<int:pk>.pdf",
        views.CertificateView.as_view(),
        name="certificate",
    ),
    path("abrechnungen/", views.ClaimListView.as_view(), name="claim_list"),
    path("abrechnungen/<int:pk>/", views.ClaimDetailView.as_view(), name="claim_detail"),
    path(
        "abrechnungen/<int:pk>/zeichnen/<str:kind>/",
        views.ClaimSignOffView.as_view(),
        name="claim_signoff",
    ),
    path("abrechnungen/<int:pk>/rueckfrage/", views.ClaimQueryView.as_view(), name="claim_query"),
    path("abrechnungen/<int:pk>/ablehnen/", views.ClaimRejectView.as_view(), name="claim_reject"),
    path(
        "abrechnungen/<int:pk>/neu-berechnen/",
        views.ClaimRecalculateView.as_view(),
        name="claim_recalculate",
    ),
    path("belege/<int:pk>/", views.ReceiptView.as_view(), name="receipt"),
    path("zahllaeufe/", views.PaymentRunListView.as_view(), name="paymentrun_list"),
    path("zahllaeufe/neu/", views.PaymentRunCreateView.as_view(), name="paymentrun_create"),
    path("zahllaeufe/<int:pk>/", views.PaymentRunDetailView.as_view(), name="paymentrun_detail"),
    path(
        "zahllaeufe/<int:pk>/datei.<str:file_format>",
        views.PaymentRunDocumentView.as_view(),
        name="paymentrun_document",
    ),
    path(
        "zahllaeufe/<int:pk>/exportieren/",
        views.PaymentRunExportView.as_view(),
        name="paymentrun_export",
    ),
    path(
        "zahllaeufe/<int:pk>/buchen/",
        views.PaymentRunBookView.as_view(),
        name="paymentrun_book",
    ),
    path(
        "zahllaeufe/<int:pk>/stornieren/",
        views.PaymentRunCancelView.as_view(),
        name="paymentrun_cancel",
    ),
    path(
        "zahllaeufe/<int:pk>/ausfuehrungsdatum/",
        views.PaymentRunDateView.as_view(),
        name="paymentrun_date",
    ),
    path("portal/", views.PortalView.as_view(), name="portal"),
    path("portal/profil/", views.PortalProfileView.as_view(), name="portal_profile"),
    path(
        "portal/einsaetze/<int:pk>/",
        views.PortalAssignmentView.as_view(),
        name="portal_assignment",
    ),
    path(
        "portal/bescheinigung/<int:pk>.pdf",
        views.PortalCertificateView.as_view(),
        name="portal_certificate",
    ),
    path(
        "portal/nachweis-<int:year>.pdf",
        views.PortalConfirmationView.as_view(),
        name="portal_confirmation",
    ),
    path("portal/abrechnung/neu/", views.PortalClaimFormView.as_view(), name="portal_claim_create"),
    path(
        "portal/abrechnung/<int:pk>/",
        views.PortalClaimDetailView.as_view(),
        name="portal_claim_detail",
    ),
    path(
        "portal/abrechnung/<int:pk>/bearbeiten/",
        views.PortalClaimFormView.as_view(),
        name="portal_claim_update",
    ),
    path("saetze/", views.RateSetListView.as_view(), name="rateset_list"),
    path("saetze/neu/", views.RateSetCreateView.as_view(), name="rateset_create"),
    path("saetze/<int:pk>/", views.RateSetDetailView.as_view(), name="rateset_detail"),
    path(
        "portal/abrechnung/vorschau/",
        views.PortalClaimPreviewView.as_view(),
        name="portal_claim_preview",
    ),
]
