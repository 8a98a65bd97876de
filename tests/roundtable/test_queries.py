from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from roundtable import queries
from tests.factories import OrganisationFactory
from tests.roundtable.factories import (
    ActionItemFactory,
    AttendanceFactory,
    BodyFactory,
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def at(year, month, day, hour=18, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def held(body, starts_at, **kwargs):
    return MeetingFactory(body=body, starts_at=starts_at, state="held", **kwargs)


# meetings_held


def test_meetings_held_counts_held_and_approved_meetings_of_the_year_per_body():
    body = BodyFactory(name="Runder Tisch Migration")
    held(body, at(2026, 3, 5))
    MeetingFactory(body=body, starts_at=at(2026, 6, 1), state="approved")
    MeetingFactory(body=body, starts_at=at(2026, 9, 1), state="planned")
    MeetingFactory(body=body, starts_at=at(2026, 4, 1), state="cancelled")
    held(body, at(2025, 12, 1))

    assert queries.meetings_held(2026) == [
        queries.MeetingsHeld(body_id=body.pk, name="Runder Tisch Migration", meetings=2)
    ]


def test_meetings_held_puts_meetings_without_a_body_into_one_other_row_at_the_end():
    body = BodyFactory(name="Runder Tisch")
    held(body, at(2026, 3, 5))
    for month in (2, 7):
        held(None, at(2026, month, 10), title="Fachtag Integration", is_hosted=False)

    rows = queries.meetings_held(2026)

    assert [(row.body_id, row.meetings) for row in rows] == [(body.pk, 1), (None, 2)]


def test_meetings_held_assigns_meetings_around_new_year_to_the_local_year():
    body = BodyFactory()
    held(body, at(2026, 1, 1, hour=0, minute=30))  # 2025-12-31 23:30 UTC
    held(body, at(2026, 12, 31, hour=23, minute=30))

    assert queries.meetings_held(2026)[0].meetings == 2


def test_meetings_held_lists_active_bodies_without_meetings_with_zero():
    BodyFactory(name="Steuerungsgruppe")

    assert [(row.name, row.meetings) for row in queries.meetings_held(2026)] == [
        ("Steuerungsgruppe", 0)
    ]


def test_meetings_held_leaves_out_inactive_bodies_without_meetings():
    BodyFactory(is_active=False)

    assert queries.meetings_held(2026) == []


def test_meetings_held_runs_two_queries_however_many_meetings(django_assert_num_queries):
    for _ in range(3):
        body = BodyFactory()
        for month in range(1, 6):
            held(body, at(2026, month, 10))
    held(None, at(2026, 3, 1), title="Extern", is_hosted=False)

    with django_assert_num_queries(2):
        queries.meetings_held(2026)


# attendance_rates


def test_attendance_rate_is_present_meetings_over_invited_meetings():
    membership = MembershipFactory(organisation__name="Caritas")
    meetings = [held(membership.body, at(2026, month, 5)) for month in (3, 6, 9)]
    AttendanceFactory(meeting=meetings[0], membership=membership, status="present")
    AttendanceFactory(meeting=meetings[1], membership=membership, status="present")
    AttendanceFactory(meeting=meetings[2], membership=membership, status="excused")

    assert queries.attendance_rates(2026) == [
        queries.AttendanceRate(
            organisation_id=membership.organisation_id,
            name="Caritas",
            invited=3,
            present=2,
            rate=Decimal("0.67"),
        )
    ]


def test_attendance_rates_count_only_meetings_while_the_organisation_was_a_member():
    membership = MembershipFactory(starts_on=date(2026, 4, 1), ends_on=date(2026, 8, 31))
    body = membership.body
    held(body, at(2026, 3, 5))
    may = held(body, at(2026, 5, 5))
    held(body, at(2026, 8, 31))
    held(body, at(2026, 9, 5))
    AttendanceFactory(meeting=may, membership=membership, status="present")

    [row] = queries.attendance_rates(2026)

    assert (row.invited, row.present, row.rate) == (2, 1, Decimal("0.50"))


def test_attendance_rates_count_only_hosted_meetings_held_in_the_year():
    membership = MembershipFactory()
    body = membership.body
    held(body, at(2026, 3, 5))
    held(body, at(2026, 4, 5), is_hosted=False)
    MeetingFactory(body=body, starts_at=at(2026, 5, 5), state="invited")
    MeetingFactory(body=body, starts_at=at(2026, 6, 5), state="cancelled")
    held(body, at(2025, 6, 5))

    [row] = queries.attendance_rates(2026)

    assert row.invited == 1


def test_attendance_rates_do_not_count_guest_entries_as_present():
    membership = MembershipFactory()
    meeting = held(membership.body, at(2026, 3, 5))
    AttendanceFactory(meeting=meeting, membership=membership, status="present", is_guest=True)

    [row] = queries.attendance_rates(2026)

    assert (row.present, row.rate) == (0, Decimal("0.00"))


def test_attendance_rates_leave_out_permanent_guests():
    membership = MembershipFactory(role="guest")
    meeting = held(membership.body, at(2026, 3, 5))
    AttendanceFactory(meeting=meeting, membership=membership, status="present")

    assert queries.attendance_rates(2026) == []


def test_attendance_rates_add_up_an_organisations_memberships_in_several_bodies():
    organisation = OrganisationFactory(name="Diakonie")
    round_table = MembershipFactory(organisation=organisation)
    network = MembershipFactory(organisation=organisation)
    for month in (3, 6):
        meeting = held(round_table.body, at(2026, month, 5))
        AttendanceFactory(meeting=meeting, membership=round_table, status="present")
    held(network.body, at(2026, 4, 5))

    [row] = queries.attendance_rates(2026)

    assert (row.name, row.invited, row.present, row.rate) == ("Diakonie", 3, 2, Decimal("0.67"))


def test_attendance_rates_are_ordered_by_organisation_name():
    for name in ("Zukunftswerkstatt", "AWO"):
        membership = MembershipFactory(organisation__name=name)
        held(membership.body, at(2026, 3, 5))

    assert [row.name for row in queries.attendance_rates(2026)] == ["AWO", "Zukunftswerkstatt"]


def test_attendance_rates_run_one_query_however_many_members(django_assert_num_queries):
    for _ in range(3):
        body = BodyFactory()
        memberships = MembershipFactory.create_batch(4, body=body)
        for month in range(1, 6):
            meeting = held(body, at(2026, month, 10))
            for membership in memberships[:2]:
                AttendanceFactory(meeting=meeting, membership=membership)

    with django_assert_num_queries(1):
        queries.attendance_rates(2026)


# decisions_and_action_items


@pytest.fixture
def follow_up_body():
    """A body with decisions and action items around 2026."""
    body = BodyFactory(name="Runder Tisch")
    last_year = held(body, at(2025, 11, 5))
    this_year = held(body, at(2026, 3, 5))
    next_year = MeetingFactory(body=body, starts_at=at(2027, 2, 5))
    DecisionFactory.create_batch(2, meeting=this_year)
    DecisionFactory(meeting=last_year)
    # from this year's meeting
    ActionItemFactory(meeting=this_year, status="open")
    ActionItemFactory(meeting=this_year, status="done", done_on=date(2026, 5, 1))
    ActionItemFactory(meeting=this_year, status="done", done_on=date(2027, 1, 10))
    ActionItemFactory(meeting=this_year, status="dropped")
    # from last year's meeting
    ActionItemFactory(meeting=last_year, status="done", done_on=date(2026, 2, 1))
    ActionItemFactory(meeting=last_year, status="in_progress")
    ActionItemFactory(meeting=last_year, status="done", done_on=date(2025, 12, 1))
    # from next year's meeting
    ActionItemFactory(meeting=next_year, status="open")
    return body


def follow_up_row(year=2026):
    [row] = queries.decisions_and_action_items(year)["bodies"]
    return row


def test_follow_up_counts_decisions_taken_at_meetings_in_the_year(follow_up_body):
    assert follow_up_row().decisions == 2


def test_follow_up_counts_action_items_opened_at_meetings_in_the_year(follow_up_body):
    assert follow_up_row().action_items_opened == 4


def test_follow_up_counts_action_items_done_in_the_year(follow_up_body):
    assert follow_up_row().action_items_closed == 2


def test_follow_up_counts_action_items_still_open_at_the_end_of_the_year(follow_up_body):
    assert follow_up_row().action_items_open_at_year_end == 3


def test_follow_up_names_the_body_and_the_year(follow_up_body):
    result = queries.decisions_and_action_items(2026)

    assert (result["year"], result["bodies"][0].body_id, result["bodies"][0].name) == (
        2026,
        follow_up_body.pk,
        "Runder Tisch",
    )


def test_follow_up_totals_add_up_all_bodies(follow_up_body):
    other_meeting = held(BodyFactory(name="Steuerungsgruppe"), at(2026, 4, 1))
    DecisionFactory(meeting=other_meeting)
    ActionItemFactory(meeting=other_meeting, status="open")

    assert queries.decisions_and_action_items(2026)["totals"] == {
        "decisions": 3,
        "action_items_opened": 5,
        "action_items_closed": 2,
        "action_items_open_at_year_end": 4,
    }


def test_follow_up_runs_one_query_however_many_bodies(django_assert_num_queries):
    for _ in range(3):
        meeting = held(BodyFactory(), at(2026, 3, 5))
        DecisionFactory.create_batch(3, meeting=meeting)
        ActionItemFactory.create_batch(3, meeting=meeting)

    with django_assert_num_queries(1):
        queries.decisions_and_action_items(2026)


def test_members_per_body_counts_memberships_running_in_the_year():
    body = BodyFactory()
    MembershipFactory(body=body)
    MembershipFactory(body=body, starts_on=date(2025, 6, 1), ends_on=date(2025, 8, 1))
    MembershipFactory(body=body, ends_on=date(2024, 12, 31))
    MembershipFactory(body=body, starts_on=date(2026, 1, 1))
    assert queries.members_per_body(2025) == {body.pk: 2}
