from django.urls import path

from reporting import annual_views, views

app_name = "reporting"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("jahresberichte/", annual_views.AnnualReportListView.as_view(), name="annualreport_list"),
    path(
        "jahresberichte/<int:pk>/",
        annual_views.AnnualReportDetailView.as_view(),
        name="annualreport_detail",
    ),
    path(
        "jahresberichte/<int:pk>/bearbeiten/",
        annual_views.AnnualReportUpdateView.as_view(),
        name="annualreport_update",
    ),
    path(
        "jahresberichte/<int:pk>/aktion/",
        annual_views.AnnualReportActionView.as_view(),
        name="annualreport_action",
    ),
    path(
        "jahresberichte/<int:pk>/entwurf.pdf",
        annual_views.AnnualReportPreviewView.as_view(),
        name="annualreport_preview",
    ),
    path("freigegeben/", annual_views.ReleasedDocumentListView.as_view(), name="released_list"),
    path(
        "freigegeben/<int:pk>.pdf",
        annual_views.ReleasedDownloadView.as_view(),
        name="released_download",
    ),
]
