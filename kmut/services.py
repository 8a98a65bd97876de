"""Write operations of the office core that have side effects."""

from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from kmut.roles import ROLE_LABELS, ROLES


def _set_role(user: User, role: Group) -> None:
    user.groups.remove(*user.groups.filter(name__in=list(ROLES)))
    user.groups.add(role)


@transaction.atomic
def invite_user(
    *, first_name: str, last_name: str, email: str, role: Group, base_url: str, by: User
) -> User:
    """Create an account without a password and e-mail a link to set one."""
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user._change_reason = _("Invited with role %(role)s") % {"role": ROLE_LABELS[role.name]}
    user.full_clean()
    user.save()
    _set_role(user, role)
    transaction.on_commit(lambda: send_invitation(user=user, base_url=base_url))
    return user


@transaction.atomic
def update_user(*, user: User, role: Group, by: User, **fields) -> User:
    """Change an account's data and role; a role change is recorded in the account's history."""
    for name, value in fields.items():
        setattr(user, name, value)
    user.username = user.email
    old_role = user.groups.filter(name__in=list(ROLES)).first()
    if old_role != role:
        user._change_reason = _("Role changed from %(old)s to %(new)s") % {
            "old": ROLE_LABELS[old_role.name] if old_role else "-",
            "new": ROLE_LABELS[role.name],
        }
    user.full_clean()
    user.save()
    _set_role(user, role)
    return user


def send_invitation(*, user: User, base_url: str) -> None:
    path = reverse(
        "invitation_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "link": base_url.rstrip("/") + path}
    send_mail(
        subject=_("Your account for the coordination office"),
        message=render_to_string("registration/invitation_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
