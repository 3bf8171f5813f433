"""The charter's second half: RACI, risks, decisions, open questions, alignment health and signatures."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from smarket_planner.analysis.health import held_down
from smarket_planner.analysis.model import Severity
from smarket_planner.analysis.plan_index import number
from smarket_planner.analysis.questions import days_overdue
from smarket_planner.charter.fonts import SANS_BOLD
from smarket_planner.charter.model import CharterContent
from smarket_planner.charter.sections_team import heading
from smarket_planner.charter.sparkline import ScoreBar, band_ink
from smarket_planner.charter.styles import (
    ACCENT,
    ACCENT_LIGHT,
    ARROW,
    BAD,
    CHIP,
    DOT,
    GOOD,
    MUTED,
    RULE,
    TRIANGLE,
    WARN,
    colour_of,
    para,
    rich,
    styles,
    table,
)
from smarket_planner.charter.units import bound, whole_day
from smarket_planner.domain.enums import RaciLetter, RiskSeverity

TOP_FINDINGS = 6
RACI_MIN_COLUMN = 30.0  # points: room for a letter and some air
_LETTER_FILL = {
    RaciLetter.ACCOUNTABLE: ACCENT,
    RaciLetter.RESPONSIBLE: colors.HexColor("#9dbbd9"),
    RaciLetter.CONSULTED: ACCENT_LIGHT,
    RaciLetter.INFORMED: colors.white,
}
_LETTER_MARKUP = {
    RaciLetter.ACCOUNTABLE: '<font color="#ffffff"><b>A</b></font>',
    RaciLetter.RESPONSIBLE: "<b>R</b>",
    RaciLetter.CONSULTED: "C",
    RaciLetter.INFORMED: "I",
}
_SEVERITY = {
    RiskSeverity.CRITICAL: BAD,
    RiskSeverity.HIGH: BAD,
    RiskSeverity.MEDIUM: WARN,
    RiskSeverity.LOW: GOOD,
}
_FINDING = {Severity.ERROR: BAD, Severity.WARNING: WARN, Severity.INFO: MUTED}


def raci_columns(content: CharterContent) -> list[tuple[str, int]]:
    """The RACI grid's columns: the team's functions, then people given a letter of their own."""
    columns = [("function", function.id) for function in content.team_functions()]
    known = {ident for _, ident in columns}
    for cell in content.raci:
        if (
            cell.function_id is not None
            and cell.function_id not in known
            and cell.function_id in content.functions
        ):
            columns.append(("function", cell.function_id))
            known.add(cell.function_id)
    people = sorted({cell.person_id for cell in content.raci if cell.person_id is not None})
    return columns + [("person", ident) for ident in people if ident in content.people]


def raci_widths(content: CharterContent, width: float) -> list[float] | None:
    """Column widths for the RACI grid: each letter column as wide as its longest header word.

    None when the columns leave the activities less than a third of the width: the grid then
    goes on a landscape page.
    """
    columns = raci_columns(content)
    needed = []
    for kind, ident in columns:
        name = content.functions[ident].name if kind == "function" else content.people[ident].name
        longest = max((stringWidth(word, SANS_BOLD, 8) for word in name.split()), default=0.0)
        needed.append(max(RACI_MIN_COLUMN, longest + 10))
    first = width - sum(needed)
    if first < width / 3:
        return None
    return [first, *needed]


def raci(content: CharterContent, width: float) -> list[Flowable]:
    """Who is responsible, accountable, consulted and informed for each activity."""
    if not content.activities:
        return [*heading("RACI"), para("No activities have been given a RACI yet.", "body")]
    columns = raci_columns(content)
    widths = raci_widths(content, width)
    if widths is None:  # too many columns even for a landscape page: share it out evenly
        widths = [width / 3] + [width * 2 / 3 / len(columns)] * len(columns)
    head: list[Any] = [para("Activity", "head")]
    for kind, ident in columns:
        if kind == "function":
            head.append(para(content.functions[ident].name, "head_center"))
        else:
            head.append(para(content.people[ident].name, "head_center"))
    rows: list[list[Any]] = [head]
    extra: list[tuple[Any, ...]] = []
    for activity in content.activities:
        cells = {
            ("function", c.function_id) if c.function_id is not None else ("person", c.person_id): c.letter
            for c in content.raci
            if c.activity_id == activity.id
        }
        accountable = sum(1 for letter in cells.values() if letter is RaciLetter.ACCOUNTABLE)
        name: list[Any] = [para(activity.name, "cell_bold")]
        if accountable != 1:
            problem = "no one accountable" if accountable == 0 else f"{accountable} accountable"
            name.append(para(problem, "small", bullet=(TRIANGLE, BAD)))
        row: list[Any] = [name]
        for column, key in enumerate(columns, start=1):
            letter = cells.get(key)
            row.append(Paragraph(_LETTER_MARKUP[letter] if letter else "", styles()["cell_center"]))
            if letter:
                position = (column, len(rows))
                extra.append(("BACKGROUND", position, position, _LETTER_FILL[letter]))
        rows.append(row)
    grid = table(rows, widths, extra=[("GRID", (1, 1), (-1, -1), 0.25, RULE), *extra])
    legend = para(
        "A accountable (exactly one per activity) \u00b7 R responsible \u00b7 C consulted \u00b7 I informed",
        "small",
    )
    return [*heading("RACI"), grid, Spacer(1, 3), legend]


def risks(content: CharterContent, width: float) -> list[Flowable]:
    """The risk log: what could go wrong, how bad and how likely, who owns it, what is being done."""
    if not content.risks:
        return [*heading("Risks"), para("No risks have been raised. Bad news is welcome here.", "body")]
    head = ["Risk", "Severity", "Likelihood", "Status", "Owner"]
    rows: list[list[Any]] = [[para(text, "head") for text in head]]
    for risk in content.risks:
        text: list[Any] = [para(risk.title, "cell_bold")]
        if risk.description:
            text.append(para(risk.description, "cell"))
        if risk.mitigation:
            text += [Paragraph("Mitigation", styles()["field"]), para(risk.mitigation, "small")]
        raised = [content.person_name(risk.raised_by_id), whole_day(risk.raised_on) if risk.raised_on else ""]
        if any(raised):
            text.append(para(" ".join(part for part in ("Raised by", *raised) if part), "small"))
        rows.append(
            [
                text,
                para(risk.severity.label, "cell", bullet=(DOT, _SEVERITY[risk.severity])),
                para(risk.likelihood.label, "cell"),
                para(risk.status.label, "cell"),
                para(content.person_name(risk.owner_id) or "\u2014", "cell"),
            ]
        )
    shares = (0.50, 0.12, 0.13, 0.11, 0.14)
    return [*heading("Risks"), table(rows, [width * share for share in shares])]


def decisions(content: CharterContent, width: float) -> list[Flowable]:
    """The decision log: what was decided, on what data, by whom, and who committed to it."""
    if not content.decisions:
        return [*heading("Decisions"), para("No decisions have been logged yet.", "body")]
    head = ["Decision", "Decided", "Committed"]
    rows: list[list[Any]] = [[para(text, "head") for text in head]]
    for decision in content.decisions:
        text: list[Any] = [para(decision.title, "cell_bold")]
        if decision.data:
            text += [Paragraph("Data", styles()["field"]), para(decision.data, "cell")]
        if decision.reasoning:
            text += [Paragraph("Reasoning", styles()["field"]), para(decision.reasoning, "cell")]
        by = content.person_name(decision.decided_by_id)
        when = whole_day(decision.decided_on) if decision.decided_on else ""
        committed = [content.person_name(ident) for ident in decision.committed_person_ids]
        rows.append(
            [
                text,
                [para(when or "\u2014", "cell"), para(by, "small")],
                rich([("", name) for name in committed if name] or [("", "\u2014")], "cell", "<br/>"),
            ]
        )
    return [*heading("Decisions"), table(rows, [width * 0.6, width * 0.16, width * 0.24])]


def questions(content: CharterContent, width: float) -> list[Flowable]:
    """The questions still open: what the team must find out, who should answer, and by when.

    Nothing at all when every question is answered: the section is there only to chase answers.
    """
    if not content.questions:
        return []
    head = ["Question", "To answer", "By"]
    rows: list[list[Any]] = [[para(text, "head") for text in head]]
    for question in content.questions:
        asked = content.person_name(question.asked_by_id)
        text: list[Any] = [para(question.question, "cell_bold")]
        if asked:
            text.append(para(f"Asked by {asked}", "small"))
        when: list[Any] = [para(whole_day(question.due_on) if question.due_on else "\u2014", "cell")]
        late = days_overdue(question, content.printed_on)
        if late:
            overdue = f"{late} day{'s' if late != 1 else ''} overdue"
            when.append(para(overdue, "small", bullet=(TRIANGLE, BAD)))
        answerer = content.person_name(question.answerer_id) or "No one yet"
        rows.append([text, para(answerer, "cell"), when])
    return [*heading("Open questions"), table(rows, [width * 0.6, width * 0.22, width * 0.18])]


def health(content: CharterContent, width: float) -> list[Flowable]:
    """The alignment health score, what makes it up, and the findings to act on first."""
    if content.health is None:
        note = "Alignment health is worked out for proposed, forming and active task forces only."
        return [*heading("Alignment health"), para(note, "body")]
    head = [para("Component", "head"), para("Score", "head_right"), "", para("Points", "head_right")]
    rows: list[list[Any]] = [head]
    for part in content.health.components:
        rows.append(
            [
                para(part.name[:1].upper() + part.name[1:], "cell"),
                para(f"{number(round(part.score))}/100", "cell_right"),
                ScoreBar(part.score),
                para(
                    f"{number(round(part.contribution, 1))} of {number(round(part.weight * 100))}",
                    "cell_right",
                ),
            ]
        )
    parts = table(rows, [width * 0.32, width * 0.14, width * 0.24, width * 0.18 - 8])
    value = content.health
    ink = f"#{band_ink(value.score).hexval()[2:]}"
    score = Table(
        [
            [rich([(f'<font color="{ink}">', f"{round(value.score)}"), ("</font>", None)], "score")],
            [para("out of 100", "small_centre")],
            [
                rich(
                    [(f'<font color="{ink}"><b>', value.band.label.capitalize()), ("</b></font>", None)],
                    "small_centre",
                )
            ],
        ],
        colWidths=[width * 0.12],
    )
    score.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    top = Table([[score, parts]], colWidths=[width * 0.12 + 8, width * 0.88 - 8])
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    # The heading never stands alone at the foot of a page: it goes over with the score.
    flowables: list[Flowable] = [KeepTogether([*heading("Alignment health"), top])]
    if value.open_errors:
        flowables.append(para(bound(held_down(value)), "body"))
    if content.findings:
        shown = content.findings[:TOP_FINDINGS]
        more = len(content.findings) - len(shown)
        title = "What to act on first" + (f" ({more} more in the app)" if more else "")
        flowables.append(para(title, "h2"))
        units = [line.kpi.unit for line in content.kpis]
        for finding in shown:
            message = bound(finding.message, units)
            flowables.append(para(message, "finding", bullet=(DOT, _FINDING[finding.severity])))
            flowables.append(para(bound(finding.action, units), "action", bullet=(ARROW, MUTED)))
    return flowables


def _signer(role: str, name: str, colour: str | None) -> list[Any]:
    """One signer's column in the grid: room to sign, who signs, and a line for the date."""
    who = para(role, "cell_bold", bullet=(CHIP, colour_of(colour))) if colour else para(role, "cell_bold")
    return ["", who, para(name or "Name:", "small"), para("Date: ______________________", "small")]


