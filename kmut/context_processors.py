from django.conf import settings

from kmut import two_factor
from kmut.navigation import items_for
from kmut.roles import ROLE_LABELS, role_of


def navigation(request):
    user = getattr(request, "user", None)
    context = {"district_name": settings.KMUT_DISTRICT_NAME, "nav_items": [], "user_role": ""}
    if user is not None and user.is_authenticated:
        if not _awaits_second_factor(user):
            context["nav_items"] = items_for(user, request.path)
        role = role_of(user)
        context["user_role"] = ROLE_LABELS.get(role, "") if role else ""
    return context


def _awaits_second_factor(user) -> bool:
    """Staff between password and code see no navigation into office data."""
    verified = getattr(user, "is_verified", None)
    return (
        settings.KMUT_REQUIRE_2FA
        and two_factor.is_required(user)
        and not (verified is not None and verified())
    )
