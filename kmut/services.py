"""Write operations of the office core that have side effects."""

from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from kmut import audit, two_factor
from kmut.roles import COORDINATION, ROLE_LABELS, ROLES, role_of


def _set_role(user: User, role: Group) -> None:
    user.groups.remove(*user.groups.filter(name__in=list(ROLES)))
    user.groups.add(role)


@audit.records_actor
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


@audit.records_actor
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


# --- account actions: second factor, deactivation ---------------------------------------------


def may_manage_accounts(actor: User) -> bool:
    """Whether the actor manages any accounts at all (the administration or the head of office)."""
    return actor.has_perm("kmut.manage_users") or actor.has_perm("kmut.manage_staff_accounts")


def can_manage_account(actor: User, account: User) -> bool:
    """The one rule for who may reset, deactivate and reactivate an account: the administration
    any account, the head of office the accounts of the office's staff (role Koordination);
    nobody the system account of jobs and commands."""
    if audit.is_system_user(account):
        return False
    if actor.has_perm("kmut.manage_users"):
        return True
    return actor.has_perm("kmut.manage_staff_accounts") and role_of(account) == COORDINATION


def _record(account: User, reason: str) -> None:
    """A history entry on the account: what was done, when; by whom comes from `records_actor`."""
    account._change_reason = reason
    account.save()


@audit.records_actor
@transaction.atomic
def reset_second_factor(*, account: User, by: User) -> int:
    """Remove the account's second factor (app and backup codes); the next login starts the
    setup again. Recorded in the account's history. Returns the number of devices removed."""
    account = User.objects.select_for_update().get(pk=account.pk)
    count = two_factor.reset_devices(user=account)
    _record(account, _("Second factor reset (%(count)s device(s) removed)") % {"count": count})
    return count


@audit.records_actor
@transaction.atomic
def set_account_active(*, account: User, active: bool, by: User) -> User:
    """Deactivate (no more login) or reactivate an account; nobody deactivates themselves."""
    account = User.objects.select_for_update().get(pk=account.pk)
    if not active and account.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."), code="self")
    if account.is_active == active:
        return account
    account.is_active = active
    _record(account, _("Account reactivated") if active else _("Account deactivated"))
    return account
