"""Write operations on the registry that go beyond saving one form."""

import re
import secrets
from datetime import timedelta
from difflib import SequenceMatcher

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actors import proposals
from actors.models import Organisation, UpdateCampaign, UpdateRequest
from kmut import audit

_LEGAL_FORMS = re.compile(r"\b(e\.?\s?v|ggmbh|gmbh|ug|ag|eg|kg|ohg|mbh)\b\.?", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^\w]+")
SIMILARITY_THRESHOLD = 0.85


def normalised_name(name: str) -> str:
    """Lower-case name without legal form, punctuation and extra spaces, for comparing."""
    name = _LEGAL_FORMS.sub(" ", name.casefold())
    return " ".join(_NOT_WORD.sub(" ", name).split())


def similar_organisations(name: str, *, exclude_pk: int | None = None, limit: int = 5):
    """Existing organisations whose name is close to `name` (closest first)."""
    wanted = normalised_name(name)
    if not wanted:
        return []
    candidates = Organisation.objects.filter(merged_into__isnull=True)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    scored = []
    for pk, other_name in candidates.values_list("pk", "name"):
        other = normalised_name(other_name)
        if not other:
            continue
        ratio = SequenceMatcher(None, wanted, other).ratio()
        if (
            ratio >= SIMILARITY_THRESHOLD
            or wanted == other
            or (min(len(wanted), len(other)) >= 6 and (wanted in other or other in wanted))
        ):
            scored.append((ratio, pk))
    scored.sort(reverse=True)
    by_pk = Organisation.objects.in_bulk([pk for _ratio, pk in scored[:limit]])
    return [by_pk[pk] for _ratio, pk in scored[:limit]]


@audit.records_actor
@transaction.atomic
def archive_organisation(*, organisation: Organisation, by: User) -> Organisation:
    organisation.status = Organisation.Status.ARCHIVED
    organisation._change_reason = _("Archived")
    organisation.save()
    return organisation


@audit.records_actor
@transaction.atomic
def restore_organisation(*, organisation: Organisation, by: User) -> Organisation:
    if organisation.merged_into_id:
        raise ValidationError(
            _("A merged entry cannot be restored; edit the entry it was merged into."),
            code="merged",
        )
    organisation.status = Organisation.Status.ACTIVE
    organisation._change_reason = _("Restored")
    organisation.save()
    return organisation


@audit.records_actor
@transaction.atomic
def confirm_organisation(*, organisation: Organisation, by: User, on=None) -> Organisation:
    organisation.last_confirmed_on = on or timezone.localdate()
    organisation._change_reason = _("Entry confirmed as current")
    organisation.save()
    return organisation


@audit.records_actor
@transaction.atomic
def merge_organisations(*, target: Organisation, duplicate: Organisation, by: User) -> Organisation:
    """Move every reference from `duplicate` to `target`, then archive the duplicate.

    Works over all relations pointing at Organisation, so references added by other apps
    (meeting members, volunteers' organisations, ...) move too. Each moved object is saved
    one by one, so its own history records the move.
    """
    target = Organisation.objects.select_for_update().get(pk=target.pk)
    duplicate = Organisation.objects.select_for_update().get(pk=duplicate.pk)
    if target.pk == duplicate.pk:
        raise ValidationError(_("An entry cannot be merged with itself."), code="same")
    if duplicate.merged_into_id:
        raise ValidationError(_("This entry has already been merged."), code="merged")
    if target.parent_id == duplicate.pk:
        target.parent = duplicate.parent

    moved_reason = _("Moved from merged entry %(name)s") % {"name": duplicate.name}
    for relation in Organisation._meta.related_objects:
        if relation.many_to_many:
            accessor = relation.get_accessor_name()
            for related in getattr(duplicate, accessor).all():
                # The m2m fields pointing here are tracked: each change writes a history row.
                related._change_reason = moved_reason
                getattr(related, relation.field.name).remove(duplicate)
                getattr(related, relation.field.name).add(target)
        elif relation.one_to_many or relation.one_to_one:
            if relation.related_model is Organisation and relation.field.name == "merged_into":
                continue
            manager = relation.related_model._default_manager
            for related in manager.filter(**{relation.field.name: duplicate}):
                setattr(related, relation.field.name, target)
                related._change_reason = moved_reason
                related.save()
    for field_name in ("municipalities", "fields_of_action", "languages"):
        getattr(target, field_name).add(*getattr(duplicate, field_name).all())
    for field_name in ("short_name", "street", "postal_code", "city", "phone", "email", "website"):
        if not getattr(target, field_name) and getattr(duplicate, field_name):
            setattr(target, field_name, getattr(duplicate, field_name))
    if duplicate.notes:
        target.notes = "\n\n".join(part for part in (target.notes, duplicate.notes) if part)
    dates = [d for d in (target.last_confirmed_on, duplicate.last_confirmed_on) if d]
    target.last_confirmed_on = max(dates) if dates else None
    target._change_reason = _("Merged with %(name)s") % {"name": duplicate.name}
    target.full_clean()
    target.save()

    # Entries merged into the duplicate earlier now point at the target, each with its history.
    for earlier in Organisation.objects.filter(merged_into=duplicate):
        earlier.merged_into = target
        earlier._change_reason = _("Merged into %(name)s") % {"name": target.name}
        earlier.save()
    duplicate.status = Organisation.Status.ARCHIVED
    duplicate.merged_into = target
    duplicate._change_reason = _("Merged into %(name)s") % {"name": target.name}
    duplicate.save()
    return target


