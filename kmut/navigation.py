"""The main navigation: each entry is shown to users holding its permission."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str
    section: str  # URL prefix that marks the entry as current


NAVIGATION = [
    NavItem(_("Registry"), "actors:index", "actors.view_organisation", "/akteure/"),
    NavItem(_("Bodies & meetings"), "roundtable:index", "roundtable.view_meeting", "/gremien/"),
    NavItem(_("Volunteering"), "volunteers:index", "volunteers.view_volunteer", "/ehrenamt/"),
    NavItem(
        _("My volunteering"), "volunteers:portal", "kmut.use_volunteer_portal", "/ehrenamt/portal/"
    ),
    NavItem(
        _("Counselling"), "consultations:index", "consultations.view_consultation", "/beratung/"
    ),
    NavItem(_("Reports"), "reporting:index", "kmut.view_released_documents", "/berichte/"),
    NavItem(
        _("Reference data"),
        "kmut:reference_index",
        "kmut.view_municipality",
        "/verwaltung/stammdaten/",
    ),
    NavItem(_("Users"), "kmut:user_list", "kmut.manage_users", "/verwaltung/benutzer/"),
    # The head of office: the staff's accounts (second factor, deactivation) on the same pages.
    NavItem(
        _("Staff accounts"), "kmut:user_list", "kmut.manage_staff_accounts", "/verwaltung/benutzer/"
    ),
    NavItem(
        _("Background jobs"), "kmut:job_status", "django_q.view_schedule", "/verwaltung/aufgaben/"
    ),
]


def items_for(user, path: str) -> list[dict]:
    return [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "current": path.startswith(item.section),
        }
        for item in NAVIGATION
        if user.has_perm(item.permission)
    ]
