"""The charter's first half: title, objective, rhythm, members, shared goals and KPIs."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from smarket_planner.analysis.model import KpiStatus
from smarket_planner.analysis.plan_index import number
from smarket_planner.charter.model import CharterContent, KpiLine
from smarket_planner.charter.sparkline import Sparkline
from smarket_planner.charter.styles import (
    ACCENT,
    ACCENT_LIGHT,
    BAD,
    CHIP,
    DOT,
    GOOD,
    MUTED,
    WARN,
    colour_of,
    para,
    rich,
    styles,
    table,
)
from smarket_planner.charter.units import amount, amount_in_cell, joined, value_widths, whole_day
from smarket_planner.domain.records import Membership

CELL_PADDING = 8.0  # points: a table cell's left and right padding together
VALUE_COLUMN_MOST = 0.2  # of the width: the widest a KPI value column grows for a big amount
NAME_COLUMN_LEAST = 0.18  # of the width: the narrowest the KPI names get to make room for values
HEADING_ROOM = 110  # points: a heading never ends a page without a few lines of its section
MEMBER_COLUMNS = (0.42, 0.14, 0.12, 0.32)  # of the width: name, role, allocation, dates
STATUS_COLOURS = {KpiStatus.ON_TRACK: GOOD, KpiStatus.AT_RISK: WARN, KpiStatus.OFF_TRACK: BAD}


def span(first: date | None, last: date | None) -> str:
    """'1 Sep 2026 - 28 Feb 2027' (with an en dash), or the half that is known."""
    if first and last:
        return f"{whole_day(first)} \u2013 {whole_day(last)}"
    if first:
        return f"from {whole_day(first)}"
    return f"until {whole_day(last)}" if last else "dates not set"


def heading(text: str) -> list[Flowable]:
    """A section heading, on a new page if too little of this one is left for what follows it."""
    return [CondPageBreak(HEADING_ROOM), Paragraph(text, styles()["h1"])]


def facts_box(facts: list[tuple[str, str]], width: float, shares: tuple[float, ...]) -> Table:
    """The shaded box under a title: each fact's label above its value, side by side."""
    box = Table(
        [[para(label, "label") for label, _ in facts], [para(value, "value") for _, value in facts]],
        colWidths=[width * share for share in shares],
    )
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
                ("LINEABOVE", (0, 0), (-1, 0), 2, ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, 0), 7),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return box


def title_block(content: CharterContent, width: float) -> list[Flowable]:
    """The task force's name, kind and status, and who sponsors and leads it when."""
    team = content.task_force
    facts = [
        ("Sponsor", content.person_name(team.sponsor_id) or "not named"),
        ("Lead", content.person_name(team.lead_id) or "not named"),
        ("Runs", span(team.start_date, team.end_date)),
        ("Members", str(len(content.memberships))),
    ]
    box = facts_box(facts, width, (0.25, 0.25, 0.38, 0.12))
    return [
        Paragraph("TASK FORCE CHARTER", styles()["label"]),
        Spacer(1, 2),
        para(team.name, "title"),
        para(f"{team.kind.label} \u00b7 {team.status.label} \u00b7 {content.plan_title}", "subtitle"),
        box,
        Spacer(1, 6),
    ]


def objective(content: CharterContent, width: float) -> list[Flowable]:
    """The objective, set large, and why it matters."""
    team = content.task_force
    parts: list[Flowable] = [*heading("Objective")]
    parts.append(para(team.objective or "No objective has been written yet.", "lead"))
    if team.why:
        parts += [Paragraph("Why it matters", styles()["h2"]), para(team.why, "body")]
    return parts


def rhythm(content: CharterContent, width: float) -> list[Flowable]:
    """How often the team meets."""
    beat = content.task_force.rhythm
    text = beat.describe() if beat else "No regular meeting has been agreed yet."
    return [*heading("Operating rhythm"), para(text, "body")]


def members(content: CharterContent, width: float) -> list[Flowable]:
    """The people on the team, grouped by function, with role, allocation and dates; then, apart, the
    places it still has to staff."""
    named = (
        [_named_members(content, width)]
        if content.memberships
        else [para("No one is on this task force yet.", "body")]
    )
    return [*heading("Members"), *named, *to_be_staffed(content, width)]


