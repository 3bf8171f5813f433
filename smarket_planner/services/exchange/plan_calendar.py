"""A task force's dates, or the whole plan's, as an iCalendar (.ics) file for any calendar app.

Each task force gives all-day events for its kick-off and its end, one per deliverable due
date (a deliverable of zero duration is a *milestone*, with its own summary and category), one
per KPI due date, and its operating rhythm as one recurring meeting. The ``icalendar`` library
writes the file: it escapes commas, semicolons, backslashes and line breaks and folds long lines.

Dates
    All-day events have ``DTSTART;VALUE=DATE`` and ``DTEND`` the next day. A deliverable with no
    due date falls due on its start plus its duration, rounded up to whole days, as in the
    schedule analysis; one with neither is left out. A cancelled deliverable stays in the file
    with ``STATUS:CANCELLED``, so a calendar that imported it earlier crosses it out.

Meetings
    A plan keeps no time zone, so meeting times are floating local times (no ``TZID``): 09:00
    is 09:00 wherever the calendar is opened. The first meeting is the first meeting day on or
    after the task force's start (or, without one, its earliest known date: a deliverable's or
    KPI's start or due date, or its end); with no date at all, or no frequency, there is no
    meeting. A meeting lasts 30 minutes when daily (a stand-up) and an hour otherwise; without a
    time it is an all-day event. ``UNTIL`` is the end of the task force's last day, when known.

    ==============  ===========================================================
    Daily           ``FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR`` (working days; the day is ignored)
    Weekly          ``FREQ=WEEKLY;BYDAY=TU``
    Every two weeks ``FREQ=WEEKLY;INTERVAL=2;BYDAY=TU``
    Monthly         ``FREQ=MONTHLY;BYDAY=1TU`` (the first Tuesday of each month)
    ==============  ===========================================================

    Without a meeting day, a weekly or monthly meeting repeats on the first meeting's day.

UIDs
    ``<thing>-<id>-<what>@<plan id>.smarket-planner``, e.g. ``deliverable-12-due@3f2a….smarket-planner``;
    things are ``task-force`` (``start``, ``end``, ``meeting``), ``deliverable`` (``due``, milestones
    too) and ``kpi`` (``due``). Ids are never reused within a plan and the plan id (see
    ``Plan.plan_id``) is random per plan, so an event keeps its UID when its thing is renamed or
    its date moves, and a re-import updates it instead of adding a copy. ``SEQUENCE`` is the
    thing's edit count; apart from ``DTSTAMP`` (``now``) the output depends on the plan alone.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import cast

from icalendar import Calendar, Event, vRecur, vText
from icalendar.enums import STATUS, TRANSP
from sqlalchemy import select

from smarket_planner import __version__
from smarket_planner.analysis.plan_index import day, number
from smarket_planner.domain.enums import DeliverableStatus, LifecycleStatus, RhythmFrequency
from smarket_planner.domain.records import Deliverable, EntityKind, Kpi, OperatingRhythm, TaskForce
from smarket_planner.domain.whole_file import whole_file
from smarket_planner.services.actions import rows
from smarket_planner.services.actions.plan import Plan
from smarket_planner.storage.model import DeliverableRow, GoalRow, KpiRow, PersonRow, TaskForceRow

DOMAIN = "smarket-planner"
PRODID = f"-//smarket-planner//{__version__}//EN"
STAND_UP = timedelta(minutes=30)  # a daily meeting
MEETING = timedelta(hours=1)  # any other meeting


class EventKind(StrEnum):
    """The kinds of event in a plan's calendar."""

    KICK_OFF = "kick_off"
    END = "end"
    MEETING = "meeting"
    DELIVERABLE = "deliverable"
    MILESTONE = "milestone"
    KPI = "kpi"

    @property
    def label(self) -> str:
        """The kind as a manager reads it, also the event's category."""
        return _WORDS.get(self, (self.value.capitalize(), ""))[0]

    def counted(self, number: int) -> str:
        """So many events of this kind, in words: "1 kick-off", "3 KPI due dates"."""
        one = _WORDS.get(self, ("", self.value))[1]
        return f"{number} {one}" if number == 1 else f"{number} {one}s"


