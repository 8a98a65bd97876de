"""Volunteering's items for the dashboard: for staff the sign-offs they still owe and payment runs
to finish; for a volunteer "New expense claim" and the claims the office has queried."""

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kmut.dashboard import Action, AttentionItem, CountedItem
from volunteers.jobs import certificates_due, declarations_missing
from volunteers.models import ExpenseClaim, PaymentRun, Volunteer


def awaiting_signoff_of(user):
    """Submitted claims with a sign-off missing that this user has not given (either kind)."""
    return (
        ExpenseClaim.objects.filter(status=ExpenseClaim.Status.SUBMITTED)
        .exclude(factual_signoff_by=user)
        .exclude(arithmetic_signoff_by=user)
    )


def awaiting_second_signoff_of(user):
    """Of those, the claims someone else has already signed once."""
    return awaiting_signoff_of(user).exclude(
        factual_signoff_by__isnull=True, arithmetic_signoff_by__isnull=True
    )


def main_actions(user) -> list[Action]:
    """A volunteer's main job: hand in an expense claim (only with a volunteer profile)."""
    if (
        not user.has_perm("kmut.use_volunteer_portal")
        or not Volunteer.objects.filter(user=user).exists()
    ):
        return []
    return [
        Action(_("New expense claim"), reverse("volunteers:portal_claim_create")),
        Action(_("Open my volunteering"), reverse("volunteers:portal")),
    ]


def portal_attention(user) -> list[AttentionItem | CountedItem]:
    """The volunteer's own open work: each claim the office has queried, drafts not handed in."""
    if not user.has_perm("kmut.use_volunteer_portal"):
        return []
    own = ExpenseClaim.objects.filter(volunteer__user=user)
    items: list[AttentionItem | CountedItem] = [
        AttentionItem(
            _(
                "The office has a question about your claim of %(date)s: please answer it "
                "and hand the claim in again"
            )
            % {"date": date_format(claim.service_date, "SHORT_DATE_FORMAT")},
            reverse("volunteers:portal_claim_update", args=[claim.pk]),
        )
        for claim in own.filter(status=ExpenseClaim.Status.QUERIED).order_by("service_date")[:10]
    ]
    items.append(
        CountedItem(
            own.filter(status=ExpenseClaim.Status.DRAFT),
            lambda count: (
                ngettext(
                    "%(count)s expense claim is saved as a draft and not yet handed in",
                    "%(count)s expense claims are saved as drafts and not yet handed in",
                    count,
                )
                % {"count": count}
            ),
            reverse("volunteers:portal") + "#claims-heading",
            level="info",
        )
    )
    return items


def attention(user) -> list[AttentionItem | CountedItem]:
    items = portal_attention(user)
    if user.has_perm("volunteers.approve_expenseclaim"):
        claims_url = reverse("volunteers:claim_list") + "?status=submitted"
        items += [
            CountedItem(
                awaiting_signoff_of(user),
                lambda count: (
                    ngettext(
                        "%(count)s expense claim is waiting for your sign-off",
                        "%(count)s expense claims are waiting for your sign-off",
                        count,
                    )
                    % {"count": count}
                ),
                claims_url,
            ),
            CountedItem(
                awaiting_second_signoff_of(user),
                lambda count: (
                    ngettext(
                        "%(count)s of them is signed off once and needs the second sign-off",
                        "%(count)s of them are signed off once and need the second sign-off",
                        count,
                    )
                    % {"count": count}
                ),
                claims_url,
                level="info",
            ),
        ]
    if user.has_perm("volunteers.view_volunteer"):
        volunteers_url = reverse("volunteers:volunteer_list")
        weeks = settings.KMUT_CERTIFICATE_REMINDER_WEEKS
        items += [
            CountedItem(
                certificates_due(),
                lambda count: (
                    ngettext(
                        "%(count)s volunteer's certificate of good conduct is due within "
                        "%(weeks)s weeks or overdue",
                        "%(count)s volunteers' certificates of good conduct are due within "
                        "%(weeks)s weeks or overdue",
                        count,
                    )
                    % {"count": count, "weeks": weeks}
                ),
                volunteers_url,
            ),
            CountedItem(
                declarations_missing(),
                lambda count: (
                    ngettext(
                        "%(count)s active volunteer has not signed the confidentiality declaration",
                        "%(count)s active volunteers have not signed the confidentiality "
                        "declaration",
                        count,
                    )
                    % {"count": count}
                ),
                volunteers_url,
                level="info",
            ),
        ]
    if user.has_perm("volunteers.change_paymentrun"):
        runs_url = reverse("volunteers:paymentrun_list")
        items += [
            CountedItem(
                PaymentRun.objects.filter(status=PaymentRun.Status.DRAFT),
                lambda count: (
                    ngettext(
                        "%(count)s payment run is to be exported (SEPA file)",
                        "%(count)s payment runs are to be exported (SEPA file)",
                        count,
                    )
                    % {"count": count}
                ),
                runs_url,
            ),
            CountedItem(
                PaymentRun.objects.filter(status=PaymentRun.Status.EXPORTED),
                lambda count: (
                    ngettext(
                        "%(count)s exported payment run is to be booked against the bank statement",
                        "%(count)s exported payment runs are to be booked against the bank "
                        "statement",
                        count,
                    )
                    % {"count": count}
                ),
                runs_url,
            ),
        ]
    return items
