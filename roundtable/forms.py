from datetime import datetime, time

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from actors.models import ContactPerson, Organisation
from kmut.forms import german_numbers
from kmut.models import FieldOfAction, Language
from kmut.widgets import FastSelect
from roundtable.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Event,
    Invitation,
    Meeting,
    Membership,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = [
            "name",
            "short_name",
            "kind",
            "rhythm_months",
            "is_hosted",
            "description",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.organisation.name}: {obj.full_name}"


class MembershipForm(forms.ModelForm):
    delegate = ContactChoiceField(
        label=_("delegate"), queryset=ContactPerson.objects.none(), required=False
    )
    deputy = ContactChoiceField(
        label=_("deputy"), queryset=ContactPerson.objects.none(), required=False
    )

    class Meta:
        model = Membership
        fields = [
            "organisation",
            "delegate",
            "deputy",
            "person_name",
            "email",
            "role",
            "starts_on",
            "ends_on",
        ]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active()
        contacts = (
            ContactPerson.objects.filter(
                is_active=True, organisation__status=Organisation.Status.ACTIVE
            )
            .select_related("organisation")
            .order_by("organisation__name", "last_name")
        )
        self.fields["delegate"].queryset = contacts
        self.fields["deputy"].queryset = contacts


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "place"]
        widgets = {"starts_at": DATETIME_INPUT, "ends_at": DATETIME_INPUT}