_WORDS = {
    EventKind.KICK_OFF: ("Kick-off", "kick-off"),
    EventKind.END: ("Task force end", "task force end"),
    EventKind.KPI: ("KPI due", "KPI due date"),
}


@dataclass(frozen=True, slots=True)
class KpiDue:
    """A KPI with the task force and the goal it belongs to."""

    kpi: Kpi
    task_force_id: int
    goal: str


@dataclass(frozen=True, slots=True)
class CalendarData:
    """What a calendar is made from, read from the plan as plain data."""

    plan_id: str
    name: str  # the calendar's name
    task_forces: tuple[TaskForce, ...]
    deliverables: tuple[Deliverable, ...] = ()
    kpis: tuple[KpiDue, ...] = ()
    people: Mapping[int, str] = field(default_factory=dict)  # names by id


@dataclass(frozen=True, slots=True)
class CalendarSummary:
    """What was written: the calendar file and how many events of each kind it holds."""

    path: Path
    counts: Mapping[EventKind, int]

    @property
    def total(self) -> int:
        """How many events the file holds."""
        return sum(self.counts.values())

    def __str__(self) -> str:
        """What the file holds, e.g. "7 events (1 kick-off, 1 task force end, 1 meeting, 4 deliverables)"."""
        if not self.total:
            return "no events"
        kinds = ", ".join(kind.counted(n) for kind, n in self.counts.items() if n)
        return f"{self.total} event{'s' if self.total != 1 else ''} ({kinds})"


def calendar_data(plan: Plan, task_force_ids: Collection[int] | None = None) -> CalendarData:
    """The dates of these task forces (by default every one that is not archived) as plain data."""
    with plan.store.session() as session:
        if task_force_ids is None:
            query = select(TaskForceRow).where(TaskForceRow.status != LifecycleStatus.ARCHIVED)
            found = list(session.scalars(query.order_by(TaskForceRow.id)))
        else:
            found = [rows.load_row(session, EntityKind.TASK_FORCE, i) for i in sorted(set(task_force_ids))]
        teams = tuple(cast(TaskForce, rows.to_record(EntityKind.TASK_FORCE, row)) for row in found)
        ids = [team.id for team in teams]
        work = session.scalars(
            select(DeliverableRow).where(DeliverableRow.task_force_id.in_(ids)).order_by(DeliverableRow.id)
        )
        deliverables = tuple(cast(Deliverable, rows.to_record(EntityKind.DELIVERABLE, row)) for row in work)
        measures = session.execute(
            select(KpiRow, GoalRow.task_force_id, GoalRow.title)
            .join(GoalRow, GoalRow.id == KpiRow.goal_id)
            .where(GoalRow.task_force_id.in_(ids))
            .order_by(KpiRow.id)
        )
        kpis = tuple(
            KpiDue(cast(Kpi, rows.to_record(EntityKind.KPI, kpi)), team, goal) for kpi, team, goal in measures
        )
        wanted = {t.lead_id for t in teams} | {d.owner_id for d in deliverables}
        wanted |= {k.kpi.accountable_id for k in kpis}
        names = select(PersonRow.id, PersonRow.name).where(PersonRow.id.in_(wanted - {None}))
        people = {ident: name for ident, name in session.execute(names)}
    name = teams[0].name if task_force_ids is not None and len(teams) == 1 else plan.title
    return CalendarData(plan.plan_id, name, teams, deliverables, kpis, people)


def build_calendar(data: CalendarData, *, now: datetime | None = None) -> Calendar:
    """The calendar of these dates; ``now`` is the moment it is stamped with (default: now)."""
    return _calendar(data, _events(data, now))


def plan_calendar(
    plan: Plan, task_force_ids: Collection[int] | None = None, *, now: datetime | None = None
) -> Calendar:
    """The calendar of some task forces, by default every one in the plan that is not archived."""
    return build_calendar(calendar_data(plan, task_force_ids), now=now)


def calendar_bytes(
    plan: Plan, task_force_ids: Collection[int] | None = None, *, now: datetime | None = None
) -> bytes:
    """The .ics file of some task forces (by default every one not archived), as bytes."""
    return cast(bytes, plan_calendar(plan, task_force_ids, now=now).to_ical())


