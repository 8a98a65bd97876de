import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from kmut import roles
from kmut.models import Municipality
from volunteers.jobs import certificates_due
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def test_demo_data_gives_every_role_a_login_and_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo_data")
    first = (Municipality.objects.count(), User.objects.count())
    call_command("seed_demo_data")

    assert (Municipality.objects.count(), User.objects.count()) == first
    assert Municipality.objects.get(name="Gorleben").parent.name == "Samtgemeinde Gartow"
    for role in roles.ROLES:
        user = User.objects.get(groups__name=role)
        assert user.check_password("kmut-demo-2026")
    output = capsys.readouterr().out
    assert "koordination" in output
    assert "kmut-demo-2026" in output
    # The reminder a newcomer sees on the first ./run (tests/kmut/test_jobs.py sends it).
    hinz = Volunteer.objects.get(last_name="Hinz")
    assert hinz.certificate_renewal_due_on == timezone.localdate() + timedelta(days=14)
    assert hinz in certificates_due()


def test_demo_data_refuses_production_without_the_flag(settings):
    settings.DEBUG = False
    with pytest.raises(Exception, match="allow-production"):
        call_command("seed_demo_data")


def test_sync_roles_is_idempotent_and_exact():
    call_command("sync_roles", verbosity=0)
    call_command("sync_roles", verbosity=0)
    from django.contrib.auth.models import Group

    volunteer = Group.objects.get(name=roles.VOLUNTEER)
    assert {p.codename for p in volunteer.permissions.all()} == {"use_volunteer_portal"}
    committee = Group.objects.get(name=roles.COMMITTEE)
    assert {p.codename for p in committee.permissions.all()} == {"view_released_documents"}


def test_demo_data_if_empty_leaves_a_used_database_alone(settings):
    from tests.factories import UserFactory

    settings.DEBUG = True
    UserFactory(username="echte-person")
    call_command("seed_demo_data", if_empty=True)
    assert not User.objects.filter(username="koordination").exists()


def test_demo_staff_get_a_documented_second_factor(settings, capsys):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.DEBUG = True
    call_command("seed_demo_data")
    output = capsys.readouterr().out
    assert "koordination   key: " in output
    assert "ehrenamt       key: " not in output
    call_command("demo_code", "koordination")
    code = capsys.readouterr().out.strip()
    device = TOTPDevice.objects.get(user__username="koordination", name="demo")
    assert len(code) == 6
    assert device.verify_token(code)


def test_demo_rate_sets_follow_each_other_and_every_handed_in_claim_passes_their_rules(settings):
    from datetime import date

    from volunteers.models import ExpenseClaim, RateSet
    from volunteers.services import preview_claim

    settings.DEBUG = True
    call_command("seed_demo_data")
    call_command("seed_demo_data")

    periods = list(RateSet.objects.order_by("valid_from").values_list("valid_from", "valid_until"))
    assert periods == [(date(2025, 1, 1), date(2025, 12, 31)), (date(2026, 1, 1), None)]
    current = RateSet.objects.valid_on(date(2026, 6, 1))
    assert current.max_minutes_per_claim == 480
    assert current.missing_receipt == RateSet.ReceiptRule.REFUSE
    handed_in = ExpenseClaim.objects.exclude(status=ExpenseClaim.Status.DRAFT)
    with_costs = handed_in.filter(other_costs__gt=0)
    assert with_costs.exists()
    assert not with_costs.filter(receipts__isnull=True).exists()
    for claim in handed_in.prefetch_related("receipts"):
        preview = preview_claim(claim, receipts=len(claim.receipts.all()))
        assert not preview.refusals, claim


def test_demo_paid_claims_were_paid_by_booked_runs_with_a_valid_bank_file(settings):
    import hashlib

    import xmlschema
    from django.db.models import Sum

    from volunteers import payments
    from volunteers.models import ExpenseClaim, PaymentRun

    settings.DEBUG = True
    call_command("seed_demo_data")
    call_command("seed_demo_data")

    paid = ExpenseClaim.objects.filter(status=ExpenseClaim.Status.PAID)
    assert paid.exists()
    assert not paid.filter(payment_run__isnull=True).exists()
    assert not paid.exclude(payment_run__status=PaymentRun.Status.BOOKED).exists()
    schema = xmlschema.XMLSchema(str(payments.SEPA_XSD))
    for run in PaymentRun.objects.filter(status=PaymentRun.Status.BOOKED):
        claims = run.claims.all()
        assert run.total == claims.aggregate(total=Sum("amount"))["total"]
        assert set(claims.values_list("paid_on", flat=True)) == {run.booked_on}
        assert hashlib.sha256(bytes(run.sepa_file)).hexdigest() == run.sepa_sha256
        schema.validate(bytes(run.sepa_file).decode())
    waiting = PaymentRun.objects.get(status=PaymentRun.Status.EXPORTED)
    assert waiting.claims.filter(status=ExpenseClaim.Status.APPROVED).count() == waiting.claim_count


INTERNAL_WORDS = re.compile(r"\bseeds?\b|Lorem|ipsum|TODO|FIXME|XXX|\bDummy", re.IGNORECASE)


def _texts_of_every_record():
    """Every stored text (CharField, TextField) of every model, with where it is."""
    for model in apps.get_models():
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
        ]
        if not fields or model._meta.app_label in ("auth", "contenttypes", "sessions", "django_q"):
            continue
        for row in model._default_manager.values_list("pk", *fields):
            for name, value in zip(fields, row[1:], strict=True):
                if value:
                    yield f"{model._meta.label}.{name}#{row[0]}", value


def test_demo_data_reads_like_a_real_office_without_internal_references(settings):
    settings.DEBUG = True
    call_command("seed_demo_data")
    found = {where: text for where, text in _texts_of_every_record() if INTERNAL_WORDS.search(text)}
    assert found == {}
    assert any("Landesdachverband" in text for _where, text in _texts_of_every_record())
