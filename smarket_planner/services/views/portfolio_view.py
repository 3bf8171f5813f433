"""The portfolio at a glance: every task force on a timeline, and who is loaded in which week.

``timeline`` gives one bar per task force. A task force without dates of its own takes
the span of its members' dates (``estimated``); one with neither is *undated* (no start
and no end) and is listed after the dated ones. A bar with only one known end is open
on the other side.

``allocation_heatmap`` gives, for a page of people, the sum of the allocation percent of
their memberships overlapping each ISO week. A membership's dates fall back to its task
force's; a missing date leaves it open on that side. Dispersed and archived task forces
no longer take anyone's time and are left out. Proposed and forming ones book in pencil:
their part of each week's load is kept apart (``tentative_loads``), so a week over capacity
only if they go ahead can be told from one already over. The sums are built from one query
of memberships with interval arithmetic (two difference arrays per person: all of the load,
and its pencilled part), never a loop over people x memberships x weeks.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from sqlalchemy import ColumnElement, Date, Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from smarket_planner.domain.enums import LifecycleStatus, TaskForceKind
from smarket_planner.services.actions.plan import Plan
from smarket_planner.storage.base import code_order
from smarket_planner.storage.model import FunctionRow, MembershipRow, OpenRoleRow, PersonRow, TaskForceRow

ENDED = (LifecycleStatus.DISPERSED, LifecycleStatus.ARCHIVED)
"""Task forces in these statuses no longer take anyone's time."""


@dataclass(frozen=True, slots=True)
class TimelineBar:
    """One task force on the timeline: its span, status and who leads it."""

    task_force_id: int
    name: str
    kind: TaskForceKind
    status: LifecycleStatus
    start: date | None
    end: date | None
    estimated: bool = False  # the span comes from the members' dates, not the task force's
    members: int = 0
    lead_name: str = ""
    open_roles: int = 0  # places still to be staffed (none counted once the team has dispersed)

    @property
    def undated(self) -> bool:
        """Whether neither the task force nor its members have any dates."""
        return self.start is None and self.end is None

    @property
    def pencilled(self) -> bool:
        """Whether its bookings are tentative: the task force is proposed or forming."""
        return self.status.pencilled


@dataclass(frozen=True, slots=True)
class Assignment:
    """One membership that takes part of a person's week: the task force and its share."""

    membership_id: int
    task_force_id: int
    task_force_name: str
    allocation_pct: float
    start: date | None  # the effective dates: the membership's, else the task force's
    end: date | None
    pencilled: bool = False  # booked by a proposed or forming task force: it may not go ahead

    def covers(self, week: date) -> bool:
        """Whether the membership overlaps the ISO week starting on Monday ``week``."""
        return (self.start is None or self.start <= week + timedelta(days=6)) and (
            self.end is None or self.end >= week
        )


@dataclass(frozen=True, slots=True)
class HeatmapRow:
    """A person's load in each week of the window, with what makes it up."""

    person_id: int
    name: str
    title: str
    function_id: int
    capacity_pct: float
    loads: tuple[float, ...]  # all of each week's load, pencil included
    assignments: tuple[Assignment, ...] = ()
    tentative_loads: tuple[float, ...] = ()  # the part of each week's load booked in pencil

    def shares(self, week: date, *, confirmed_only: bool = False) -> list[Assignment]:
        """The memberships that count in the week starting on Monday ``week``, largest first."""
        found = [
            item for item in self.assignments if item.covers(week) and not (confirmed_only and item.pencilled)
        ]
        return sorted(found, key=lambda item: (-item.allocation_pct, item.task_force_name))

    def confirmed(self, index: int) -> float:
        """The week's load booked by active task forces alone (pencil left out)."""
        pencil = self.tentative_loads[index] if index < len(self.tentative_loads) else 0.0
        return round(self.loads[index] - pencil, 6) + 0.0

    def load(self, index: int, *, confirmed_only: bool = False) -> float:
        """The week's load: all of it, or the confirmed part alone."""
        return self.confirmed(index) if confirmed_only else self.loads[index]

    def over(self, index: int, *, confirmed_only: bool = False) -> bool:
        """Whether the person is loaded above capacity in the week at ``index``."""
        return self.load(index, confirmed_only=confirmed_only) > self.capacity_pct + 1e-9

    def over_in_pencil(self, index: int) -> bool:
        """Whether the week is over capacity only if the pencilled task forces go ahead."""
        return self.over(index) and not self.over(index, confirmed_only=True)

    def pencil_note(self, index: int, week: date) -> str:
        """Why the week at ``index`` (Monday ``week``) is over only in pencil; "" if it is not."""
        if not self.over_in_pencil(index):
            return ""
        room = self.capacity_pct - self.confirmed(index)
        pencilled = [share for share in self.shares(week) if share.pencilled]
        names = [share.task_force_name for share in pencilled]
        alone = [share.task_force_name for share in pencilled if share.allocation_pct > room + 1e-9]
        if len(names) == 1:
            return f"Over capacity only if {names[0]} goes ahead"
        if alone:
            return f"Over capacity if {_joined(alone, 'or')} goes ahead"
        together = "both " if len(names) == 2 else "several of "
        return f"Over capacity only if {together}{_joined(names, 'and')} go ahead"


