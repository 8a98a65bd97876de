"""Write operations of the consultation log: entry, clients, access log, Art. 15 export.

Retention and erasure (Art. 17) are in `consultations/retention.py`."""

import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import (
    AccessLog,
    Client,
    ClientIdentity,
    Consultation,
    ConsultationTopic,
    Referral,
)
from kmut import audit

Action = AccessLog.Action


def check_changeable(client: Client) -> None:
    """An anonymised client (and its consultations) is never changed."""
    if client.is_anonymised:
        raise ValidationError(_("This client was anonymised and cannot be changed."))


def chosen_topics(topics: Iterable[str]) -> list[str]:
    """The topics of a consultation, of which there is at least one."""
    topics = list(topics)
    if not topics:
        raise ValidationError({"topics": _("Please choose at least one topic.")}, code="topics")
    return topics


# --- access log ----------------------------------------------------------------------------


@audit.records_actor
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


@audit.records_actor
@transaction.atomic
def create_client(*, by, code: str = "", **fields) -> Client:
    client = Client(code=normalise_code(code) or next_client_code(), **fields)
    client.full_clean()
    client.save()
    return client


@audit.records_actor
@transaction.atomic
def update_client(*, client: Client, by, **fields) -> Client:
    check_changeable(client)
    for name, value in fields.items():
        setattr(client, name, value)
    client.full_clean()
    client.save()
    # The save wrote the last contact read with the form; a consultation may have come since.
    refresh_last_contact([client.pk])
    return client


@audit.records_actor
@transaction.atomic
def save_identity(*, client: Client, by, **fields) -> ClientIdentity:
    """Record (or change) name and contact details with the consent they rest on."""
    check_changeable(client)
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


@audit.records_actor
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
    topics = chosen_topics(topics)
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


@audit.records_actor
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


@audit.records_actor
@transaction.atomic
def update_consultation(
    *,
    consultation: Consultation,
    by,
    topics: Iterable[str],
    referrals: Iterable[tuple] = (),
    **fields,
) -> Consultation:
    check_changeable(consultation.client)
    if "note" in fields and not consultation.note_visible_to(by):
        raise ValidationError(_("Only the author and the head of office may change the note."))
    topics = chosen_topics(topics)
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


# --- Art. 15: access to the stored data ---------------------------------------------------


@audit.records_actor
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
