"""The volunteering demo's work (demo.volunteers): volunteers, assignments and their claims."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from actors.models import Organisation
from demo.volunteers_data import (
    ACCOMPANIMENTS,
    AK,
    AREA,
    AS,
    ASCII,
    AVAILABILITY,
    AVAILABLE_DAYS,
    COSTS,
    COURSE_DAYS,
    CS,
    EMAILS,
    LEVELS,
    LEYLA,
    MAIL,
    MODE,
    NOTES,
    OFFICE_STAFF,
    ORG_NAMES,
    QUERIES,
    RECEIPT_PDF,
    REJECTIONS,
    ST,
    STARTS,
    TOWNS,
    UNITS,
    VOLUNTEERS,
    _at,
    _iban,
    _plus_years,
    _workday,
)
from kmut.models import Language, Municipality
from volunteers.models import (
    Assignment,
    ExpenseClaim,
    Receipt,
    Volunteer,
    VolunteerLanguage,
)
from volunteers.services import preview_claim


def _volunteer(index: int, row: list, programmes: dict, today: date) -> Volunteer:
    first, last, town, street, progs, status, langs, org, since, availability = row
    if since.startswith("due:"):
        inspected = _plus_years(today + timedelta(days=int(since[4:])), -5)
    else:
        inspected = today - timedelta(days=int(since)) if since else None
    course = today - timedelta(days=COURSE_DAYS)
    signed = inspected or (course if status == ST.IN_TRAINING else None)
    slug = f"{first}.{last}".lower().translate(ASCII)
    landline = f"{AREA[town]} {730000 + 4679 * index % 260000}"
    phone = landline if index % 3 else f"0151 {20000000 + 7331 * index}"
    volunteer, created = Volunteer.objects.get_or_create(
        first_name=first,
        last_name=last,
        defaults={
            "user": User.objects.filter(username="ehrenamt").first() if last == "Haidari" else None,
            "email": EMAILS.get(last, f"{slug}@{MAIL[index % len(MAIL)]}"), "phone": phone,
            "street": street, "postal_code": TOWNS[town][0], "city": TOWNS[town][1],
            "organisation": Organisation.objects.get(name=ORG_NAMES[org]) if org else None,
            "availability": AVAILABILITY[int(availability)],
            "available_days": AVAILABLE_DAYS[int(availability)], "status": status,
            "certificate_inspected_on": inspected,
            "certificate_inspected_by": OFFICE_STAFF[index % 2] if inspected else "",
            "certificate_renewal_due_on": _plus_years(inspected, 5) if inspected else None,
            "confidentiality_signed_on": signed, "data_protection_instructed_on": signed,
            "notes": NOTES.get(last, NOTES.get(status, "")).format(course=f"{course:%d.%m.%Y}"),
        },
    )  # fmt: skip
    if created:
        place = Municipality.objects.get(name=TOWNS[town][1])
        volunteer.municipalities.set([place, place.parent] if place.parent else [place])
        volunteer.programmes.set([programmes[key] for key in progs])
        for item in langs.split():
            code, level = item.split(":")
            VolunteerLanguage.objects.create(
                volunteer=volunteer, language=Language.objects.get(code=code), level=LEVELS[level]
            )
    return volunteer


def _interpreting(volunteers, programme, languages, today, rng) -> list:
    """One-off interpreting jobs over the last year; returns the claims to create."""
    leyla = volunteers["Haidari"]
    specs = [
        (_workday(today - timedelta(days=ago)), leyla, UNITS[unit], reason, code, status,
         today + timedelta(days=ends) if ends else None, plan)
        for unit, ago, code, reason, ends, status, plan in LEYLA
    ]  # fmt: skip
    pool = [row for row in VOLUNTEERS if "S" in row[4] and row[1] != "Haidari"]
    for number in range(41):
        day = _workday(today - timedelta(days=340 - 9 * number + rng.randint(0, 4)))
        unit = rng.choice(UNITS)
        if day >= today:
            row = rng.choice([r for r in pool if r[5] == ST.ACTIVE]) if number % 2 else None
            status = AS.ACTIVE if row else AS.REQUESTED
        else:
            late = (today - day).days > 180
            row = rng.choice([r for r in pool if r[5] == ST.ACTIVE or (late and r[8])])
            status = AS.CANCELLED if rng.random() < 0.1 else AS.COMPLETED
        spoken = [i.split(":")[0] for i in (row or rng.choice(pool))[6].split() if i[-1] in "nf"]
        code = rng.choice([c for c in spoken if c != "de"])
        volunteer = volunteers[row[1]] if row else None
        plan = [(None, None)] if status == AS.COMPLETED else []
        specs.append((day, volunteer, unit, rng.choice(unit[3]), code, status, None, plan))
    claims, counters = [], {}
    for day, volunteer, unit, reason, code, status, ends, plan in sorted(specs, key=lambda s: s[0]):
        key = (unit[0], day.year)
        counters[key] = counters.get(key, 0) + rng.randint(1, 4)
        assignment, _created = Assignment.objects.get_or_create(
            reference=f"Termin {unit[0]}-{day.year}-{counters[key]:03d}",
            defaults={"kind": AK.INTERPRETING, "programme": programme, "volunteer": volunteer,
                      "language": languages[code], "requesting_unit": unit[1],
                      "municipality": Municipality.objects.get(name=unit[2]),
                      "partner": volunteer.organisation if volunteer else None, "reason": reason,
                      "starts_on": day, "ends_on": ends, "status": status},
        )  # fmt: skip
        for ago, forced in plan:
            when = day if ago is None else _workday(today - timedelta(days=ago))
            claims.append((when, volunteer, assignment, forced))
    return claims


def _accompaniments(volunteers, programmes, languages, today, rng) -> list:
    """Long-running accompaniments with a claim every few weeks; returns the claims to create."""
    claims = []
    for reference, key, name, code, town, reason, starts, ends, status in ACCOMPANIMENTS:
        volunteer = volunteers[name] if name else None
        starts_on = _workday(today - timedelta(days=int(starts)))
        ends_on = _workday(today - timedelta(days=int(ends))) if ends else None
        assignment, _created = Assignment.objects.get_or_create(
            reference=reference,
            defaults={"kind": AK.ACCOMPANIMENT, "programme": programmes[key],
                      "volunteer": volunteer, "language": languages.get(code),
                      "municipality": Municipality.objects.get(name=TOWNS[town][1]),
                      "partner": volunteer.organisation if volunteer else None, "reason": reason,
                      "starts_on": starts_on, "ends_on": ends_on, "status": status},
        )  # fmt: skip
        if volunteer is None or status == AS.CANCELLED:
            continue
        day = max(starts_on, today - timedelta(days=355)) + timedelta(days=rng.randint(3, 12))
        while day < (ends_on or today):
            claims.append((_workday(day), volunteer, assignment, None))
            day += timedelta(days=rng.randint(26, 44))
    return claims


def _status(today: date, submitted: date, signed: date, paid: date, rng) -> str:
    roll = rng.random()
    if submitted >= today:
        return CS.DRAFT
    if roll < 0.06:
        return CS.REJECTED
    if roll < 0.25 and (today - submitted).days < 60:
        return CS.QUERIED
    if signed >= today:
        return CS.SUBMITTED
    return CS.APPROVED if paid >= today else CS.PAID


def _claim(day, volunteer, assignment, forced, today, staff, rng, used) -> None:
    on_site = assignment.kind == AK.ACCOMPANIMENT or rng.random() < 0.75
    minutes = rng.choice([45, 60, 90, 120, 150, 180] if on_site else [20, 30, 45, 60])
    start = rng.choice(STARTS) if on_site else None
    while (volunteer.pk, day, start) in used:
        day = _workday(day - timedelta(days=1))
    used.add((volunteer.pk, day, start))
    if ExpenseClaim.objects.filter(
        volunteer=volunteer, service_date=day, start_time=start
    ).exists():
        return
    cost, what = rng.choice(COSTS) if rng.random() < 0.15 else ("0", "")
    end = (datetime.combine(day, start) + timedelta(minutes=minutes)).time() if start else None
    claim = ExpenseClaim(
        volunteer=volunteer, assignment=assignment, service_date=day, start_time=start,
        end_time=end, duration_minutes=None if start else minutes, language=assignment.language,
        mode=MODE.ON_SITE if on_site else rng.choice([MODE.PHONE, MODE.VIDEO]),
        travel_km=Decimal(rng.randint(0, 120)) / 2 if on_site else Decimal("0"),
        other_costs=Decimal(cost), other_costs_description=what, iban=_iban(volunteer),
        account_holder=volunteer.full_name,
    )  # fmt: skip
    yesterday = today - timedelta(days=1)  # forced states: everything has happened by now
    submitted = day + timedelta(days=rng.randint(1, 21))  # many hand in once a month
    signed = _workday(submitted + timedelta(days=rng.randint(3, 21)))
    paid = _workday(signed + timedelta(days=rng.randint(10, 30)))  # the monthly payment run
    if forced:
        submitted, signed, paid = (min(moment, yesterday) for moment in (submitted, signed, paid))
    claim.status = forced or _status(today, submitted, signed, paid, rng)
    # Handed-in claims with other costs came with a receipt (the rate set refuses them without);
    # a draft may still lack it, and the portal's preview says so.
    receipts = 1 if claim.other_costs and claim.status != CS.DRAFT else 0
    if claim.status != CS.DRAFT:
        claim.submitted_at = _at(submitted, 19, rng.randint(0, 59))
        preview = preview_claim(claim, receipts=receipts)
        claim.rate_set, claim.amount = preview.calculation.rate_set, preview.calculation.total
        claim.calculation, claim.calculated_at = preview.calculation.as_data(), claim.submitted_at
        claim.flags = [finding.as_flag() for finding in preview.flags]
    roll = rng.random()
    query = "costs" if claim.other_costs else "km" if claim.travel_km > 30 else "time"
    if claim.status == CS.QUERIED:
        claim.query_message, reply = QUERIES[query]
        claim.reply_message = reply if roll < 0.4 else ""
    elif claim.status == CS.SUBMITTED and roll < 0.3 and (today - submitted).days >= 2:
        claim.factual_signoff_by = staff[0]  # the office's first look, the next morning
        claim.factual_signoff_at = _at(submitted + timedelta(days=1), 9, 40)
    elif claim.status == CS.SUBMITTED and roll < 0.5:  # answered a query and handed in again
        claim.query_message, claim.reply_message = QUERIES[query]
    elif claim.status == CS.REJECTED:
        claim.rejection_reason = rng.choice(REJECTIONS)
    elif claim.status in (CS.APPROVED, CS.PAID):
        claim.factual_signoff_by, claim.arithmetic_signoff_by = staff
        claim.factual_signoff_at = _at(signed, 9, 40)
        claim.arithmetic_signoff_at = _at(signed, 14, 10)
        claim.paid_on = paid if claim.status == CS.PAID else None
    claim.full_clean()
    claim.save()
    if receipts:
        Receipt.objects.create(
            claim=claim, file=ContentFile(RECEIPT_PDF, name="beleg.pdf"),
            original_name=f"Beleg {claim.other_costs_description}.pdf"[:200],
            content_type="application/pdf", size=len(RECEIPT_PDF),
        )  # fmt: skip