@dataclass(frozen=True, slots=True)
class Heatmap:
    """A page of people x weeks, with how many people match in all and per function."""

    weeks: tuple[date, ...]  # the Monday of each week shown
    rows: tuple[HeatmapRow, ...]
    offset: int
    total: int
    group_sizes: tuple[tuple[int, int], ...]  # (function id, people matching), in row order


def week_start(day: date) -> date:
    """The Monday of the ISO week ``day`` falls in."""
    return day - timedelta(days=day.weekday())


def timeline(plan: Plan) -> list[TimelineBar]:
    """Every task force as a bar, by start date; undated ones last."""
    lead = aliased(PersonRow)
    # Memberships grouped on their own first: one pass over them, then a join per task force.
    members = (
        select(
            MembershipRow.task_force_id,
            func.min(MembershipRow.start_date).label("first"),
            func.max(MembershipRow.end_date).label("last"),
            func.count(MembershipRow.id).label("members"),
        )
        .group_by(MembershipRow.task_force_id)
        .subquery()
    )
    places = (
        select(OpenRoleRow.task_force_id, func.count(OpenRoleRow.id).label("open_roles"))
        .group_by(OpenRoleRow.task_force_id)
        .subquery()
    )
    query = (
        select(
            TaskForceRow.id,
            TaskForceRow.name,
            TaskForceRow.kind,
            TaskForceRow.status,
            TaskForceRow.start_date,
            TaskForceRow.end_date,
            members.c.first,
            members.c.last,
            func.coalesce(members.c.members, 0).label("members"),
            lead.name.label("lead_name"),
            func.coalesce(places.c.open_roles, 0).label("open_roles"),
        )
        .outerjoin(members, members.c.task_force_id == TaskForceRow.id)
        .outerjoin(places, places.c.task_force_id == TaskForceRow.id)
        .outerjoin(lead, lead.id == TaskForceRow.lead_id)
    )
    bars = []
    with plan.store.session() as session:
        for row in session.execute(query):
            start = row.start_date or _as_date(row.first)
            end = row.end_date or _as_date(row.last)
            if start and end and end < start:
                # Members' dates that contradict the task force's own are not used.
                start, end = row.start_date, row.end_date
            estimated = (row.start_date is None and start is not None) or (
                row.end_date is None and end is not None
            )
            status = LifecycleStatus(row.status)
            bars.append(
                TimelineBar(
                    row.id,
                    row.name,
                    row.kind,
                    status,
                    start,
                    end,
                    estimated,
                    row.members,
                    row.lead_name or "",
                    0 if status in ENDED else row.open_roles,  # a dispersed team staffs no one
                )
            )
    return sorted(bars, key=_bar_order)


def _bar_order(bar: TimelineBar) -> tuple[bool, date, date, str, int]:
    first = bar.start or bar.end or date.max
    return (bar.undated, first, bar.end or date.max, bar.name.casefold(), bar.task_force_id)


def allocation_heatmap(
    plan: Plan,
    first_week: date,
    weeks: int,
    *,
    function_id: int | None = None,
    search: str = "",
    offset: int = 0,
    limit: int | None = None,
) -> Heatmap:
    """People (by function, then name) x weeks from ``first_week``: the allocation % in each week."""
    mondays = _mondays(first_week, weeks)
    filters = _filters(function_id, search)
    counts = (
        select(PersonRow.function_id, func.count(PersonRow.id))
        .join(FunctionRow, FunctionRow.id == PersonRow.function_id)
        .where(*filters)
        .group_by(PersonRow.function_id, FunctionRow.name)
        .order_by(func.lower(code_order(FunctionRow.name)), PersonRow.function_id)
    )
    page = _people_query(filters).offset(max(0, offset))
    if limit is not None:
        page = page.limit(max(0, limit))
    with plan.store.session() as session:
        sizes = tuple((ident, count) for ident, count in session.execute(counts))
        rows = _rows(session, page, mondays)
    return Heatmap(mondays, rows, max(0, offset), sum(count for _, count in sizes), sizes)


def heatmap_rows(plan: Plan, person_ids: Collection[int], first_week: date, weeks: int) -> list[HeatmapRow]:
    """The rows of just these people, for refreshing them after an edit (gone ones are left out)."""
    if not person_ids:
        return []
    mondays = _mondays(first_week, weeks)
    with plan.store.session() as session:
        return list(_rows(session, _people_query([PersonRow.id.in_(sorted(person_ids))]), mondays))


def people_on(
    plan: Plan, *, membership_ids: Iterable[int] = (), task_force_ids: Iterable[int] = ()
) -> set[int]:
    """The people holding these memberships or sitting on these task forces."""
    memberships, task_forces = sorted(set(membership_ids)), sorted(set(task_force_ids))
    if not memberships and not task_forces:
        return set()
    query = select(MembershipRow.person_id).where(
        or_(MembershipRow.id.in_(memberships), MembershipRow.task_force_id.in_(task_forces))
    )
    with plan.store.session() as session:
        return set(session.scalars(query))