def _named_members(content: CharterContent, width: float) -> Table:
    """The members by function, each function's head count and FTE above its people."""
    by_function: defaultdict[int, list[Membership]] = defaultdict(list)
    for membership in content.memberships:
        person = content.people[membership.person_id]
        by_function[person.function_id].append(membership)
    head = ["Name", "Role", "Allocation", "Dates"]
    rows: list[list[Any]] = [[para(text, "head") for text in head]]
    extra: list[tuple[Any, ...]] = []
    for function in content.team_functions():
        group = sorted(
            by_function[function.id], key=lambda m: (m.role != "lead", content.person_name(m.person_id))
        )
        load = sum(m.allocation_pct for m in group) / 100
        people = joined("1", "person") if len(group) == 1 else joined(str(len(group)), "people")
        label = f"{function.name} \u2014 {people}, {joined(number(load), 'FTE')}"
        rows.append([para(label, "cell_bold", bullet=(CHIP, colour_of(function.colour))), "", "", ""])
        extra += [("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1))]
        extra += [("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), ACCENT_LIGHT)]
        # A function's heading row never ends a page without its first member.
        extra += [("NOSPLIT", (0, len(rows) - 1), (-1, len(rows)))]
        for membership in group:
            person = content.people[membership.person_id]
            who = [para(person.name, "cell_bold")]
            if person.title:
                who.append(para(person.title, "small"))
            when = span(
                membership.start_date or content.task_force.start_date,
                membership.end_date or content.task_force.end_date,
            )
            rows.append(
                [
                    who,
                    para(membership.role.label, "cell"),
                    para(f"{number(membership.allocation_pct)}%", "cell_right"),
                    para(when, "cell"),
                ]
            )
    widths = [width * share for share in MEMBER_COLUMNS]
    return table(rows, widths, extra=extra)


def to_be_staffed(content: CharterContent, width: float) -> list[Flowable]:
    """The places the team still has to fill, under a heading of their own and a grey header, apart from
    the people named: what each is, its function, part, share of a week, dates, skills wanted and note."""
    if not content.open_roles:
        return []
    team = content.task_force
    rows: list[list[Any]] = [[para(text, "head") for text in ("Open role", "Role", "Allocation", "Dates")]]
    for role in content.open_roles:
        function = content.functions.get(role.function_id)
        named = function.name if function else ""
        what = [
            para(role.title or f"Someone from {named}", "cell_bold"),
            para(named, "small", bullet=(CHIP, colour_of(function.colour if function else None))),
        ]
        if role.skill_list:
            what.append(para(f"Skills wanted: {', '.join(role.skill_list)}", "small"))
        if role.note:
            what.append(para(role.note, "small"))
        when = span(role.start_date or team.start_date, role.end_date or team.end_date)
        share = para(f"{number(role.allocation_pct)}%", "cell_right")
        rows.append([what, para(role.role.label, "cell"), share, para(when, "cell")])
    count = len(content.open_roles)
    places = joined(str(count), "place" if count == 1 else "places")
    load = sum(role.allocation_pct for role in content.open_roles) / 100
    them = "it" if count == 1 else "them"
    said = f"{places} still to fill, {joined(number(load), 'FTE')} in all; nobody is named for {them} yet."
    widths = [width * share for share in MEMBER_COLUMNS]  # under the members' columns
    unnamed = table(rows, widths, extra=[("BACKGROUND", (0, 0), (-1, 0), MUTED)])
    return [
        CondPageBreak(HEADING_ROOM),
        Paragraph("To be staffed", styles()["h2"]),
        para(said, "small"),
        Spacer(1, 3),
        unnamed,
    ]


def _owners(content: CharterContent, ids: tuple[int, ...]) -> list[Paragraph]:
    """The functions owning a goal as coloured chips, flagged when only one does."""
    owners = [content.functions[i] for i in ids if i in content.functions]
    if not owners:
        return [para("No owner yet", "cell", bullet=(DOT, WARN))]
    if len(owners) == 1:
        return [
            para(f"{owners[0].name} alone (a silo goal)", "cell", bullet=(CHIP, colour_of(owners[0].colour)))
        ]
    return [para(function.name, "cell", bullet=(CHIP, colour_of(function.colour))) for function in owners]


def goals(content: CharterContent, width: float) -> list[Flowable]:
    """The shared goals, with the functions that own them."""
    if not content.goals:
        return [*heading("Shared goals"), para("No goals have been agreed yet.", "body")]
    rows: list[list[Any]] = [[para("Goal", "head"), para("Owned by", "head")]]
    for goal in content.goals:
        text = [para(goal.title, "cell_bold")]
        if goal.description:
            text.append(para(goal.description, "small"))
        rows.append([text, _owners(content, goal.owner_function_ids)])
    return [*heading("Shared goals"), table(rows, [width * 0.64, width * 0.36])]


def sparkline(line: KpiLine, width: float = 62, height: float = 16) -> Sparkline:
    """The KPI's check-ins as a small line against its target, drawn as vectors."""
    values = [value for _, value in line.trend]
    colour = STATUS_COLOURS.get(line.status, ACCENT)
    return Sparkline(values, line.kpi.baseline, line.kpi.target, colour, (width, height))


def amount_cell(value: float | None, unit: str, room: float) -> Paragraph:
    """An amount right-aligned in its cell, set smaller if the cell is too narrow for it."""
    base = styles()["cell_right"].fontSize
    text, size = amount_in_cell(value, unit, room, base)
    if size >= base:
        return para(text, "cell_right")
    return rich([(f'<font size="{size:g}">', text), ("</font>", None)], "cell_right")


def kpis(content: CharterContent, width: float) -> list[Flowable]:
    """The KPIs: baseline, target, latest value, status, incentive and a sparkline each."""
    if not content.kpis:
        return [*heading("KPIs"), para("No KPIs have been set yet.", "body")]
    head = ["KPI", "Baseline", "Target", "Latest", "Status", "Pay", "Trend"]
    styles_ = ["head", "head_right", "head_right", "head_right", "head", "head_right", "head"]
    rows: list[list[Any]] = [[para(text, style) for text, style in zip(head, styles_, strict=True)]]
    widths = kpi_widths(content, width)
    for line in content.kpis:
        kpi = line.kpi
        name = [para(kpi.title, "cell_bold"), para(line.goal_title, "small")]
        if line.accountable:
            name.append(para(f"Accountable: {line.accountable}", "small"))
        shown = (kpi.baseline, kpi.target, line.latest)
        values = [
            amount_cell(value, kpi.unit, widths[place] - CELL_PADDING) for place, value in enumerate(shown, 1)
        ]
        rows.append(
            [
                name,
                *values,
                para(line.status.label, "cell", bullet=(DOT, STATUS_COLOURS.get(line.status, MUTED))),
                amount_cell(kpi.incentive_pct or None, "%", widths[5] - CELL_PADDING),
                sparkline(line),
            ]
        )
    return [*heading("KPIs"), table(rows, widths)]


def kpi_widths(content: CharterContent, width: float) -> list[float]:
    """The KPI table's column widths: Baseline, Target and Latest widened, from the names, for big amounts."""
    shares = (0.29, 0.12, 0.12, 0.12, 0.12, 0.07, 0.16)
    widths = [width * share for share in shares]
    amounts = [
        [amount(line.kpi.baseline, line.kpi.unit) for line in content.kpis],
        [amount(line.kpi.target, line.kpi.unit) for line in content.kpis],
        [amount(line.latest, line.kpi.unit) for line in content.kpis],
    ]
    size = styles()["cell_right"].fontSize
    given = widths[1:4]
    wanted = value_widths(amounts, given, size, CELL_PADDING, width * VALUE_COLUMN_MOST)
    spare = widths[0] - width * NAME_COLUMN_LEAST  # what the name column can give
    extra = sum(wanted) - sum(given)
    if extra > spare:  # share out what there is in proportion to each column's need
        wanted = [old + (new - old) * spare / extra for old, new in zip(given, wanted, strict=True)]
    widths[1:4] = wanted
    widths[0] = width - sum(widths[1:])
    return widths


def keep(flowables: list[Flowable]) -> list[Flowable]:
    """Short sections kept on one page."""
    return [KeepTogether(flowables)]
