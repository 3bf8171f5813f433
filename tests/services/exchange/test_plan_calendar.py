"""The plan as an iCalendar file: it parses, its UIDs are stable, its meetings repeat on the right days."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event
from icalendar.parser import unescape_backslash

from smarket_planner import __version__, services
from smarket_planner.domain import EntityKind, NotFoundError
from smarket_planner.services import Plan
from smarket_planner.services.exchange.plan_calendar import (
    EventKind,
    calendar_bytes,
    plan_calendar,
    write_calendar,
)
from tests.services.plan_copies import Copies

K = EntityKind
NOW = datetime(2026, 3, 18, 8, 30, tzinfo=UTC)
START, END = date(2026, 1, 7), date(2026, 6, 30)  # a Wednesday and a Tuesday


@pytest.fixture
def plan(plan_target: str) -> Iterator[Plan]:
    """A new, empty plan on the back-end under test, closed after the test."""
    with services.new_plan(plan_target, title="Nordics") as opened:
        yield opened


def new(plan: Plan, kind: EntityKind, /, **values: Any) -> int:
    """Add a thing through the services; its id."""
    return int(services.create(plan, kind, **values).value.id)


def team(plan: Plan, name: str = "Nordic launch", **values: Any) -> int:
    """An active task force from START to END (unless told otherwise)."""
    values = {"start_date": START, "end_date": END, "status": "active"} | values
    return new(plan, K.TASK_FORCE, name=name, kind="product_launch", **values)


def parse(raw: bytes) -> Calendar:
    """The file read back by the kept library, checked to be folded to 75 octets a line."""
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "a line is not folded"
    return Calendar.from_ical(raw)


def events(plan: Plan, task_force_ids: list[int] | None = None) -> dict[str, Event]:
    """The events of the plan's calendar, by UID."""
    found = parse(calendar_bytes(plan, task_force_ids, now=NOW)).events
    by_uid = {str(event["UID"]): event for event in found}
    assert len(by_uid) == len(found), "two events share a UID"
    return by_uid


def calendar_name(calendar: Calendar) -> str:
    """The calendar's name as a manager reads it (icalendar 7 hands X-WR-CALNAME back as written)."""
    return str(unescape_backslash(str(calendar["X-WR-CALNAME"])))


def meeting_days(event: Event) -> list[datetime]:
    """Every day a recurring event happens, expanded by python-dateutil."""
    rule = event["RRULE"].to_ical().decode()
    start = (
        event.start
        if isinstance(event.start, datetime)
        else datetime.combine(event.start, datetime.min.time())
    )
    return list(rrulestr(rule, dtstart=start))


def test_the_demo_plan_exports_a_calendar_that_parses(copies: Copies) -> None:
    demo = copies.demo(date(2026, 3, 18), shared=True)
    calendar = parse(calendar_bytes(demo, now=NOW))
    plan_id, title = demo.plan_id, demo.title
    assert str(calendar["PRODID"]) == f"-//smarket-planner//{__version__}//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar_name(calendar) == title
    found = calendar.events
    uids = [str(event["UID"]) for event in found]
    assert len(set(uids)) == len(uids) > 50
    assert all(uid.endswith(f"@{plan_id}.smarket-planner") for uid in uids)
    for event in found:
        assert event["SUMMARY"] and event["DESCRIPTION"] and event.categories
        assert event.DTSTAMP == NOW
    meetings = [event for event in found if "RRULE" in event]
    assert len(meetings) == 5  # one operating rhythm per task force
    for meeting in meetings:
        days = meeting_days(meeting)
        (until,) = meeting["RRULE"]["UNTIL"]
        assert days[0] == meeting.start and days[-1] <= until
        assert until.date() in {event.start for event in found if "RRULE" not in event}  # its team's end


