from django.conf import settings

from kmut.navigation import items_for
from kmut.roles import ROLE_LABELS, role_of


def navigation(request):
    user = getattr(request, "user", None)
    context = {"district_name": settings.KMUT_DISTRICT_NAME, "nav_items": [], "user_role": ""}
    if user is not None and user.is_authenticated:
        context["nav_items"] = items_for(user, request.path)
        role = role_of(user)
        context["user_role"] = ROLE_LABELS.get(role, "") if role else ""
    return context
