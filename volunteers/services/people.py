"""The volunteers' portal accounts."""

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kmut import audit, roles
from kmut.services import invite_user
from volunteers.models import Volunteer

__all__ = ["invite_to_portal"]


@audit.records_actor
@transaction.atomic
def invite_to_portal(*, volunteer: Volunteer, base_url: str, by: User) -> Volunteer:
    """Create the volunteer's portal account (role Ehrenamt) and e-mail the invitation."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.user_id:
        raise ValidationError(_("This volunteer already has a portal account."), code="exists")
    if not volunteer.email:
        raise ValidationError(
            _("Please enter the volunteer's e-mail address first."), code="no_email"
        )
    if User.objects.filter(username__iexact=volunteer.email).exists():
        raise ValidationError(
            _("An account with this e-mail address already exists."), code="duplicate"
        )
    volunteer.user = invite_user(
        first_name=volunteer.first_name,
        last_name=volunteer.last_name,
        email=volunteer.email.lower(),
        role=Group.objects.get(name=roles.VOLUNTEER),
        base_url=base_url,
        by=by,
    )
    volunteer.save()
    return volunteer
