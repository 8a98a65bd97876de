"""Write operations of the consultation log: entry, clients, access log, retention, erasure."""

import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from consultations.models import (
    AccessLog,
    Client,
    ClientIdentity,
    Consultation,
    ConsultationTopic,
    Referral,
)
from kmut import reminders, roles
from kmut.mail import office_sender
from kmut.models import Reminder

Action = AccessLog.Action


# --- access log ----------------------------------------------------------------------------


def record_access(
    *,
    by,
    action: str,
    client: Client | None = None,
    consultations: Iterable = (),
    listed: Iterable = (),
    listed_clients: Iterable = (),
) -> None:
    """Log a read (or export, erasure) of a client and/or consultations in one query.

    `consultations` (or, without them, `client`) is what the page is about: one row each with
    `action`. `listed` are consultations and `listed_clients` clients shown as rows on the same
    page (one "list" row each). With nothing at all (the access log page), one row without a
    subject records that the page was read.
    """
    rows = [
        AccessLog(
            user=by,
            action=action,
            client_ref=consultation.client_id,
            consultation_ref=consultation.pk,
        )
        for consultation in consultations
    ]
    if client is not None and not rows:
        rows.append(AccessLog(user=by, action=action, client_ref=client.pk))
    rows.extend(
        AccessLog(
            user=by,
            action=AccessLog.Action.LIST,
            client_ref=consultation.client_id,
            consultation_ref=consultation.pk,
        )
        for consultation in listed
    )
    rows.extend(
        AccessLog(user=by, action=AccessLog.Action.LIST, client_ref=listed_client.pk)
        for listed_client in listed_clients
    )
    if not rows and action == AccessLog.Action.AUDIT:
        rows.append(AccessLog(user=by, action=action))
    AccessLog.objects.bulk_create(rows)


# --- clients -------------------------------------------------------------------------------


