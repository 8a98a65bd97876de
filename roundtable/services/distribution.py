"""The minutes as PDF (complete or public) and their mailing to the members."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kmut import audit, mail
from kmut.pdf import render_pdf
from roundtable.models import (
    Meeting,
    Membership,
    MinutesMailing,
)
from roundtable.services.action_items import open_action_items_for


def minutes_pdf(meeting: Meeting, *, public: bool) -> bytes:
    """The minutes as PDF, complete or public (without the non-public items, their decisions
    and action items, and the attendance list)."""
    items = meeting.agenda_items.order_by("position").prefetch_related(
        "decisions__responsible", "decisions__body", "action_items__owner_organisation"
    )
    if public:
        items = items.filter(is_public=True)
    context = {
        "meeting": meeting,
        "items": items,
        "public": public,
        "attendances": meeting.attendances.select_related("organisation"),
        "open_action_items": open_action_items_for(meeting),
        "amendments": meeting.amendments.all(),
        "other_decisions": meeting.decisions.filter(agenda_item__isnull=True).select_related(
            "responsible", "body"
        ),
        "other_action_items": meeting.action_items.filter(agenda_item__isnull=True).select_related(
            "owner_organisation"
        ),
    }
    return render_pdf("roundtable/pdf/minutes.html", context)


def minutes_filename(meeting: Meeting, *, public: bool) -> str:
    variant = "oeffentlich" if public else "intern"
    return f"protokoll-{timezone.localdate(meeting.starts_at):%Y-%m-%d}-{variant}.pdf"


# Who may read the non-public items: the body's members with a seat (members, the chair,
# advisory members) and their deputies. Permanent guests take part in the public items only
# and receive the public minutes.
ENTITLED_TO_NON_PUBLIC = (
    Membership.Role.MEMBER,
    Membership.Role.CHAIR,
    Membership.Role.ADVISORY,
)


def minutes_recipients(meeting: Meeting) -> list[dict]:
    """The body's current members (and deputies) with an address, each with their variant."""
    recipients, seen = [], set()
    memberships = meeting.body.memberships.current().select_related(
        "organisation", "delegate", "deputy"
    )
    for membership in memberships:
        variant = "complete" if membership.role in ENTITLED_TO_NON_PUBLIC else "public"
        people = [(membership.invitation_email, membership.delegate, membership.invitee_name)]
        if membership.deputy:
            deputy = membership.deputy
            people.append((deputy.email, deputy, deputy.full_name))
        for email, person, name in people:
            if email and email.lower() not in seen:
                seen.add(email.lower())
                recipients.append(
                    {"email": email, "name": name, "person": person, "variant": variant}
                )
    return recipients


@audit.records_actor
@transaction.atomic
def mail_minutes(*, meeting: Meeting, by: User) -> MinutesMailing:
    """E-mail the approved minutes as PDF to the body's members, once, and record it.

    Entitled members (ENTITLED_TO_NON_PUBLIC) get the complete minutes, the others the
    public version. A second call (a double submit) is refused: the mailing is unique per
    meeting and taken under a row lock of the meeting.
    """
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    )
    if meeting.state != Meeting.State.APPROVED or meeting.body_id is None:
        raise ValidationError(
            _("Only approved minutes can be sent to the members."), code="not_approved"
        )
    if MinutesMailing.objects.filter(meeting=meeting).exists():
        raise ValidationError(
            _("These minutes were already sent to the members."), code="already_sent"
        )
    recipients = minutes_recipients(meeting)
    if not recipients:
        raise ValidationError(_("No member has an e-mail address."), code="no_recipients")
    mailing = MinutesMailing.objects.create(
        meeting=meeting,
        sent_by=by,
        recipients=[
            {key: recipient[key] for key in ("name", "email", "variant")}
            for recipient in recipients
        ],
    )
    transaction.on_commit(lambda: _mail_minutes(meeting, recipients))
    return mailing


def _mail_minutes(meeting: Meeting, recipients: list[dict]) -> None:
    with translation.override("de"):
        pdfs = {
            variant: minutes_pdf(meeting, public=variant == "public")
            for variant in {recipient["variant"] for recipient in recipients}
        }
        subject = _("Minutes: %(meeting)s") % {"meeting": meeting}
        mails = []
        for recipient in recipients:
            public = recipient["variant"] == "public"
            message = EmailMessage(
                subject=subject,
                body=render_to_string(
                    "roundtable/emails/minutes.txt",
                    {
                        "meeting": meeting,
                        "recipient": recipient["person"] or recipient["name"],
                        "public": public,
                    },
                ),
                from_email=mail.office_sender(),
                to=[recipient["email"]],
            )
            message.attach(
                minutes_filename(meeting, public=public),
                pdfs[recipient["variant"]],
                "application/pdf",
            )
            mails.append(message)
    with get_connection() as connection:
        connection.send_messages(mails)
