"""Login throttling with two rules on top of django-axes.

AXES_LOCKOUT_PARAMETERS lists two alternatives: [user name + address] and [address]. Axes
compares the larger count of both with one limit (AXES_FAILURE_LIMIT); this handler scales the
per-address count so that an address alone is locked only after KMUT_AXES_IP_FAILURE_LIMIT
failures across all user names (an office behind one NAT address shares it).
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class OfficeAxesHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        per_user_and_address, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        user_limit = settings.AXES_FAILURE_LIMIT
        address_limit = settings.KMUT_AXES_IP_FAILURE_LIMIT
        return max(per_user_and_address, per_address * user_limit // address_limit)
