"""Volunteering's items for the dashboard: sign-offs the user still owes, payment runs to finish."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import ngettext

from kmut.dashboard import CountedItem
from volunteers.jobs import certificates_due, declarations_missing
from volunteers.models import ExpenseClaim, PaymentRun


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


def attention(user) -> list[CountedItem]:
    items = []
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