def next_client_code(on: date | None = None) -> str:
    """The next free code of the form K-<year>-<number>."""
    year = (on or timezone.localdate()).year
    prefix = f"K-{year}-"
    numbers = [
        int(code.removeprefix(prefix))
        for code in Client.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        if code.removeprefix(prefix).isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def normalise_code(code: str) -> str:
    return code.strip().upper()


def check_can_consult(client: Client) -> None:
    """A new consultation needs a client who was not anonymised (the entry form asks too)."""
    if client.is_anonymised:
        raise ValidationError(
            _("This client was anonymised: please use a new client code."), code="anonymised"
        )


def refresh_last_contact(client_ids: Iterable[int] | None = None) -> int:
    """Store the last contact of these clients (None: of every client) in one UPDATE.

    The one place that keeps `Client.last_contact_on` true (decision 0024): the date of the
    client's latest consultation, else the local day the client was created. Every write that
    adds, re-dates, moves or removes consultations calls it with the clients concerned, so the
    client list sorts on an indexed column instead of a subquery per client.
    """
    clients = Client.objects.all()
    if client_ids is not None:
        clients = clients.filter(pk__in=set(client_ids))
    last = Consultation.objects.filter(client=OuterRef("pk")).order_by("-held_on")
    return clients.update(
        last_contact_on=Coalesce(Subquery(last.values("held_on")[:1]), TruncDate("created_at"))
    )


@transaction.atomic
def create_client(*, by, code: str = "", **fields) -> Client:
    client = Client(code=normalise_code(code) or next_client_code(), **fields)
    client.full_clean()
    client.save()
    return client


@transaction.atomic
def update_client(*, client: Client, by, **fields) -> Client:
    if client.is_anonymised:
        raise ValidationError(_("This client was anonymised and cannot be changed."))
    for name, value in fields.items():
        setattr(client, name, value)
    client.full_clean()
    client.save()
    # The save wrote the last contact read with the form; a consultation may have come since.
    refresh_last_contact([client.pk])
    return client


@transaction.atomic
def save_identity(*, client: Client, by, **fields) -> ClientIdentity:
    """Record (or change) name and contact details with the consent they rest on."""
    if client.is_anonymised:
        raise ValidationError(_("This client was anonymised and cannot be changed."))
    identity = ClientIdentity.objects.filter(client=client).first() or ClientIdentity(client=client)
    for name, value in fields.items():
        setattr(identity, name, value)
    withdrawn = identity.consent_withdrawn_on is not None
    if withdrawn:
        # Without consent the name and contact may no longer be kept: erase them, also from the
        # history; date, scope and withdrawal of the consent stay as proof.
        identity.full_name = ""
        identity.contact = ""
    identity.full_clean()
    identity.save()
    if withdrawn:
        ClientIdentity.history.filter(id=identity.pk).update(full_name="", contact="")
    return identity


# --- consultations -------------------------------------------------------------------------


def _set_topics(consultation: Consultation, topics: Iterable[str]) -> None:
    wanted = set(topics)
    existing = {row.topic: row for row in consultation.topics.all()}
    for topic, row in existing.items():
        if topic not in wanted:
            row.delete()
    for topic in sorted(wanted - set(existing)):
        ConsultationTopic.objects.create(consultation=consultation, topic=topic)


def _set_referrals(consultation: Consultation, referrals: Iterable[tuple]) -> None:
    """referrals: (organisation, data_sharing_consent) pairs."""
    wanted = {organisation.pk: (organisation, consent) for organisation, consent in referrals}
    for referral in consultation.referrals.all():
        if referral.organisation_id not in wanted:
            referral.delete()
            continue
        _organisation, consent = wanted.pop(referral.organisation_id)
        if referral.data_sharing_consent != consent:
            referral.data_sharing_consent = consent
            referral.save()
    for organisation, consent in wanted.values():
        Referral.objects.create(
            consultation=consultation, organisation=organisation, data_sharing_consent=consent
        )


def record_consultation(
    *,
    by,
    client: Client,
    held_on: date,
    duration_minutes: int,
    channel: str,
    counsellor,
    topics: Iterable[str],
    language=None,
    interpreter_used: bool = False,
    interpreter_assignment=None,
    referrals: Iterable[tuple] = (),
    follow_up_on: date | None = None,
    note: str = "",
    submission_token: uuid.UUID | None = None,
) -> tuple[Consultation, bool]:
    """Record a consultation; returns (consultation, created).

    The submission token of the entry form makes a double submit return the first consultation
    instead of creating a second one.
    """
    if submission_token is not None:
        existing = Consultation.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing, False
    check_can_consult(client)
    topics = list(topics)
    if not topics:
        raise ValidationError({"topics": _("Please choose at least one topic.")}, code="topics")
    consultation = Consultation(
        client=client,
        held_on=held_on,
        duration_minutes=duration_minutes,
        channel=channel,
        counsellor=counsellor,
        language=language,
        interpreter_used=interpreter_used,
        interpreter_assignment=interpreter_assignment,
        follow_up_on=follow_up_on,
        note=note,
        submission_token=submission_token or uuid.uuid4(),
    )
    consultation.full_clean()
    try:
        with transaction.atomic():
            consultation.save()
            _set_topics(consultation, topics)
            _set_referrals(consultation, referrals)
            refresh_last_contact([client.pk])
    except IntegrityError:
        # The same form was submitted twice at the same moment: keep the first one.
        existing = Consultation.objects.filter(submission_token=consultation.submission_token)
        if submission_token is not None and existing.exists():
            return existing.get(), False
        raise
    return consultation, True


FOLLOW_UP_AHEAD = timedelta(days=7)
FOLLOW_UP_BEHIND = timedelta(days=30)


def follow_ups_due(user):
    """The user's consultations with a follow-up in the coming week or the past 30 days."""
    today = timezone.localdate()
    return Consultation.objects.filter(
        counsellor=user,
        follow_up_on__isnull=False,
        follow_up_on__lte=today + FOLLOW_UP_AHEAD,
        follow_up_on__gte=today - FOLLOW_UP_BEHIND,
    )


def consultation_for_token(submission_token: uuid.UUID) -> Consultation | None:
    """The consultation an entry form with this token has already saved, if any."""
    return Consultation.objects.filter(submission_token=submission_token).first()


def record_entry(
    *,
    by,
    client: Client | None,
    client_code: str,
    new_client: dict,
    submission_token: uuid.UUID,
    **consultation,
) -> tuple[Consultation, bool]:
    """The entry form: an existing or new client plus the consultation, exactly once per token."""
    existing = Consultation.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            if client is None:
                client = create_client(by=by, code=client_code, **new_client)
            return record_consultation(
                by=by, client=client, submission_token=submission_token, **consultation
            )
    except IntegrityError as error:
        # A double submit (or a colleague taking the same new code) at the same moment.
        existing = Consultation.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing, False
        raise ValidationError(
            _("Someone saved at the same moment. Please check the client code and save again."),
            code="conflict",
        ) from error


@transaction.atomic
def update_consultation(
    *,
    consultation: Consultation,
    by,
    topics: Iterable[str],
    referrals: Iterable[tuple] = (),
    **fields,
) -> Consultation:
    if consultation.client.is_anonymised:
        raise ValidationError(_("This client was anonymised and cannot be changed."))
    if "note" in fields and not consultation.note_visible_to(by):
        raise ValidationError(_("Only the author and the head of office may change the note."))
    topics = list(topics)
    if not topics:
        raise ValidationError({"topics": _("Please choose at least one topic.")}, code="topics")
    earlier_client_id = consultation.client_id
    for name, value in fields.items():
        setattr(consultation, name, value)
    consultation.full_clean()
    consultation.save()
    _set_topics(consultation, topics)
    _set_referrals(consultation, referrals)
    # A new date changes the client's last contact; a move changes both clients'.
    refresh_last_contact({earlier_client_id, consultation.client_id})
    return consultation


# --- retention, Art. 15 and Art. 17 ---------------------------------------------------------


def retention_years() -> int:
    return settings.KMUT_CONSULTATION_RETENTION_YEARS


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def deletion_due_on(last_contact_on: date) -> date:
    return _add_years(last_contact_on, retention_years())


def clients_expiring(*, today: date | None = None, within_days: int = 0):
    """Clients not anonymised whose retention period ends on or before today + within_days.

    A client is anonymised on the day the period ends (last contact + N years). The last contact
    is the last consultation, else the day the client was created; written with EXISTS so the
    dashboard stays fast with years of consultations (no aggregate over all of them).
    """
    today = today or timezone.localdate()
    cutoff = _add_years(today + timedelta(days=within_days), -retention_years())
    consultations = Consultation.objects.filter(client=OuterRef("pk"))
    return Client.objects.filter(
        ~Exists(consultations.filter(held_on__gt=cutoff)),
        Exists(consultations) | Q(created_at__lt=_start_of_day_after(cutoff)),
        anonymised_at__isnull=True,
    )


def _start_of_day_after(day: date):
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def notify_retention_warning(*, today: date | None = None) -> int:
    """E-mail the head of office once, on the day clients enter the warning period."""
    today = today or timezone.localdate()
    days = settings.KMUT_CONSULTATION_WARNING_DAYS
    entering = clients_expiring(today=today, within_days=days).exclude(
        pk__in=clients_expiring(today=today, within_days=days - 1).values("pk")
    )
    recipients = list(
        User.objects.filter(is_active=True, groups__name=roles.LEADERSHIP)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    due_on = today + timedelta(days=days)
    # Recorded per client: a second run on the same day (job and command) sends nothing again.
    kind = Reminder.Kind.RETENTION
    with transaction.atomic():
        fresh = [
            client
            for client in reminders.unsent(entering, kind, due_on)
            if recipients and reminders.record(client, kind, due_on, recipients)
        ]
        if not fresh:
            return 0
        with translation.override("de"):
            send_mail(
                subject=_("Consultation log: clients will be anonymised soon"),
                message=render_to_string(
                    "consultations/emails/retention_warning.txt",
                    {"count": len(fresh), "due_on": due_on},
                ),
                from_email=office_sender(),
                recipient_list=recipients,
            )
    return len(fresh)


def _scrub_history(client: Client, consultation_pks: list[int], new_code: str) -> None:
    """Remove personal text from the simple-history tables as well."""
    Consultation.history.filter(id__in=consultation_pks).update(note="")
    Client.history.filter(id=client.pk).update(code=new_code)
    ClientIdentity.history.filter(client_id=client.pk).delete()


@transaction.atomic
def anonymise_client(*, client: Client, by=None, action: str = Action.ANONYMISE) -> Client:
    """Keep only the statistical categories of a client and their consultations.

    Deletes name, contact and consent (ClientIdentity), empties the notes, replaces the code and
    scrubs the same data from the history tables. Dates, topics, channel, language, interpreter
    and referrals stay for the statistics.
    """
    client = Client.objects.select_for_update().get(pk=client.pk)
    consultation_pks = list(client.consultations.values_list("pk", flat=True))
    new_code = f"ANON-{client.pk}"
    ClientIdentity.objects.filter(client=client).delete()
    consultations = list(Consultation.objects.filter(pk__in=consultation_pks))
    for consultation in consultations:
        consultation.note, consultation.follow_up_on = "", None
    bulk_update_with_history(
        consultations,
        Consultation,
        ["note", "follow_up_on"],
        default_user=by,
        default_change_reason=str(dict(Action.choices)[action]),
    )
    client.code = new_code
    client.anonymised_at = timezone.now()
    client._change_reason = str(dict(Action.choices)[action])
    client.save()
    refresh_last_contact([client.pk])
    _scrub_history(client, consultation_pks, new_code)
    AccessLog.objects.create(user=by, action=action, client_ref=client.pk)
    return client


def erase_client(*, client: Client, by) -> Client:
    """Art. 17: erase everything that relates to the person; anonymous statistics remain."""
    if not by.has_perm("consultations.erase_client"):
        raise ValidationError(_("Only the head of office may erase a client."))
    return anonymise_client(client=client, by=by, action=Action.ERASE)


def apply_retention(*, today: date | None = None) -> list[int]:
    """Anonymise every client whose retention period has ended; returns their pks."""
    pks = []
    for client in clients_expiring(today=today):
        anonymise_client(client=client)
        pks.append(client.pk)
    return pks


def export_client(*, client: Client, by) -> dict:
    """Art. 15: everything stored on one client, as plain data (logged)."""
    if not by.has_perm("consultations.export_client"):
        raise ValidationError(_("Only the head of office may export a client's data."))
    consultations = list(
        client.consultations.select_related("counsellor", "language", "interpreter_assignment")
        .prefetch_related("topics", "referrals__organisation")
        .order_by("held_on", "pk")
    )
    identity = ClientIdentity.objects.filter(client=client).first()
    record_access(by=by, action=Action.EXPORT, client=client)
    return {
        "client": {
            "code": client.code,
            "age_band": client.get_age_band_display(),
            "gender": client.get_gender_display(),
            "origin": client.get_origin_display(),
            "residence_status": client.get_residence_status_display(),
            "municipality": str(client.municipality or ""),
            "household_size": client.get_household_size_display(),
            "created_at": client.created_at.isoformat(),
            "anonymised_at": client.anonymised_at.isoformat() if client.anonymised_at else None,
        },
        "identity": None
        if identity is None
        else {
            "name": identity.full_name,
            "contact": identity.contact,
            "consent_given_on": identity.consent_given_on.isoformat(),
            "consent_scope": identity.consent_scope,
            "consent_withdrawn_on": identity.consent_withdrawn_on.isoformat()
            if identity.consent_withdrawn_on
            else None,
        },
        "consultations": [
            {
                "date": consultation.held_on.isoformat(),
                "duration_minutes": consultation.duration_minutes,
                "channel": consultation.get_channel_display(),
                "counsellor": consultation.counsellor.get_full_name()
                or consultation.counsellor.get_username(),
                "topics": [row.get_topic_display() for row in consultation.topics.all()],
                "language": str(consultation.language or ""),
                "interpreter_used": consultation.interpreter_used,
                "follow_up_on": consultation.follow_up_on.isoformat()
                if consultation.follow_up_on
                else None,
                "note": consultation.note,
                "referrals": [
                    {
                        "organisation": str(referral.organisation),
                        "data_sharing_consent": referral.data_sharing_consent,
                    }
                    for referral in consultation.referrals.all()
                ],
            }
            for consultation in consultations
        ],
    }