def _mondays(first_week: date, weeks: int) -> tuple[date, ...]:
    start = week_start(first_week)
    return tuple(start + timedelta(weeks=index) for index in range(max(0, weeks)))


def _filters(function_id: int | None, search: str) -> list[ColumnElement[bool]]:
    """Who is shown: people of one function, whose name or title holds the words searched."""
    filters: list[ColumnElement[bool]] = []
    if function_id is not None:
        filters.append(PersonRow.function_id == function_id)
    words = search.strip()
    if words:
        escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        filters.append(
            or_(PersonRow.name.ilike(pattern, escape="\\"), PersonRow.title.ilike(pattern, escape="\\"))
        )
    return filters


def _people_query(filters: Iterable[ColumnElement[bool]]) -> Select[int, str, str, int, float]:
    """The people shown, in the heat map's order: by function name, then by name."""
    return (
        select(PersonRow.id, PersonRow.name, PersonRow.title, PersonRow.function_id, PersonRow.capacity_pct)
        .join(FunctionRow, FunctionRow.id == PersonRow.function_id)
        .where(*filters)
        .order_by(
            func.lower(code_order(FunctionRow.name)),
            PersonRow.function_id,
            func.lower(code_order(PersonRow.name)),
            PersonRow.id,
        )
    )


def _rows(
    session: Session, people: Select[int, str, str, int, float], mondays: tuple[date, ...]
) -> tuple[HeatmapRow, ...]:
    """Rows for the people selected, their weekly sums built by interval arithmetic."""
    found = session.execute(people).all()
    if not mondays:
        return tuple(HeatmapRow(p.id, p.name, p.title, p.function_id, p.capacity_pct, ()) for p in found)
    first, last = mondays[0], mondays[-1] + timedelta(days=6)
    start = func.coalesce(MembershipRow.start_date, TaskForceRow.start_date, type_=Date)
    end = func.coalesce(MembershipRow.end_date, TaskForceRow.end_date, type_=Date)
    memberships = (
        select(
            MembershipRow.id,
            MembershipRow.person_id,
            MembershipRow.task_force_id,
            TaskForceRow.name,
            MembershipRow.allocation_pct,
            start.label("start"),
            end.label("end"),
            TaskForceRow.status,
        )
        .join(TaskForceRow, TaskForceRow.id == MembershipRow.task_force_id)
        .where(
            MembershipRow.person_id.in_([p.id for p in found]),  # the page found, not its query again
            TaskForceRow.status.not_in(ENDED),
            or_(start.is_(None), start <= last),
            or_(end.is_(None), end >= first),
        )
        .order_by(MembershipRow.person_id, MembershipRow.id)
    )
    weeks = len(mondays)
    changes: dict[int, list[float]] = {}
    pencil: dict[int, list[float]] = {}  # the same, for the memberships booked in pencil alone
    held: dict[int, list[Assignment]] = {}
    for item in session.execute(memberships):
        begin, finish = _as_date(item.start), _as_date(item.end)
        low = 0 if begin is None else max(0, (begin - first).days // 7)
        high = weeks - 1 if finish is None else min(weeks - 1, (finish - first).days // 7)
        pencilled = LifecycleStatus(item.status).pencilled
        for deltas in (changes, pencil) if pencilled else (changes,):
            delta = deltas.setdefault(item.person_id, [0.0] * (weeks + 1))
            delta[low] += item.allocation_pct
            delta[high + 1] -= item.allocation_pct
        held.setdefault(item.person_id, []).append(
            Assignment(item.id, item.task_force_id, item.name, item.allocation_pct, begin, finish, pencilled)
        )
    empty = (0.0,) * weeks
    return tuple(
        HeatmapRow(
            p.id,
            p.name,
            p.title,
            p.function_id,
            p.capacity_pct,
            _loads(changes[p.id], weeks) if p.id in changes else empty,
            tuple(held.get(p.id, ())),
            _loads(pencil[p.id], weeks) if p.id in pencil else empty,
        )
        for p in found
    )


def _loads(delta: list[float], weeks: int) -> tuple[float, ...]:
    """The running sum of a difference array, rounded so 40 + 40 + 50 reads 130, not 129.99."""
    return tuple(round(value, 6) + 0.0 for value in accumulate(delta[:weeks]))


def _joined(names: list[str], word: str) -> str:
    """Names in a sentence: "A", "A or B", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


def _as_date(value: object) -> date | None:
    """A date from a query column (SQLite hands back text for computed columns)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


__all__ = [
    "ENDED",
    "Assignment",
    "Heatmap",
    "HeatmapRow",
    "TimelineBar",
    "allocation_heatmap",
    "heatmap_rows",
    "people_on",
    "timeline",
    "week_start",
]