def write_calendar(
    plan: Plan,
    path: str | os.PathLike[str],
    task_force_ids: Collection[int] | None = None,
    *,
    now: datetime | None = None,
) -> CalendarSummary:
    """Write the .ics file of some task forces (by default every one not archived), whole or not at all."""
    data = calendar_data(plan, task_force_ids)
    events = _events(data, now)
    payload = _calendar(data, events).to_ical()
    target = Path(path)
    with whole_file(target, ".ics") as draft:
        draft.write_bytes(payload)
    counts = Counter(kind for kind, _ in events)
    return CalendarSummary(target, {kind: counts[kind] for kind in EventKind})


def first_meeting(rhythm: OperatingRhythm, after: date) -> date:
    """The first day on or after ``after`` that a team with this rhythm meets."""
    if rhythm.frequency is RhythmFrequency.DAILY:  # working days only: a Saturday waits for Monday
        return after + timedelta(days=7 - after.weekday() if after.weekday() >= 5 else 0)
    if rhythm.weekday is None:
        return after
    if rhythm.frequency is RhythmFrequency.MONTHLY:
        month = after.replace(day=1)
        first = month + timedelta(days=(rhythm.weekday - month.weekday()) % 7)
        if first >= after:
            return first
        month = (month + timedelta(days=32)).replace(day=1)
        return month + timedelta(days=(rhythm.weekday - month.weekday()) % 7)
    return after + timedelta(days=(rhythm.weekday - after.weekday()) % 7)


def recurrence(rhythm: OperatingRhythm) -> vRecur:
    """The rhythm as the parts of an RRULE, without its end (see the module's table)."""
    return cast(vRecur, vRecur.from_ical(rhythm.rrule()))


def _calendar(data: CalendarData, events: Sequence[tuple[EventKind, Event]]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # icalendar 7 types NAME and X-WR-CALNAME as unknown values; vText escapes them as TEXT.
    name = " ".join(data.name.split()) or "Plan"
    calendar.add("name", vText(name))
    calendar.add("x-wr-calname", vText(name))
    for _, event in events:
        calendar.add_component(event)
    return calendar


def _events(data: CalendarData, now: datetime | None) -> list[tuple[EventKind, Event]]:
    moment = now or datetime.now(UTC)
    stamp = (moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)).replace(microsecond=0)
    maker = _Maker(data, stamp)
    for team in data.task_forces:
        maker.team(team)
    return maker.events


