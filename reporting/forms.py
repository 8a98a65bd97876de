from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from kmut.forms import german_numbers
from kmut.models import FieldOfAction
from reporting.models import (
    ActionPlan,
    AnnualReport,
    CommitteeStep,
    CostCentre,
    FundingRule,
    FundingStatement,
    Goal,
    Grant,
    Indicator,
    IndicatorValue,
    Measure,
    Post,
    ReportChapter,
)
from roundtable.models import Decision, Event, Meeting

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActionPlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = [
            "year",
            "version",
            "title",
            "period_start",
            "period_end",
            "adopted_by",
            "adopted_on",
            "foreword",
            "guiding_principles",
            "notes",
        ]
        widgets = {
            "adopted_on": DATE_INPUT,
            "foreword": forms.Textarea(attrs={"rows": 8}),
            "guiding_principles": forms.Textarea(attrs={"rows": 8}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class ContinuePlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the new version"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["field_of_action", "title", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_of_action"].queryset = FieldOfAction.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.field_of_action_id)
        )


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = [
            "title",
            "description",
            "organisations",
            "starts_on",
            "due_on",
            "status",
            "meetings",
            "decisions",
            "events",
            "position",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DATE_INPUT,
            "due_on": DATE_INPUT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")
        self.fields["meetings"].queryset = Meeting.objects.select_related("body").order_by(
            "-starts_at"
        )
        self.fields["decisions"].queryset = Decision.objects.select_related("body").order_by(
            "body__short_name", "number"
        )
        self.fields["events"].queryset = Event.objects.order_by("-starts_on", "title")
        for name in ("organisations", "meetings", "decisions", "events"):
            self.fields[name].widget.attrs["size"] = 6


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        formfield_callback = german_numbers
        fields = ["name", "unit", "baseline", "baseline_year", "target", "target_year"]


IndicatorValueFormSet = forms.inlineformset_factory(
    Indicator,
    IndicatorValue,
    fields=["year", "value", "note"],
    formfield_callback=german_numbers,
    extra=2,
    can_delete=True,
)


class CostCentreForm(forms.ModelForm):
    class Meta:
        model = CostCentre
        fields = ["name", "description", "position", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class FundingRuleForm(forms.ModelForm):
    class Meta:
        model = FundingRule
        formfield_callback = german_numbers
        fields = ["valid_from", "rate", "cost_cap_per_fte", "grant_cap_per_fte", "source"]
        widgets = {"valid_from": DATE_INPUT}


class FundingStatementForm(forms.ModelForm):
    class Meta:
        model = FundingStatement
        formfield_callback = german_numbers
        fields = [
            "year",
            "cost_centre",
            "material_planned",
            "material_actual",
            "funding_decision",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cost_centre"].queryset = CostCentre.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.cost_centre_id)
        )


PostFormSet = forms.inlineformset_factory(
    FundingStatement,
    Post,
    fields=["label", "fte", "planned_costs", "actual_costs"],
    formfield_callback=german_numbers,
    extra=2,
    can_delete=True,
)


class GrantForm(forms.ModelForm):
    class Meta:
        model = Grant
        formfield_callback = german_numbers
        fields = [
            "source",
            "label",
            "calculation",
            "approved_amount",
            "planned_amount",
            "actual_amount",
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("calculation") == Grant.Calculation.COMPUTED and (
            cleaned.get("planned_amount") is not None or cleaned.get("actual_amount") is not None
        ):
            raise ValidationError(
                _(
                    "A computed grant takes its amounts from the funding rules: leave planned "
                    "and actual empty, or choose “as in the funding decision”."
                ),
                code="computed_with_amounts",
            )
        return cleaned


GrantFormSet = forms.inlineformset_factory(
    FundingStatement,
    Grant,
    form=GrantForm,
    formfield_callback=german_numbers,
    extra=2,
    can_delete=True,
)


class OverviewForm(forms.Form):
    year_from = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), min_value=2000, max_value=2100)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and start > end:
            raise ValidationError(_("The first year cannot lie after the last."), code="order")
        if start and end and end - start > 9:
            raise ValidationError(_("Show at most ten years side by side."), code="too_many")
        return cleaned


# --- annual committee report ----------------------------------------------------------------


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class AnnualReportForm(forms.ModelForm):
    """The committee-paper header (the chapters have their own pages)."""

    class Meta:
        model = AnnualReport
        fields = [
            "title",
            "paper_number",
            "paper_date",
            "paper_type",
            "is_public",
            "originating_office",
            "signatory",
            "signatory_role",
            "attachments",
        ]
        widgets = {
            "paper_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "attachments": forms.Textarea(attrs={"rows": 3}),
        }


class CommitteeStepForm(forms.ModelForm):
    class Meta:
        model = CommitteeStep
        fields = ["committee", "meeting_date", "purpose", "position"]
        widgets = {"meeting_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


CommitteeStepFormSet = forms.inlineformset_factory(
    AnnualReport, CommitteeStep, form=CommitteeStepForm, extra=2, can_delete=True
)


class ChapterOutlineForm(forms.ModelForm):
    class Meta:
        model = ReportChapter
        fields = ["position", "title", "level", "block", "is_annex", "included"]
        widgets = {"position": forms.NumberInput(attrs={"min": 0, "class": "position-input"})}


class BaseOutlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not any(data.get("included") for data in kept):
            raise ValidationError(_("The report needs at least one chapter."), code="no_chapters")


OutlineFormSet = forms.inlineformset_factory(
    AnnualReport,
    ReportChapter,
    form=ChapterOutlineForm,
    formset=BaseOutlineFormSet,
    extra=2,
    can_delete=True,
)


class ChapterTextForm(forms.ModelForm):
    class Meta:
        model = ReportChapter
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 14})}


class ReleaseForm(forms.Form):
    """One checkbox per gap of the completeness check; each must be ticked."""

    confirmed = forms.MultipleChoiceField(
        label=_("I have seen these gaps and release the report nonetheless"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, gaps, **kwargs):
        super().__init__(*args, **kwargs)
        self.gaps = gaps
        self.fields["confirmed"].choices = [(gap.code, gap.message) for gap in gaps]

    def clean_confirmed(self):
        confirmed = self.cleaned_data["confirmed"]
        if set(confirmed) != {gap.code for gap in self.gaps}:
            raise ValidationError(
                _("Please confirm each gap listed, or fill it in first."), code="unconfirmed"
            )
        return confirmed