def signatures(content: CharterContent, width: float) -> list[Flowable]:
    """Lines for the sponsor, the lead and each function's head to sign and date."""
    team = content.task_force
    signers: list[tuple[str, str, str | None]] = [
        ("Sponsor", content.person_name(team.sponsor_id), None),
        ("Task force lead", content.person_name(team.lead_id), None),
    ]
    signers += [(f"Head of {function.name}", "", function.colour) for function in content.team_functions()]
    rows: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
    for first in range(0, len(signers), 2):  # two signers side by side, a gutter between them
        pair = [_signer(*signer) for signer in signers[first : first + 2]]
        if len(pair) == 1:
            pair.append(["", "", "", ""])
        top = len(rows)
        rows += [[left, "", right] for left, right in zip(*pair, strict=True)]
        commands.append(("TOPPADDING", (0, top), (-1, top), 30))
        for column in (0, 2)[: len(signers[first : first + 2])]:
            commands.append(("LINEABOVE", (column, top + 1), (column, top + 1), 0.8, colors.black))
        commands.append(("BOTTOMPADDING", (0, top + 3), (-1, top + 3), 12))
        # A page may break between two pairs, never between a signature line and its name and date.
        commands.append(("NOSPLIT", (0, top), (-1, top + 3)))
    grid = Table(rows, colWidths=[width / 2 - 18, 36, width / 2 - 18], hAlign="LEFT")
    grid.setStyle(TableStyle(commands))
    intro = "We agree to this charter: its objective, the people and time we commit, and how we will work."
    return [KeepTogether([*heading("Signatures"), para(intro, "body"), grid])]
