from django.urls import path

from roundtable import views

app_name = "roundtable"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("neu/", views.BodyCreateView.as_view(), name="body_create"),
    path("<int:pk>/", views.BodyDetailView.as_view(), name="body_detail"),
    path("<int:pk>/bearbeiten/", views.BodyUpdateView.as_view(), name="body_update"),
    path(
        "<int:body_pk>/mitglieder/neu/",
        views.MembershipCreateView.as_view(),
        name="membership_create",
    ),
    path(
        "<int:body_pk>/mitglieder/<int:pk>/bearbeiten/",
        views.MembershipUpdateView.as_view(),
        name="membership_update",
    ),
    path("<int:body_pk>/sitzungen/neu/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("termine/", views.MeetingListView.as_view(), name="meeting_list"),
    path(
        "termine/extern/neu/",
        views.ExternalMeetingCreateView.as_view(),
        name="external_meeting_create",
    ),
    path("sitzungen/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path(
        "sitzungen/<int:pk>/bearbeiten/", views.MeetingUpdateView.as_view(), name="meeting_update"
    ),
    path("sitzungen/<int:pk>/absagen/", views.MeetingCancelView.as_view(), name="meeting_cancel"),
    path("sitzungen/<int:pk>/einladen/", views.MeetingInviteView.as_view(), name="meeting_invite"),
    path(
        "sitzungen/<int:pk>/protokoll-versenden/",
        views.MinutesMailView.as_view(),
        name="minutes_mail",
    ),
    path(
        "sitzungen/<int:meeting_pk>/top/neu/",
        views.AgendaItemCreateView.as_view(),
        name="agendaitem_create",
    ),
    path(
        "sitzungen/<int:meeting_pk>/top/<int:pk>/bearbeiten/",
        views.AgendaItemUpdateView.as_view(),
        name="agendaitem_update",
    ),
    path(
        "top/<int:pk>/protokoll-genehmigen/",
        views.ApproveMinutesView.as_view(),
        name="minutes_approve",
    ),
    path(
        "sitzungen/<int:meeting_pk>/anwesenheit/",
        views.AttendanceView.as_view(),
        name="meeting_attendance",
    ),
    path(
        "sitzungen/<int:meeting_pk>/protokoll/", views.MinutesView.as_view(), name="meeting_minutes"
    ),
    path(
        "sitzungen/<int:meeting_pk>/beschluesse/neu/",
        views.DecisionCreateView.as_view(),
        name="decision_create",
    ),
    path(
        "sitzungen/<int:meeting_pk>/aufgaben/neu/",
        views.ActionItemCreateView.as_view(),
        name="actionitem_create",
    ),
    path(
        "sitzungen/<int:meeting_pk>/nachtrag/",
        views.AmendmentCreateView.as_view(),
        name="amendment_create",
    ),
    path("sitzungen/<int:pk>/protokoll.pdf", views.MinutesPdfView.as_view(), name="minutes_pdf"),
    path(
        "sitzungen/<int:pk>/anwesenheitsliste.pdf",
        views.AttendanceSheetPdfView.as_view(),
        name="attendance_pdf",
    ),
    path("aufgaben/", views.ActionItemListView.as_view(), name="actionitem_list"),
    path("aufgaben/erinnern/", views.ActionItemRemindView.as_view(), name="actionitem_remind"),
    path(
        "aufgaben/<int:pk>/bearbeiten/",
        views.ActionItemUpdateView.as_view(),
        name="actionitem_update",
    ),
    path("veranstaltungen/", views.EventListView.as_view(), name="event_list"),
    path("veranstaltungen/neu/", views.EventCreateView.as_view(), name="event_create"),
    path("veranstaltungen/export/", views.EventExportView.as_view(), name="event_export"),
    path("veranstaltungen/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path(
        "veranstaltungen/<int:pk>/bearbeiten/",
        views.EventUpdateView.as_view(),
        name="event_update",
    ),
    path(
        "veranstaltungen/<int:pk>/loeschen/", views.EventDeleteView.as_view(), name="event_delete"
    ),
    path("kalender/", views.CalendarView.as_view(), name="calendar"),
]