# --- update requests -----------------------------------------------------------------------

LINK_GRACE_DAYS = 30


class NoRecipients(ValidationError):
    """None of the organisations to ask has an e-mail address: no campaign is created."""

    def __init__(self):
        super().__init__(
            _("None of the selected organisations has an e-mail address."), code="no_recipients"
        )


@audit.records_actor
@transaction.atomic
def send_update_requests(
    *, organisations, title: str, due_on, message: str, base_url: str, by: User
) -> tuple[UpdateCampaign, list[Organisation]]:
    """Create one request per organisation with an e-mail address and mail the links.

    Returns the campaign and the organisations that were skipped for lack of an address;
    raises NoRecipients (and creates nothing) when none of them has one.
    """
    organisations = list(organisations)
    if not any(organisation.email for organisation in organisations):
        raise NoRecipients
    campaign = UpdateCampaign.objects.create(
        title=title, due_on=due_on, message=message, created_by=by
    )
    skipped, created = [], []
    for organisation in organisations:
        if not organisation.email:
            skipped.append(organisation)
            continue
        created.append(
            UpdateRequest.objects.create(
                organisation=organisation,
                campaign=campaign,
                token=secrets.token_urlsafe(32),
                recipient_email=organisation.email,
                due_on=due_on,
                expires_on=due_on + timedelta(days=LINK_GRACE_DAYS),
                created_by=by,
            )
        )
    transaction.on_commit(lambda: _mail_update_requests(created, message, base_url))
    return campaign, skipped


def _mail_update_requests(update_requests, message: str, base_url: str) -> None:
    with translation.override("de"):
        mails = []
        for update_request in update_requests:
            link = base_url.rstrip("/") + reverse(
                "actors_public:update_reply", args=[update_request.token]
            )
            body = render_to_string(
                "actors/emails/update_request.txt",
                {"request": update_request, "link": link, "message": message},
            )
            mails.append(
                EmailMessage(
                    subject=_("Please check your entry in the district's integration atlas"),
                    body=body,
                    to=[update_request.recipient_email],
                )
            )
    with get_connection() as connection:
        connection.send_messages(mails)


def _locked_request(update_request: UpdateRequest) -> UpdateRequest:
    return (
        UpdateRequest.objects.select_for_update()
        .select_related("organisation")
        .get(pk=update_request.pk)
    )


@transaction.atomic
def record_reply(
    *, update_request: UpdateRequest, proposal: dict, responder_name: str, responder_note: str
) -> UpdateRequest:
    """Store what the organisation proposes; nothing in the registry changes yet."""
    update_request = _locked_request(update_request)
    if not update_request.is_open_for_reply:
        raise ValidationError(
            _("This link is no longer valid. Please contact the coordination office."),
            code="closed",
        )
    update_request.proposal = proposal
    update_request.responder_name = responder_name
    update_request.responder_note = responder_note
    update_request.responded_at = timezone.now()
    update_request.status = UpdateRequest.Status.RESPONDED
    update_request.save()
    return update_request


@audit.records_actor
@transaction.atomic
def accept_update_request(*, update_request: UpdateRequest, by: User) -> UpdateRequest:
    """Apply the proposal to the entry (with history) and confirm the entry as current."""
    update_request = _locked_request(update_request)
    if update_request.status != UpdateRequest.Status.RESPONDED:
        raise ValidationError(
            _("This request has already been decided or has no reply."), code="not_open"
        )
    organisation = Organisation.objects.select_for_update().get(pk=update_request.organisation_id)
    reason = _("Update from the organisation accepted (request %(id)s)") % {"id": update_request.pk}
    proposals.apply(organisation, update_request.proposal, reason=reason)
    organisation.last_confirmed_on = timezone.localdate()
    organisation._change_reason = reason
    organisation.save()
    update_request.status = UpdateRequest.Status.ACCEPTED
    update_request.reviewed_by = by
    update_request.reviewed_at = timezone.now()
    update_request.save()
    return update_request


@audit.records_actor
@transaction.atomic
def reject_update_request(*, update_request: UpdateRequest, note: str, by: User) -> UpdateRequest:
    if not note.strip():
        raise ValidationError(_("Please give a reason for the rejection."), code="reason_required")
    update_request = _locked_request(update_request)
    if update_request.status != UpdateRequest.Status.RESPONDED:
        raise ValidationError(
            _("This request has already been decided or has no reply."), code="not_open"
        )
    update_request.status = UpdateRequest.Status.REJECTED
    update_request.review_note = note
    update_request.reviewed_by = by
    update_request.reviewed_at = timezone.now()
    update_request.save()
    return update_request