class ExternalMeetingForm(forms.ModelForm):
    """Quick entry of a meeting attended elsewhere: a day or several, the clock optional."""

    day = forms.DateField(label=_("date"), widget=DATE_INPUT)
    start_time = forms.TimeField(
        label=_("start time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    class Meta:
        model = Meeting
        fields = [
            "day",
            "ends_on",
            "start_time",
            "title",
            "place",
            "organiser",
            "body",
            "role",
            "note",
        ]
        widgets = {"ends_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 2})}
        labels = {"title": _("what")}
        help_texts = {
            "body": _("Only if the meeting belongs to a body, e.g. the KMN network."),
            "organiser": _("Who invited, e.g. the district or the ministry."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(is_active=True)
        self.fields["place"].required = True
        if self.instance.starts_at:
            local = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("day", local.date())
            if local.time() != time(0, 0):
                self.initial.setdefault("start_time", local.time())

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("day")
        if day:
            clock = cleaned.get("start_time") or time(0, 0)
            starts_at = timezone.make_aware(datetime.combine(day, clock))
            if self.instance.starts_at and self.instance.ends_at:  # moved: keep the duration
                self.instance.ends_at += starts_at - self.instance.starts_at
            self.instance.starts_at = starts_at
        return cleaned


class MeetingFilterForm(forms.Form):
    """The period and kind of the dated list of meetings (a GET form)."""

    HOSTED, ELSEWHERE = "hosted", "elsewhere"

    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("whole year")), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")],
        widget=FastSelect,
    )
    kind = forms.ChoiceField(
        label=_("meetings"),
        required=False,
        choices=[("", _("all")), (HOSTED, _("hosted")), (ELSEWHERE, _("attended elsewhere"))],
        widget=FastSelect,
    )

    def filter(self, meetings):
        """``meetings`` narrowed to the valid choices, in date order."""
        data = self.cleaned_data
        meetings = meetings.filter(starts_at__year=data["year"])
        if data.get("quarter"):
            first = 3 * data["quarter"] - 2
            meetings = meetings.filter(starts_at__month__range=(first, first + 2))
        if data.get("kind"):
            meetings = meetings.filter(is_hosted=data["kind"] == self.HOSTED)
        return meetings.order_by("starts_at", "pk")


class AgendaItemForm(forms.ModelForm):
    document_url = forms.URLField(
        label=capfirst(AgendaItem._meta.get_field("document_url").verbose_name),
        required=False,
        assume_scheme="https",
        max_length=200,
    )

    class Meta:
        model = AgendaItem
        fields = ["title", "is_public", "presenter", "planned_minutes", "document_url"]


class AttendanceForm(forms.Form):
    """One status per member (bulk: “all present”), plus up to three guests."""

    GUEST_ROWS = 3

    def __init__(self, *args, memberships, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = list(memberships)
        for membership in self.memberships:
            self.fields[f"member_{membership.pk}"] = forms.ChoiceField(
                label=str(membership),
                choices=Attendance.Status.choices,
                initial=current.get(membership.pk),
                required=False,
                widget=forms.RadioSelect,
            )
        for index in range(self.GUEST_ROWS):
            self.fields[f"guest_{index}_name"] = forms.CharField(
                label=_("Guest %(number)s: name") % {"number": index + 1},
                max_length=120,
                required=False,
            )
            self.fields[f"guest_{index}_organisation"] = forms.ModelChoiceField(
                label=_("Guest %(number)s: organisation") % {"number": index + 1},
                queryset=Organisation.objects.active(),
                required=False,
            )

    def member_statuses(self) -> dict:
        all_present = "all_present" in self.data
        statuses = {}
        for membership in self.memberships:
            value = self.cleaned_data.get(f"member_{membership.pk}")
            if all_present:
                value = value or Attendance.Status.PRESENT
            if value:
                statuses[membership] = value
        return statuses

    def guests(self) -> list:
        return [
            (
                self.cleaned_data[f"guest_{index}_name"],
                self.cleaned_data[f"guest_{index}_organisation"],
                Attendance.Status.PRESENT,
            )
            for index in range(self.GUEST_ROWS)
            if self.cleaned_data.get(f"guest_{index}_name")
        ]


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class MinutesForm(forms.Form):
    minute_taker = UserChoiceField(
        label=_("minute-taker"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(meeting.agenda_items.order_by("position"))
        self.fields["minute_taker"].queryset = User.objects.filter(
            is_active=True, groups__permissions__codename="change_meeting"
        ).distinct()
        self.fields["minute_taker"].initial = meeting.minute_taker_id
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=str(item),
                required=False,
                initial=item.minutes_text,
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=20000,
            )

    def texts(self) -> dict:
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}", "") for item in self.items}


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["agenda_item", "text", "responsible", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position")
        self.fields["responsible"].queryset = Organisation.objects.active()


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = [
            "agenda_item",
            "title",
            "owner_organisation",
            "owner_name",
            "owner_email",
            "due_on",
        ]
        widgets = {"due_on": DATE_INPUT}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.instance.body_id = meeting.body_id
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position")
        self.fields["owner_organisation"].queryset = Organisation.objects.active()


class ActionItemStatusForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["status", "due_on", "owner_email"]
        widgets = {"due_on": DATE_INPUT}


class AmendmentForm(forms.Form):
    text = forms.CharField(label=_("amendment"), widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(label=_("reason"), max_length=250)


class RsvpForm(forms.Form):
    reply = forms.ChoiceField(
        label=_("Your reply"),
        choices=[c for c in Invitation.Reply.choices if c[0] != Invitation.Reply.PENDING],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment (optional)"), max_length=250, required=False)


class EventForm(forms.ModelForm):
    """An event on one day or several, or a project that is still running (no last day)."""

    is_ongoing = forms.BooleanField(
        label=_("ongoing (no end yet)"),
        required=False,
        help_text=_("For a project that is still running: leave the last day empty."),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "starts_on",
            "ends_on",
            "is_ongoing",
            "place",
            "organisations",
            "fields_of_action",
            "target_groups",
            "languages",
            "participants",
            "costs",
            "funding_source",
            "description",
        ]
        formfield_callback = german_numbers
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"ends_on": _("Only for events over several days.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")
        self.fields["fields_of_action"].queryset = FieldOfAction.objects.active()
        self.fields["languages"].queryset = Language.objects.active()
        for name in ("organisations", "fields_of_action", "languages"):
            self.fields[name].widget.attrs["size"] = 6
        event = self.instance
        if event.pk:
            self.initial["is_ongoing"] = event.is_ongoing
            self.initial["ends_on"] = event.last_day

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if cleaned.get("is_ongoing"):
            if ends_on:
                self.add_error(
                    "ends_on",
                    forms.ValidationError(
                        _("An ongoing project has no last day yet."), code="ongoing_with_end"
                    ),
                )
            cleaned["ends_on"] = None
        elif starts_on and not ends_on:
            cleaned["ends_on"] = starts_on  # one day
        return cleaned
