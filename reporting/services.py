"""Write operations of the reporting area that go beyond plain form saves."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kmut import audit
from reporting import funding
from reporting.models import ActionPlan, FundingRule, FundingStatement


def _save(instance):
    """full_clean and save (the history row names `by` of the service: records_actor)."""
    instance.full_clean()
    instance.save()
    return instance


@audit.records_actor
@transaction.atomic
def continue_plan(*, plan: ActionPlan, year: int, title: str = "", by) -> ActionPlan:
    """Carry a plan forward (fortschreiben): a new version for `year` with copies of its goals,
    measures (with their organisations and the meetings and decisions that agreed them),
    indicators and measured values. Foreword, guiding principles and period are copied too;
    the adoption (by whom, on which date) is not: the new version is not adopted yet."""
    if year < plan.year:
        raise ValidationError(
            _("A plan can only be carried forward to its own year or a later one."),
            code="year_before_plan",
        )
    latest = ActionPlan.objects.filter(year=year).aggregate(latest=Max("version"))["latest"]
    new_plan = _save(
        ActionPlan(
            year=year,
            version=(latest or 0) + 1,
            title=title or plan.title,
            notes=plan.notes,
            foreword=plan.foreword,
            guiding_principles=plan.guiding_principles,
            period_start=plan.period_start,
            period_end=plan.period_end,
            based_on=plan,
        ),
    )
    goals = plan.goals.prefetch_related(
        "measures__organisations",
        "measures__meetings",
        "measures__decisions",
        "measures__indicators__values",
    )
    for goal in goals:
        measures = list(goal.measures.all())
        goal.pk = None
        goal._state.adding = True
        goal.plan = new_plan
        _save(goal)
        for measure in measures:
            organisations = list(measure.organisations.all())
            meetings = list(measure.meetings.all())
            decisions = list(measure.decisions.all())
            indicators = list(measure.indicators.all())
            measure._prefetched_objects_cache = {}  # else set() below sees the old links
            measure.pk = None
            measure._state.adding = True
            measure.goal = goal
            _save(measure)
            measure.organisations.set(organisations)
            measure.meetings.set(meetings)
            measure.decisions.set(decisions)
            for indicator in indicators:
                values = list(indicator.values.all())
                indicator.pk = None
                indicator._state.adding = True
                indicator.measure = measure
                _save(indicator)
                for value in values:
                    value.pk = None
                    value._state.adding = True
                    value.indicator = indicator
                    _save(value)
    return new_plan


def _kept(formset) -> list:
    """The rows a valid formset will keep: existing ones not marked for deletion, new ones
    that were filled in."""
    deleted = set(formset.deleted_forms)
    return [
        form.instance
        for form in formset.forms
        if form not in deleted and (form in formset.initial_forms or form.has_changed())
    ]


@audit.records_actor
@transaction.atomic
def save_statement(*, form, posts, grants, by) -> FundingStatement:
    """Save a statement (a valid form and valid post and grant formsets); refuse it when a
    computed state grant cannot be computed (no rule for the year, a post without FTE)."""
    rules = list(FundingRule.objects.order_by("-valid_from"))
    funding.check_statement(form.instance, rules, posts=_kept(posts), grants=_kept(grants))
    statement = form.save()
    for formset in (posts, grants):
        formset.instance = statement
        formset.save()
    return statement
