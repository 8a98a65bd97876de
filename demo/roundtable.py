"""Demo data for the bodies: a year of round tables, KMN and steering group (seeds 000, 003, 004),
and the office's events and projects (seed 004 §2.4, seeds 000 §10 and 001 §5–6).

Members and owners are organisations of the registry demo (demo.actors), looked up by name.
Dates are relative to today. Idempotent: every row is found by its natural key, and a body whose
meetings already exist keeps them, so a later run does not add a second, shifted year.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from actors.models import Organisation
from demo.roundtable_data import (
    BERLIN,
    BODIES,
    EVENTS,
    EXTERNAL,
    KIND,
    KMN_MORE,
    KMN_ORGANISER,
    KMN_TITLE,
    OFFICE,
    ORG_NAMES,
    PEOPLE,
    PROJECTS,
    ROLE,
    SERIES,
    A,
    S,
)
from kmut import formatting
from kmut.models import FieldOfAction, Language
from roundtable.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Event,
    Meeting,
    Membership,
)


def _workday(day: date) -> date:
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def _at(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=BERLIN)


def _org(key: str) -> Organisation | None:
    return Organisation.objects.get(name=ORG_NAMES[key]) if key in ORG_NAMES else None


def _contact(org: Organisation, last_name: str = "", index: int = 0):
    contacts = org.contacts.order_by("pk")
    return contacts.get(last_name=last_name) if last_name else contacts[index : index + 1].first()


def _day_text(meeting: Meeting) -> str:
    return formatting.day(timezone.localtime(meeting.starts_at).date())


def seed_bodies() -> None:
    """Create the demo bodies, members and a year of meetings that are not there yet."""
    today = timezone.localdate()
    bodies = {}
    for spec in BODIES:
        spec = dict(spec)
        key, members = spec.pop("key"), spec.pop("members", [])
        bodies[key], _created = Body.objects.get_or_create(name=spec.pop("name"), defaults=spec)
        for member in members:
            plain = (member, ROLE.MEMBER, "", "")
            who, role, delegate, deputy = member if isinstance(member, tuple) else plain
            org = _org(who)
            Membership.objects.get_or_create(
                body=bodies[key],
                organisation=org,
                person_name="" if org else who,
                defaults={
                    "role": role,
                    "email": "" if org else PEOPLE[who],
                    "delegate": _contact(org, delegate) if org else None,
                    "deputy": _contact(org, deputy, 1) if org else None,
                },
            )
    minute_taker = User.objects.get(username="koordination")
    for key, series in SERIES.items():
        if not bodies[key].meetings.exists():
            _seed_series(bodies[key], series, today, minute_taker)
    if not Meeting.objects.filter(is_hosted=False, title__in={row[3] for row in EXTERNAL}).exists():
        _seed_external(bodies["kmn"], today)
    seed_events(today.year)


def _day(year: int, offset: int, day: int, month: int) -> date:
    return date(year + offset, month, day)


def seed_events(year: int) -> None:
    """Seed 004's events last year and this year, and three projects; found by title and start."""
    fields = {field.name: field for field in FieldOfAction.objects.all()}
    languages = {language.code: language for language in Language.objects.all()}
    rows = [
        {"title": title, "kind": kind, "starts_on": _day(year, offset, day, month),
         "ends_on": _day(year, offset, *last) if last else _day(year, offset, day, month),
         "place": place, "partners": partners, "fields": names, "target_groups": groups,
         "participants": participants, "description": text}
        for offset, day, month, last, kind, title, place, partners, names, groups, participants,
        text in EVENTS
    ]  # fmt: skip
    for spec in PROJECTS:
        spec = dict(spec)
        spec["starts_on"] = _day(year, *spec.pop("starts"))
        ends = spec.pop("ends")
        spec["ends_on"] = _day(year, *ends) if ends else None
        rows.append(spec)
    for spec in rows:
        spec = dict(spec)
        partners, names = spec.pop("partners"), spec.pop("fields")
        codes = spec.pop("languages", [])
        event, created = Event.objects.get_or_create(
            title=spec.pop("title"), starts_on=spec.pop("starts_on"), defaults=spec
        )
        if created:
            event.organisations.set(
                Organisation.objects.filter(name__in=[ORG_NAMES[key] for key in partners])
            )
            event.fields_of_action.set([fields[name] for name in names if name in fields])
            event.languages.set([languages[code] for code in codes if code in languages])


def _seed_series(body: Body, series: dict, today: date, minute_taker: User) -> None:
    specs = series["meetings"]
    days = [_workday(today + timedelta(days=spec["days"])) for spec in specs]
    meetings, following = [None] * len(specs), None
    for index in reversed(range(len(specs))):  # latest first: approved minutes name their successor
        spec, starts_at = specs[index], _at(days[index], series["clock"])
        approved = following is not None and following.state != Meeting.State.PLANNED
        state = "planned" if spec.get("planned") else "approved" if approved else "held"
        meetings[index], _created = Meeting.objects.get_or_create(
            body=body,
            starts_at=starts_at,
            defaults={
                "title": spec["title"],
                "ends_at": starts_at + timedelta(hours=series["hours"]),
                "place": spec.get("place", series["place"]),
                "state": state,
                "minute_taker": None if state == "planned" else minute_taker,
                "approved_in": following if approved else None,
                "approved_at": following.starts_at + timedelta(minutes=20) if approved else None,
            },
        )
        following = meetings[index]

    number = 0  # the body's decision register
    for index, (spec, meeting, day) in enumerate(zip(specs, meetings, days, strict=True)):
        agenda = [
            AgendaItem.objects.get_or_create(meeting=meeting, position=position, defaults=item)[0]
            for position, item in enumerate(_agenda(series, spec, index, meetings), 1)
        ]
        if spec.get("planned"):
            continue
        topics = [item for item in agenda if item.title in {t[0] for t in spec["topics"]}]
        for topic, text, responsible, status in spec["decisions"]:
            number += 1
            Decision.objects.get_or_create(
                body=body,
                number=number,
                defaults={"meeting": meeting, "agenda_item": topics[topic], "text": text,
                          "responsible": _org(responsible), "status": status},
            )  # fmt: skip
        for topic, title, owner, due_days, status in spec["actions"]:
            org, due_on = _org(owner), day + timedelta(days=due_days)
            contact = _contact(org) if org else None
            ActionItem.objects.get_or_create(
                meeting=meeting,
                title=title,
                defaults={
                    "body": body,
                    "agenda_item": topics[topic],
                    "owner_organisation": org,
                    "owner_name": "" if org else owner,
                    "owner_email": (contact.email or org.email) if org else PEOPLE[owner],
                    "due_on": due_on,
                    "status": status,
                    "done_on": min(due_on - timedelta(days=4), today) if status == A.DONE else None,
                },
            )
        _attendance(meeting, index, day, spec.get("guests", []))


