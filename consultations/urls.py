from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("neu/", views.ConsultationCreateView.as_view(), name="consultation_create"),
    path("<int:pk>/", views.ConsultationDetailView.as_view(), name="consultation_detail"),
    path(
        "<int:pk>/bearbeiten/",
        views.ConsultationUpdateView.as_view(),
        name="consultation_update",
    ),
    path(
        "organisationen/suche/",
        views.ReferralLookupView.as_view(),
        name="referral_lookup",
    ),
    path(
        "sprachmittlung/suche/",
        views.InterpreterLookupView.as_view(),
        name="interpreter_lookup",
    ),
    path("klienten/", views.ClientListView.as_view(), name="client_list"),
    path("klienten/suche/", views.ClientLookupView.as_view(), name="client_lookup"),
    path("klienten/<int:pk>/", views.ClientDetailView.as_view(), name="client_detail"),
    path(
        "klienten/<int:pk>/neue-beratung/",
        views.ConsultationCreateView.as_view(),
        name="client_consultation_create",
    ),
    path("klienten/<int:pk>/bearbeiten/", views.ClientUpdateView.as_view(), name="client_update"),
    path(
        "klienten/<int:pk>/einwilligung/",
        views.ClientIdentityView.as_view(),
        name="client_identity",
    ),
    path("klienten/<int:pk>/auskunft/", views.ClientExportView.as_view(), name="client_export"),
    path(
        "klienten/<int:pk>/auskunft.pdf",
        views.ClientExportView.as_view(),
        {"file_format": "pdf"},
        name="client_export_pdf",
    ),
    path("klienten/<int:pk>/loeschen/", views.ClientEraseView.as_view(), name="client_erase"),
    path("statistik/", views.StatisticsView.as_view(), name="statistics"),
    path("statistik/pdf/", views.StatisticsPdfView.as_view(), name="statistics_pdf"),
    path(
        "statistik/export.<str:file_format>",
        views.StatisticsExportView.as_view(),
        name="statistics_export",
    ),
    path("zugriffe/", views.AccessLogView.as_view(), name="accesslog_list"),
]
