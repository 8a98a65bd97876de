"""Two-factor authentication for staff: who needs it, setting up a device, checking a code.

Built on django-otp: an authenticator app (TOTP) plus one-time backup codes (static tokens).
Volunteers and committee members log in with their password only.
"""

import base64
import hashlib

from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

# Permissions that open office data or user administration: their holders need a second factor.
PERMISSIONS_NEEDING_TWO_FACTOR = ("kmut.use_staff_area", "kmut.manage_users")
BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "app"
BACKUP_DEVICE_NAME = "backup"


def is_required(user) -> bool:
    """True for users whose role opens office data or user administration."""
    return any(user.has_perm(permission) for permission in PERMISSIONS_NEEDING_TWO_FACTOR)


def has_confirmed_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def pending_app_device(user) -> TOTPDevice:
    """The unconfirmed authenticator-app device shown on the setup page (created once)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_for_display(device: TOTPDevice) -> str:
    """The key as authenticator apps expect it for manual entry (base32, in groups of four)."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG QR code (no external request, no script)."""
    # Imported here: only the setup page draws a code, and qrcode costs every process ~5 MB.
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2
    )
    return image.to_string(encoding="unicode")


@transaction.atomic
def confirm_app_device(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the pending device with a code from the app and issue fresh backup codes.

    Returns the backup codes (shown once), or None when the code is wrong.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return issue_backup_codes(user=device.user)


@transaction.atomic
def issue_backup_codes(*, user) -> list[str]:
    """Replace the user's backup codes with BACKUP_CODE_COUNT new ones and return them."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verified_device(user, token: str):
    """The confirmed device (app or backup code) that accepts the token, or None.

    django-otp throttles repeated wrong codes per device and refuses a used code again.
    """
    token = "".join(token.split())
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None


@transaction.atomic
def reset_devices(*, user) -> int:
    """Remove all of a user's devices (lost phone): the next login starts the setup again."""
    count = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        count += 1
    return count


DEMO_DEVICE_NAME = "demo"


def demo_device(username: str) -> TOTPDevice | None:
    """The demo user's authenticator device with a key derived from the user name (idempotent).

    Only for demo data (seed_demo_data): the key is predictable by design.
    """
    from django.contrib.auth.models import User

    user = User.objects.filter(username=username).first()
    if user is None or not is_required(user):
        return None
    key = hashlib.sha1(f"kmut-demo-{username}".encode()).hexdigest()
    device, _created = TOTPDevice.objects.update_or_create(
        user=user, name=DEMO_DEVICE_NAME, defaults={"key": key, "confirmed": True}
    )
    return device


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for the device (for demos and tests)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