def _agenda(series: dict, spec: dict, index: int, meetings: list) -> list[dict]:
    """The agenda items' fields: standing items, the topics, a closed item and "Verschiedenes"."""
    fields = ("kind", "title", "presenter", "planned_minutes", "minutes_text", "approves")
    previous = meetings[index - 1] if index else None
    following = meetings[index + 1] if index + 1 < len(meetings) else None
    if previous is None:
        items = [(KIND.REGULAR, "Begrüßung und Feststellung der Tagesordnung", "", 5,
                  "Die Sitzungsleitung begrüßt die Anwesenden. Die Tagesordnung wird ohne "
                  "Änderungen festgestellt.", None)]  # fmt: skip
    else:
        when = _day_text(previous)
        items = [
            (KIND.MINUTES_APPROVAL, f"Genehmigung des Protokolls vom {when}", OFFICE, 5,
             f"Das Protokoll der Sitzung vom {when} wird ohne Änderungen genehmigt.", previous),
            (KIND.OPEN_ACTIONS, "Offene Aufgaben aus früheren Sitzungen", OFFICE, 10,
             "Die offenen Aufgaben werden durchgegangen. Erledigtes wird abgeschlossen, die "
             "übrigen Aufgaben bleiben bis zur Erledigung auf der Tagesordnung.", None),
        ]  # fmt: skip
    items += [(KIND.REGULAR, *topic, None) for topic in spec["topics"]]
    if not spec.get("planned"):
        title, texts = series["closed"]
        items.append((KIND.REGULAR, title, "", 20, texts[index % len(texts)], None))
    if following is not None and not spec.get("planned"):
        when = _day_text(following)
        items.append((KIND.REGULAR, "Verschiedenes", "", 10, "Hinweise auf Termine im Netzwerk. "
                      f"Die nächste Sitzung ist für den {when} vorgesehen.", None))  # fmt: skip
    rows = [dict(zip(fields, item, strict=True)) for item in items]
    for row in rows:
        row["is_public"] = row["title"] != series["closed"][0]
        if spec.get("planned"):
            row["minutes_text"] = ""
    return rows


def _attendance(meeting: Meeting, index: int, day: date, guests: list) -> None:
    members = meeting.body.memberships.current(day).select_related("organisation", "delegate")
    for number, membership in enumerate(members.order_by("pk")):
        turn = (3 * index + number) % 9  # mostly present, now and then excused or absent
        Attendance.objects.get_or_create(
            meeting=meeting,
            membership=membership,
            defaults={
                "organisation": membership.organisation,
                "name": membership.invitee_name,
                "status": S.EXCUSED if turn == 4 else S.ABSENT if turn == 7 else S.PRESENT,
            },
        )
    for key in guests:
        org = _org(key)
        contact = _contact(org)
        Attendance.objects.get_or_create(
            meeting=meeting,
            name=contact.full_name if contact else str(org),
            is_guest=True,
            defaults={"organisation": org, "status": S.PRESENT},
        )


def _external_role(title: str) -> str:
    """The office's role as seed 003 tells it: it co-leads the KMN network, gives a talk."""
    if title == KMN_TITLE:
        return Meeting.Role.CO_LEAD
    if title.startswith("Vortrag"):
        return Meeting.Role.SPEAKER
    return Meeting.Role.PARTICIPANT


def _seed_external(kmn: Body, today: date) -> None:
    """Seed 003's quarter, moved by whole weeks to end one to two weeks ago; the KMN meetings."""
    weeks = (today - timedelta(days=7) - EXTERNAL[-1][0]).days // 7
    rows = [(row[0] + timedelta(weeks=weeks), *row[1:]) for row in EXTERNAL]
    rows += [
        (_workday(today + timedelta(days=days)), "10:00", 3, KMN_TITLE, place, KMN_ORGANISER, note)
        for days, place, note in KMN_MORE
    ]
    for day, clock, hours, title, place, organiser, note in rows:
        starts_at, body = _at(day, clock), kmn if title == KMN_TITLE else None
        Meeting.objects.get_or_create(
            body=body,
            starts_at=starts_at,
            **({} if body else {"title": title}),  # KMN: body and start; others: title and start
            defaults={
                "title": title,
                "ends_at": starts_at + timedelta(hours=hours),
                "ends_on": day + timedelta(days=1) if hours > 24 else None,  # two-day meetings
                "role": _external_role(title),
                "place": place,
                "is_hosted": False,
                "organiser": organiser,
                "note": note,
                "state": Meeting.State.HELD if day < today else Meeting.State.PLANNED,
            },
        )