class _Maker:
    """Turns the plain data into events, task force by task force."""

    def __init__(self, data: CalendarData, stamp: datetime) -> None:
        self.data, self.stamp = data, stamp
        self.several = len(data.task_forces) > 1
        self.events: list[tuple[EventKind, Event]] = []
        self.team_name = ""

    def team(self, team: TaskForce) -> None:
        self.team_name = team.name
        work = [item for item in self.data.deliverables if item.task_force_id == team.id]
        kpis = [item for item in self.data.kpis if item.task_force_id == team.id]
        about = [f"Task force: {team.name}", f"Status: {team.status.label}"]
        if lead := self._person(team.lead_id):
            about.append(f"Lead: {lead}")
        if team.objective:
            about.append(f"Objective: {team.objective}")
        ident = f"task-force-{team.id}"
        if team.start_date:
            kick_off = f"Kick-off: {team.name}"
            self._day(EventKind.KICK_OFF, f"{ident}-start", team.version, kick_off, team.start_date, about)
        if team.end_date:
            ends = f"{team.name} ends"
            self._day(EventKind.END, f"{ident}-end", team.version, ends, team.end_date, about)
        known = [team.start_date, team.end_date] + [d for w in work for d in (w.start_date, w.due_date)]
        known += [d for k in kpis for d in (k.kpi.start_date, k.kpi.due_date)]
        if team.rhythm and (days := [d for d in known if d]):
            self._meeting(team, team.rhythm, team.start_date or min(days), about)
        for item in work:
            self._deliverable(item)
        for due in kpis:
            self._kpi(due)

    def _deliverable(self, item: Deliverable) -> None:
        when = item.due_date
        if when is None and item.start_date is not None:
            when = item.start_date + timedelta(days=math.ceil(item.duration_days))
        if when is None:
            return
        milestone = item.duration_days == 0
        cancelled = item.status is DeliverableStatus.CANCELLED
        head = "Cancelled" if cancelled else "Milestone" if milestone else "Due"
        owner = self._person(item.owner_id) or "no one yet"
        about = [f"Task force: {self.team_name}", f"Owner: {owner}", f"Status: {item.status.label}"]
        if not milestone:
            about.append(f"Duration: {number(item.duration_days)} days")
            if item.start_date:
                about.append(f"Starts: {day(item.start_date)}")
        if item.due_date is None:
            about.append("No due date is set: this is its start date plus its duration.")
        kind = EventKind.MILESTONE if milestone else EventKind.DELIVERABLE
        title = self._titled(f"{head}: {item.title}")
        event = self._day(kind, f"deliverable-{item.id}-due", item.version, title, when, about)
        if cancelled:
            event.add("status", STATUS.CANCELLED)  # crossed out where it was imported before

    def _kpi(self, due: KpiDue) -> None:
        kpi = due.kpi
        if kpi.due_date is None:
            return
        unit = f" {kpi.unit}" if kpi.unit else ""
        about = [f"Task force: {self.team_name}", f"Goal: {due.goal}"]
        about.append(f"Target: {number(kpi.target)}{unit} ({kpi.direction.label.lower()})")
        about.append(f"Baseline: {number(kpi.baseline)}{unit}")
        if accountable := self._person(kpi.accountable_id):
            about.append(f"Accountable: {accountable}")
        about.append(f"Commitment: {kpi.commitment.label}")
        title = self._titled(f"KPI due: {kpi.title}")
        self._day(EventKind.KPI, f"kpi-{kpi.id}-due", kpi.version, title, kpi.due_date, about)

    def _meeting(self, team: TaskForce, rhythm: OperatingRhythm, anchor: date, about: list[str]) -> None:
        first = first_meeting(rhythm, anchor)
        if team.end_date is not None and first > team.end_date:
            return  # the team ends before it would first meet
        rule = recurrence(rhythm)
        start: date | datetime = first
        if rhythm.time:
            hours, minutes = (int(part) for part in rhythm.time.split(":"))
            start = datetime.combine(first, time(hours, minutes))
        if team.end_date is not None:
            # UNTIL takes the form of DTSTART: a floating time with a time, a date without.
            last = team.end_date
            rule["UNTIL"] = datetime.combine(last, time(23, 59, 59)) if rhythm.time else last
        summary = self._titled(rhythm.label or "Team meeting")
        about = [f"When: {rhythm.describe()}", *about]
        event = self._event(
            EventKind.MEETING, f"task-force-{team.id}-meeting", team.version, summary, start, about
        )
        if rhythm.time:
            event.add("duration", STAND_UP if rhythm.frequency is RhythmFrequency.DAILY else MEETING)
        else:
            event.add("duration", timedelta(days=1))
            event.add("transp", TRANSP.TRANSPARENT)
        event.add("rrule", rule)

    def _day(
        self, kind: EventKind, uid: str, version: int, summary: str, when: date, about: list[str]
    ) -> Event:
        event = self._event(kind, uid, version, summary, when, about)
        event.add("dtend", when + timedelta(days=1))
        event.add("transp", TRANSP.TRANSPARENT)  # a date to know, not time taken
        return event

    def _event(
        self, kind: EventKind, uid: str, version: int, summary: str, start: date | datetime, about: list[str]
    ) -> Event:
        event = Event.new(
            uid=f"{uid}@{self.data.plan_id}.{DOMAIN}",
            stamp=self.stamp,
            start=start,
            summary=summary,
            description="\n".join(about),
            categories=[self.team_name, kind.label],
            sequence=max(0, version - 1),
        )
        self.events.append((kind, event))
        return event

    def _person(self, ident: int | None) -> str:
        """A person's name, or "" for no one."""
        return self.data.people.get(ident, "") if ident is not None else ""

    def _titled(self, text: str) -> str:
        """An event's summary, naming its task force when the calendar holds several."""
        return f"{text} ({self.team_name})" if self.several else text
