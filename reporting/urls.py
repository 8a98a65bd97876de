from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("handlungskonzept/", views.ActionPlanListView.as_view(), name="plan_list"),
    path("handlungskonzept/neu/", views.ActionPlanCreateView.as_view(), name="plan_create"),
    path("handlungskonzept/<int:pk>/", views.ActionPlanDetailView.as_view(), name="plan_detail"),
    path(
        "handlungskonzept/<int:pk>/bearbeiten/",
        views.ActionPlanUpdateView.as_view(),
        name="plan_update",
    ),
    path(
        "handlungskonzept/<int:pk>/fortschreiben/",
        views.ActionPlanContinueView.as_view(),
        name="plan_continue",
    ),
    path(
        "handlungskonzept/<int:pk>/fortschritt/",
        views.ActionPlanProgressView.as_view(),
        name="plan_progress",
    ),
    path(
        "handlungskonzept/<int:pk>/handlungskonzept.pdf",
        views.ActionPlanDocumentView.as_view(file_format="pdf"),
        name="actionplan_pdf",
    ),
    path(
        "handlungskonzept/<int:pk>/handlungskonzept.xlsx",
        views.ActionPlanDocumentView.as_view(file_format="xlsx"),
        name="actionplan_xlsx",
    ),
    path(
        "handlungskonzept/<int:plan_pk>/ziele/neu/",
        views.GoalCreateView.as_view(),
        name="goal_create",
    ),
    path("ziele/<int:pk>/bearbeiten/", views.GoalUpdateView.as_view(), name="goal_update"),
    path("ziele/<int:pk>/loeschen/", views.GoalDeleteView.as_view(), name="goal_delete"),
    path(
        "ziele/<int:goal_pk>/massnahmen/neu/",
        views.MeasureCreateView.as_view(),
        name="measure_create",
    ),
    path(
        "massnahmen/<int:pk>/bearbeiten/", views.MeasureUpdateView.as_view(), name="measure_update"
    ),
    path("massnahmen/<int:pk>/loeschen/", views.MeasureDeleteView.as_view(), name="measure_delete"),
    path(
        "massnahmen/<int:measure_pk>/indikatoren/neu/",
        views.IndicatorCreateView.as_view(),
        name="indicator_create",
    ),
    path(
        "indikatoren/<int:pk>/bearbeiten/",
        views.IndicatorUpdateView.as_view(),
        name="indicator_update",
    ),
    path(
        "indikatoren/<int:pk>/loeschen/",
        views.IndicatorDeleteView.as_view(),
        name="indicator_delete",
    ),
    path("finanzierung/", views.FundingOverviewView.as_view(), name="funding_overview"),
    path(
        "finanzierung/uebersicht.<str:file_format>",
        views.FundingOverviewExportView.as_view(),
        name="funding_export",
    ),
    path(
        "finanzierung/neu/",
        views.FundingStatementCreateView.as_view(),
        name="statement_create",
    ),
    path(
        "finanzierung/<int:pk>/",
        views.FundingStatementDetailView.as_view(),
        name="statement_detail",
    ),
    path(
        "finanzierung/<int:pk>/bearbeiten/",
        views.FundingStatementUpdateView.as_view(),
        name="statement_update",
    ),
    path(
        "finanzierung/<int:pk>/loeschen/",
        views.FundingStatementDeleteView.as_view(),
        name="statement_delete",
    ),
    path("kostenstellen/", views.CostCentreListView.as_view(), name="costcentre_list"),
    path("kostenstellen/neu/", views.CostCentreCreateView.as_view(), name="costcentre_create"),
    path(
        "kostenstellen/<int:pk>/bearbeiten/",
        views.CostCentreUpdateView.as_view(),
        name="costcentre_update",
    ),
    path("foerderregeln/", views.FundingRuleListView.as_view(), name="fundingrule_list"),
    path("foerderregeln/neu/", views.FundingRuleCreateView.as_view(), name="fundingrule_create"),
    path(
        "foerderregeln/<int:pk>/bearbeiten/",
        views.FundingRuleUpdateView.as_view(),
        name="fundingrule_update",
    ),
    path("jahresberichte/", views.AnnualReportListView.as_view(), name="annualreport_list"),
    path(
        "jahresberichte/<int:pk>/",
        views.AnnualReportDetailView.as_view(),
        name="annualreport_detail",
    ),
    path(
        "jahresberichte/<int:pk>/bearbeiten/",
        views.AnnualReportUpdateView.as_view(),
        name="annualreport_update",
    ),
    path(
        "jahresberichte/<int:pk>/gliederung/",
        views.AnnualReportOutlineView.as_view(),
        name="annualreport_outline",
    ),
    path(
        "jahresberichte/kapitel/<int:pk>/",
        views.ChapterUpdateView.as_view(),
        name="chapter_update",
    ),
    path(
        "jahresberichte/<int:pk>/geprueft/",
        views.AnnualReportReviewView.as_view(),
        name="annualreport_review",
    ),
    path(
        "jahresberichte/<int:pk>/freigeben/",
        views.AnnualReportReleaseView.as_view(),
        name="annualreport_release",
    ),
    path(
        "jahresberichte/<int:pk>/freigabe/stand/",
        views.AnnualReportReleaseStatusView.as_view(),
        name="annualreport_release_status",
    ),
    path(
        "jahresberichte/<int:pk>/korrektur/",
        views.AnnualReportCorrectView.as_view(),
        name="annualreport_correct",
    ),
    path(
        "jahresberichte/<int:pk>/entwurf.pdf",
        views.AnnualReportPreviewView.as_view(),
        name="annualreport_preview",
    ),
    path("freigegeben/", views.ReleasedDocumentListView.as_view(), name="released_list"),
    path(
        "freigegeben/<int:pk>.pdf",
        views.ReleasedDownloadView.as_view(),
        name="released_download",
    ),
]