@pytest.mark.parametrize(
    ("frequency", "rule", "expected", "length"),
    [
        ("weekly", "FREQ=WEEKLY;UNTIL=20260630T235959;BYDAY=TU", lambda d: d.weekday() == 1, 60),
        (
            "biweekly",
            "FREQ=WEEKLY;UNTIL=20260630T235959;INTERVAL=2;BYDAY=TU",
            lambda d: d.weekday() == 1 and (d - date(2026, 1, 13)).days % 14 == 0,
            60,
        ),
        (
            "monthly",
            "FREQ=MONTHLY;UNTIL=20260630T235959;BYDAY=1TU",
            lambda d: d.weekday() == 1 and d.day <= 7,
            60,
        ),
        ("daily", "FREQ=DAILY;UNTIL=20260630T235959;BYDAY=MO,TU,WE,TH,FR", lambda d: d.weekday() < 5, 30),
    ],
)
def test_the_operating_rhythm_repeats_on_its_meeting_days_until_the_end(
    plan: Plan, frequency: str, rule: str, expected: Any, length: int
) -> None:
    ident = team(plan, rhythm_frequency=frequency, rhythm_weekday=1, rhythm_time="09:00", rhythm_label="Sync")
    meeting = events(plan)[f"task-force-{ident}-meeting@{plan.plan_id}.smarket-planner"]
    assert meeting["RRULE"].to_ical().decode() == rule
    # Worked out here day by day, not with the exporter's own arithmetic.
    wanted, day = [], START
    while day <= END:
        if expected(day):
            wanted.append(datetime(day.year, day.month, day.day, 9, 0))
        day += timedelta(days=1)
    assert meeting_days(meeting) == wanted
    assert wanted[-1].date() == (END if frequency != "monthly" else date(2026, 6, 2))
    assert meeting.start == wanted[0] and meeting.start.tzinfo is None  # floating local time
    assert meeting.duration == timedelta(minutes=length)
    assert str(meeting["SUMMARY"]) == "Sync" and meeting.categories == ["Nordic launch", "Meeting"]


