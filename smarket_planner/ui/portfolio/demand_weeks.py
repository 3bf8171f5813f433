"""What one function's week of demand says: the numbers shown, with or without pencil, and in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from smarket_planner.analysis.demand import FunctionWeeks
from smarket_planner.ui.portfolio.timeline_painting import MONTHS

SHORT = 0.005  # people: less than this short is not short (sums of shares round to this much)


def people(value: float) -> str:
    """A number of people as a manager reads it: 3.2, 0.05, 4."""
    if abs(value) >= 0.095 or value == 0:
        return f"{value:.1f}"
    return f"{value:.2f}"


@dataclass(frozen=True, slots=True)
class WeekDemand:
    """One function's week as the chart shows it: what is booked, asked for, and how short it falls."""

    confirmed: float
    tentative: float  # 0 when only confirmed demand is shown
    open_confirmed: float
    open_tentative: float  # 0 when only confirmed demand is shown
    capacity: float
    short: float  # people short with what is shown
    short_confirmed: float  # people short with confirmed demand alone

    @property
    def total(self) -> float:
        """All that is shown: booked and asked for."""
        return self.confirmed + self.tentative + self.open_confirmed + self.open_tentative

    @property
    def pencil_short(self) -> bool:
        """Whether the function is short only if the proposed teams go ahead."""
        return self.short > SHORT and self.short_confirmed <= SHORT


def week_demand(function: FunctionWeeks, week: int, *, confirmed_only: bool) -> WeekDemand:
    """A function's week, with or without the pencil of proposed and forming task forces."""
    short_confirmed = max(0.0, function.shortfall(week, confirmed_only=True))
    return WeekDemand(
        function.confirmed[week],
        0.0 if confirmed_only else function.tentative[week],
        function.open_confirmed[week],
        0.0 if confirmed_only else function.open_tentative[week],
        function.capacity,
        short_confirmed if confirmed_only else max(0.0, function.shortfall(week)),
        short_confirmed,
    )


def short_weeks(function: FunctionWeeks, *, confirmed_only: bool) -> list[int]:
    """The weeks in which a function is short, with or without the pencil."""
    weeks = range(len(function.confirmed))
    return [w for w in weeks if week_demand(function, w, confirmed_only=confirmed_only).short > SHORT]


def week_title(weeks: tuple[date, ...], week: int) -> str:
    """A week as a tooltip names it: "Week 7 (9 Feb)", with the year once it is not the first week's."""
    monday = weeks[week]
    day = f"{monday.day} {MONTHS[monday.month - 1]}"
    if monday.year != weeks[0].year:
        day += f" {monday.year}"
    return f"Week {monday.isocalendar().week} ({day})"


def verdict(shown: WeekDemand, *, confirmed_only: bool) -> str:
    """How the week ends: "0.8 short if the proposed teams go ahead", "1.2 short", "0.6 to spare"."""
    if shown.short_confirmed > SHORT:
        said = f"{people(shown.short_confirmed)} short"
        if not confirmed_only and shown.short > shown.short_confirmed + SHORT:
            said += f", {people(shown.short)} if the proposed teams go ahead"
        return said
    if shown.short > SHORT:
        return f"{people(shown.short)} short if the proposed teams go ahead"
    return f"{people(max(0.0, shown.capacity - shown.total))} to spare"


def week_words(function: FunctionWeeks, weeks: tuple[date, ...], week: int, *, confirmed_only: bool) -> str:
    """A week's tooltip: "Week 7 (9 Feb): confirmed 3.2, pencil 1.1, open roles 0.5 of 4.0 people — …"."""
    shown = week_demand(function, week, confirmed_only=confirmed_only)
    parts = [f"confirmed {people(shown.confirmed)}"]
    if not confirmed_only:
        parts.append(f"pencil {people(shown.tentative)}")
    parts.append(f"open roles {people(shown.open_confirmed + shown.open_tentative)}")
    said = f"{week_title(weeks, week)}: {', '.join(parts)} of {people(function.capacity)} people"
    ending = verdict(shown, confirmed_only=confirmed_only)
    return f"<b>{escape(function.name)}</b><br>{escape(said)} \u2014 {escape(ending)}"


def function_words(function: FunctionWeeks, *, confirmed_only: bool) -> str:
    """A function's tooltip: its capacity and how often, and by how much, it falls short."""
    lines = [f"<b>{escape(function.name)}</b>", f"Capacity {people(function.capacity)} people"]
    short = short_weeks(function, confirmed_only=confirmed_only)
    if not short:
        lines.append("Enough people in every week shown")
        return "<br>".join(lines)
    shown = [week_demand(function, w, confirmed_only=confirmed_only) for w in short]
    most = max(week.short for week in shown)
    lines.append(f"Short in {len(short)} of {len(function.confirmed)} weeks, by up to {people(most)} people")
    pencil = sum(1 for week in shown if week.pencil_short)
    if pencil:
        lines.append(f"{pencil} of them only if the proposed teams go ahead")
    return "<br>".join(lines)
