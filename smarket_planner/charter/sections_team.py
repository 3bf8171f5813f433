"""The charter's first half: title, objective, rhythm, members, shared goals and KPIs."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from smarket_planner.analysis.model import KpiStatus
from smarket_planner.analysis.plan_index import day, number
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
    styles,
    table,
)
from smarket_planner.domain.records import Membership

HEADING_ROOM = 110  # points: a heading never ends a page without a few lines of its section
STATUS_COLOURS = {KpiStatus.ON_TRACK: GOOD, KpiStatus.AT_RISK: WARN, KpiStatus.OFF_TRACK: BAD}


def span(first: date | None, last: date | None) -> str:
    """'1 Sep 2026 - 28 Feb 2027' (with an en dash), or the half that is known."""
    if first and last:
        return f"{day(first)} \u2013 {day(last)}"
    if first:
        return f"from {day(first)}"
    return f"until {day(last)}" if last else "dates not set"


def heading(text: str) -> list[Flowable]:
    """A section heading, on a new page if too little of this one is left for what follows it."""
    return [CondPageBreak(HEADING_ROOM), Paragraph(text, styles()["h1"])]


def title_block(content: CharterContent, width: float) -> list[Flowable]:
    """The task force's name, kind and status, and who sponsors and leads it when."""
    team = content.task_force
    facts = [
        ("Sponsor", content.person_name(team.sponsor_id) or "not named"),
        ("Lead", content.person_name(team.lead_id) or "not named"),
        ("Runs", span(team.start_date, team.end_date)),
        ("Members", str(len(content.memberships))),
    ]
    cells = [[para(label, "label"), para(value, "value")] for label, value in facts]
    shares = (0.25, 0.25, 0.38, 0.12)
    box = Table(
        [[cell[0] for cell in cells], [cell[1] for cell in cells]], colWidths=[width * s for s in shares]
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
    """The people on the team, grouped by function, with role, allocation and dates."""
    if not content.memberships:
        return [*heading("Members"), para("No one is on this task force yet.", "body")]
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
        people = "1 person" if len(group) == 1 else f"{len(group)} people"
        label = f"{function.name} \u2014 {people}, {number(load)} FTE"
        rows.append([para(label, "cell_bold", bullet=(CHIP, colour_of(function.colour))), "", "", ""])
        extra += [("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1))]
        extra += [("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), ACCENT_LIGHT)]
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
    widths = [width * share for share in (0.42, 0.14, 0.12, 0.32)]
    result = table(rows, widths, extra=extra)
    return [*heading("Members"), result]


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


def _amount(value: float | None, unit: str) -> str:
    """A KPI value with its unit: '22%', '1,200 leads', '—' for none."""
    if value is None:
        return "\u2014"
    joiner = "" if unit in ("%", "\u20ac", "$", "\u00a3") or not unit else " "
    return f"{number(value)}{joiner}{unit}"


def kpis(content: CharterContent, width: float) -> list[Flowable]:
    """The KPIs: baseline, target, latest value, status, incentive and a sparkline each."""
    if not content.kpis:
        return [*heading("KPIs"), para("No KPIs have been set yet.", "body")]
    head = ["KPI", "Baseline", "Target", "Latest", "Status", "Pay", "Trend"]
    styles_ = ["head", "head_right", "head_right", "head_right", "head", "head_right", "head"]
    rows: list[list[Any]] = [[para(text, style) for text, style in zip(head, styles_, strict=True)]]
    for line in content.kpis:
        kpi = line.kpi
        name = [para(kpi.title, "cell_bold"), para(line.goal_title, "small")]
        if line.accountable:
            name.append(para(f"Accountable: {line.accountable}", "small"))
        rows.append(
            [
                name,
                para(_amount(kpi.baseline, kpi.unit), "cell_right"),
                para(_amount(kpi.target, kpi.unit), "cell_right"),
                para(_amount(line.latest, kpi.unit), "cell_right"),
                para(line.status.label, "cell", bullet=(DOT, STATUS_COLOURS.get(line.status, MUTED))),
                para(f"{number(kpi.incentive_pct)}%" if kpi.incentive_pct else "\u2014", "cell_right"),
                sparkline(line),
            ]
        )
    shares = (0.29, 0.12, 0.12, 0.12, 0.12, 0.07, 0.16)
    return [*heading("KPIs"), table(rows, [width * share for share in shares])]


def keep(flowables: list[Flowable]) -> list[Flowable]:
    """Short sections kept on one page."""
    return [KeepTogether(flowables)]