def test_a_rhythm_without_an_end_or_a_time_repeats_whole_days_from_the_first_known_date(plan: Plan) -> None:
    ident = team(plan, start_date=None, end_date=None, rhythm_frequency="weekly", rhythm_weekday=4)
    new(plan, K.DELIVERABLE, task_force_id=ident, title="Brief", start_date=date(2026, 2, 2), duration_days=3)
    meeting = events(plan)[f"task-force-{ident}-meeting@{plan.plan_id}.smarket-planner"]
    assert meeting["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=FR"
    assert meeting.start == date(2026, 2, 6) and meeting.duration == timedelta(days=1)
    assert "UNTIL" not in meeting["RRULE"] and "COUNT" not in meeting["RRULE"]
    first = islice(rrulestr(meeting["RRULE"].to_ical().decode(), dtstart=datetime(2026, 2, 6)), 3)
    assert [d.date() for d in first] == [date(2026, 2, 6), date(2026, 2, 13), date(2026, 2, 20)]


def test_dated_things_are_all_day_events_ending_the_next_day(plan: Plan) -> None:
    ident = team(plan, lead_id=None, objective="Win the Nordics")
    goal = new(plan, K.GOAL, task_force_id=ident, title="Grow")
    kpi = new(plan, K.KPI, goal_id=goal, title="Qualified leads", unit="leads", target=1200, due_date=END)
    work = new(
        plan,
        K.DELIVERABLE,
        task_force_id=ident,
        title="Lead list",
        duration_days=5,
        due_date=date(2026, 2, 6),
    )
    gate = new(
        plan,
        K.DELIVERABLE,
        task_force_id=ident,
        title="Go-live",
        duration_days=0,
        start_date=date(2026, 3, 2),
    )
    late = new(
        plan,
        K.DELIVERABLE,
        task_force_id=ident,
        title="Calls",
        duration_days=2.5,
        start_date=date(2026, 3, 9),
    )
    dropped = new(
        plan, K.DELIVERABLE, task_force_id=ident, title="Fair", due_date=date(2026, 4, 1), status="cancelled"
    )
    new(plan, K.DELIVERABLE, task_force_id=ident, title="Someday")  # no date: no event
    found = events(plan)
    suffix = f"@{plan.plan_id}.smarket-planner"
    expected = {
        f"task-force-{ident}-start": ("Kick-off: Nordic launch", START, "Kick-off"),
        f"task-force-{ident}-end": ("Nordic launch ends", END, "Task force end"),
        f"deliverable-{work}-due": ("Due: Lead list", date(2026, 2, 6), "Deliverable"),
        f"deliverable-{gate}-due": ("Milestone: Go-live", date(2026, 3, 2), "Milestone"),
        f"deliverable-{late}-due": ("Due: Calls", date(2026, 3, 12), "Deliverable"),  # start + 2.5 days
        f"deliverable-{dropped}-due": ("Cancelled: Fair", date(2026, 4, 1), "Deliverable"),
        f"kpi-{kpi}-due": ("KPI due: Qualified leads", END, "KPI due"),
    }
    assert set(found) == {uid + suffix for uid in expected}
    for uid, (summary, day, category) in expected.items():
        event = found[uid + suffix]
        assert str(event["SUMMARY"]) == summary
        assert event["DTSTART"].params["VALUE"] == "DATE" and event.start == day
        assert event["DTEND"].params["VALUE"] == "DATE" and event.end == day + timedelta(days=1)
        assert event.categories == ["Nordic launch", category]
        assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(found[f"deliverable-{dropped}-due{suffix}"]["STATUS"]) == "CANCELLED"
    assert "Target: 1,200 leads (higher is better)" in str(found[f"kpi-{kpi}-due{suffix}"]["DESCRIPTION"])
    assert "Owner: no one yet\nStatus: Planned" in str(
        found[f"deliverable-{work}-due{suffix}"]["DESCRIPTION"]
    )


def test_uids_stay_put_when_things_are_renamed_or_their_dates_move(plan: Plan) -> None:
    ident = team(plan, rhythm_frequency="weekly", rhythm_weekday=1, rhythm_time="09:00")
    goal = new(plan, K.GOAL, task_force_id=ident, title="Grow")
    kpi = new(plan, K.KPI, goal_id=goal, title="Leads", due_date=date(2026, 5, 1))
    work = new(plan, K.DELIVERABLE, task_force_id=ident, title="Lead list", due_date=date(2026, 2, 6))
    before = events(plan)
    assert events(plan).keys() == before.keys()
    services.update(plan, K.TASK_FORCE, ident, name="Nordic launch II", start_date=date(2026, 1, 12))
    services.update(
        plan, K.DELIVERABLE, work, title="Lead list v2", due_date=date(2026, 2, 20), duration_days=0
    )
    services.update(plan, K.KPI, kpi, due_date=date(2026, 5, 15))
    after = events(plan)
    assert after.keys() == before.keys()
    moved = after[f"deliverable-{work}-due@{plan.plan_id}.smarket-planner"]
    assert str(moved["SUMMARY"]) == "Milestone: Lead list v2" and moved.start == date(2026, 2, 20)
    old = before[f"deliverable-{work}-due@{plan.plan_id}.smarket-planner"]
    assert moved.sequence > old.sequence
    assert after[f"task-force-{ident}-start@{plan.plan_id}.smarket-planner"].start == date(2026, 1, 12)


def test_two_plans_never_share_a_uid_even_for_the_same_things(copies: Copies) -> None:
    found = []
    for name in ("a", "b"):
        with services.new_plan(copies.fresh(name), title="Same") as made:
            ident = team(made, rhythm_frequency="monthly", rhythm_weekday=0)
            new(made, K.DELIVERABLE, task_force_id=ident, title="Brief", due_date=date(2026, 2, 6))
            found.append(set(events(made)))
    assert len(found[0]) == len(found[1]) == 4
    assert not found[0] & found[1]
    assert {uid.split("@")[0] for uid in found[0]} == {uid.split("@")[0] for uid in found[1]}


def test_a_task_force_filter_exports_only_that_task_force(plan: Plan) -> None:
    first = team(plan, "Launch")
    second = team(plan, "Pursuit", start_date=date(2026, 2, 2), rhythm_frequency="weekly")
    archived = team(plan, "Old", status="archived")
    new(plan, K.DELIVERABLE, task_force_id=first, title="Brief", due_date=date(2026, 2, 6))
    new(plan, K.DELIVERABLE, task_force_id=second, title="Account plan", due_date=date(2026, 3, 6))
    everything = parse(calendar_bytes(plan, now=NOW))
    assert {event.categories[0] for event in everything.events} == {"Launch", "Pursuit"}  # not the archived
    assert "Due: Brief (Launch)" in {str(event["SUMMARY"]) for event in everything.events}

    one = plan_calendar(plan, [second], now=NOW)
    assert {event.categories[0] for event in one.events} == {"Pursuit"}
    assert len(one.events) == 4  # kick-off, end, meeting, deliverable
    assert "Due: Account plan" in {str(event["SUMMARY"]) for event in one.events}
    assert calendar_name(one) == "Pursuit"
    assert {event.categories[0] for event in plan_calendar(plan, [archived], now=NOW).events} == {"Old"}
    with pytest.raises(NotFoundError):
        plan_calendar(plan, [archived + 100])


def test_a_plan_without_dates_gives_a_valid_calendar_without_events(plan: Plan) -> None:
    assert parse(calendar_bytes(plan, now=NOW)).events == []
    ident = team(plan, start_date=None, end_date=None, rhythm_frequency="weekly", rhythm_weekday=2)
    goal = new(plan, K.GOAL, task_force_id=ident, title="Grow")
    new(plan, K.KPI, goal_id=goal, title="Leads")
    new(plan, K.DELIVERABLE, task_force_id=ident, title="Brief")
    calendar = parse(calendar_bytes(plan, now=NOW))
    assert calendar.events == [] and str(calendar["VERSION"]) == "2.0"


def test_a_team_that_ends_before_it_first_meets_has_no_meeting(plan: Plan) -> None:
    team(
        plan,
        start_date=date(2026, 1, 7),
        end_date=date(2026, 1, 8),
        rhythm_frequency="monthly",
        rhythm_weekday=0,
    )
    assert [str(event["SUMMARY"]) for event in events(plan).values()] == [
        "Kick-off: Nordic launch",
        "Nordic launch ends",
    ]


def test_hostile_text_comes_back_exactly_as_written(copies: Copies) -> None:
    name = ('Launch, "EMEA"; phase\\2 — إطلاق שלום 🚀🎉 ' * 4)[:120].strip()
    objective = "Line one,\nline two; with \\ a backslash\n\n\tRTL: مرحبا بالعالم — emoji 👩\u200d💻"
    title = 'Brief: pricing, packaging; "quotes" ' + "ü" * 150
    with services.new_plan(copies.fresh("hostile"), title='Nordics,\n"plan"; 🚀') as hostile:
        ident = team(hostile, name, objective=objective)
        goal = new(hostile, K.GOAL, task_force_id=ident, title="Grow")
        new(hostile, K.KPI, goal_id=goal, title="Leads", unit="€; net,\nper day", target=3.5, due_date=END)
        new(hostile, K.DELIVERABLE, task_force_id=ident, title=title, due_date=date(2026, 2, 6))
        raw = calendar_bytes(hostile, [ident], now=NOW)
    calendar = parse(raw)
    assert calendar_name(calendar) == name
    summaries = {str(event["SUMMARY"]): event for event in calendar.events}
    kick_off = summaries[f"Kick-off: {name}"]
    assert f"Objective: {objective}" in str(kick_off["DESCRIPTION"])
    assert kick_off.categories == [name, "Kick-off"]
    assert f"Due: {title}" in summaries
    kpi = summaries["KPI due: Leads"]
    assert "Target: 3.5 €; net,\nper day (higher is better)" in str(kpi["DESCRIPTION"])


def test_the_calendar_is_named_after_the_plan_on_one_line(copies: Copies) -> None:
    with services.new_plan(copies.fresh("named"), title='Nordics,\n"plan"; 🚀 \\ x') as named:
        calendar = parse(calendar_bytes(named, now=NOW))
    assert calendar_name(calendar) == 'Nordics, "plan"; 🚀 \\ x'


def test_writing_replaces_the_file_whole_and_counts_the_events(plan: Plan, tmp_path: Path) -> None:
    ident = team(plan, rhythm_frequency="biweekly", rhythm_weekday=3, rhythm_time="10:30")
    new(plan, K.DELIVERABLE, task_force_id=ident, title="Gate", duration_days=0, due_date=date(2026, 2, 6))
    target = tmp_path / "out" / "plan.ics"
    target.parent.mkdir()
    target.write_bytes(b"an older export")
    summary = write_calendar(plan, target, now=NOW)
    assert summary.path == target and summary.total == 4
    assert dict(summary.counts) == {
        EventKind.KICK_OFF: 1,
        EventKind.END: 1,
        EventKind.MEETING: 1,
        EventKind.DELIVERABLE: 0,
        EventKind.MILESTONE: 1,
        EventKind.KPI: 0,
    }
    assert str(summary) == "4 events (1 kick-off, 1 task force end, 1 meeting, 1 milestone)"
    assert target.read_bytes() == calendar_bytes(plan, now=NOW) == calendar_bytes(plan, now=NOW)
    assert [entry.name for entry in target.parent.iterdir()] == ["plan.ics"]
    assert len(parse(target.read_bytes()).events) == 4
    with pytest.raises(OSError):
        write_calendar(plan, tmp_path / "missing" / "plan.ics", now=NOW)
