"""The after-action review's first pages: title block, the review at a glance and the KPI scorecard."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from smarket_planner.analysis.model import HealthBand
from smarket_planner.analysis.plan_index import join_names
from smarket_planner.analysis.scorecard import GroupScore, KpiScore, grade_text, verdict
from smarket_planner.charter.review_model import ReviewContent, ScoreLine
from smarket_planner.charter.sections_team import amount_cell, facts_box, heading, span
from smarket_planner.charter.sparkline import Sparkline
from smarket_planner.charter.styles import (
    ACCENT_LIGHT,
    BAD,
    DOT,
    GOOD,
    MUTED,
    WARN,
    para,
    rich,
    styles,
    table,
)
from smarket_planner.charter.units import amount, bound, value_widths, whole_day
from smarket_planner.domain.enums import KpiCommitment

CELL_PADDING = 8.0  # points: a table cell's left and right padding together
VALUE_COLUMN_MOST = 0.2  # of the width: the widest a value column grows for a big amount
NAME_COLUMN_LEAST = 0.18  # of the width: the narrowest the KPI names get to make room for values
SPARKLINE = (62.0, 16.0)  # points: as in the charter's KPI table
GRADE_ROOM = 88.0  # points: the column of a group's mean grade, set large ('0.87')
# Units printed with every value ('12.7%'); others are named once, under the KPI, and the values
# stand bare so that the five number columns stay narrow.
WITH_VALUES = ("%", "\u20ac", "$", "\u00a3")
BAND_COLOURS = {HealthBand.GREEN: GOOD, HealthBand.AMBER: WARN, HealthBand.RED: BAD}
_GROUPS = (
    (KpiCommitment.COMMITTED, "delivered", "Promises: 1.0 is delivered, anything less a miss."),
    (KpiCommitment.ASPIRATIONAL, "achieved 0.7 or more", "Stretches: 0.7 or more is a success."),
)


def band_colour(band: HealthBand | None) -> Any:
    """The ink of a verdict's colour band; muted for none (not measured)."""
    return BAND_COLOURS.get(band, MUTED) if band is not None else MUTED


def ink(colour: Any) -> str:
    """A colour as paragraph markup writes it: '#2e7d32'."""
    return f"#{colour.hexval()[2:]}"


def coloured(text: str, colour: Any, style: str, *, bold: bool = True) -> Paragraph:
    """App-made text (escaped all the same) in a colour, bold unless asked otherwise."""
    start, end = ("<b>", "</b>") if bold else ("", "")
    return rich([(f'<font color="{ink(colour)}">{start}', text), (f"{end}</font>", None)], style)


def title_block(content: ReviewContent, width: float) -> list[Flowable]:
    """The task force's name, kind and status, who sponsored and led it when, and the day reviewed."""
    team = content.task_force
    facts = [
        ("Sponsor", content.person(team.sponsor_id) or "not named"),
        ("Lead", content.person(team.lead_id) or "not named"),
        ("Ran", span(team.start_date, team.end_date)),
        ("After-action review as of", whole_day(content.reviewed_on)),
    ]
    box = facts_box(facts, width, (0.22, 0.22, 0.34, 0.22))
    parts: list[Flowable] = [
        Paragraph("AFTER-ACTION REVIEW", styles()["label"]),
        Spacer(1, 2),
        para(team.name, "title"),
        para(f"{team.kind.label} \u00b7 {team.status.label} \u00b7 {content.plan_title}", "subtitle"),
        box,
        Spacer(1, 8),
    ]
    if team.objective.strip():
        parts += [Paragraph("Objective", styles()["h2"]), para(team.objective, "body")]
    return parts


def lessons_line(content: ReviewContent) -> str:
    """'3 lessons: 2 on what worked and 1 on what hurt.'"""
    lessons = content.lessons
    if not lessons:
        return "No lessons were recorded."
    kinds: dict[str, int] = {}
    for lesson in lessons:
        kinds[lesson.outcome.label.lower()] = kinds.get(lesson.outcome.label.lower(), 0) + 1
    parts = [f"{count} {'mixed' if kind == 'mixed' else 'on ' + kind}" for kind, count in kinds.items()]
    return f"{_count(len(lessons), 'lesson')}: {join_names(parts)}."


def credits_line(content: ReviewContent) -> str:
    """'4 credits: 3 to people and 1 to a whole function.'"""
    credits = content.credits
    if not credits:
        return "No one was credited."
    people = sum(credit.person_id is not None for credit in credits)
    parts = [f"{people} to {'a person' if people == 1 else 'people'}"] if people else []
    if functions := len(credits) - people:
        parts.append(f"{functions} to {'a whole function' if functions == 1 else 'whole functions'}")
    return f"{_count(len(credits), 'credit')}: {join_names(parts)}."


def questions_line(content: ReviewContent) -> str:
    """'3 questions: 2 answered and 1 still open (1 past its date).'"""
    questions = content.questions
    if not questions:
        return "No questions were asked."
    still = [question for question in questions if question.is_open]
    late = sum(q.due_on is not None and q.due_on < content.reviewed_on for q in still)
    parts = [f"{len(questions) - len(still)} answered"] if len(still) < len(questions) else []
    if still:
        parts.append(f"{len(still)} still open" + (f" ({late} past its date)" if late else ""))
    return f"{_count(len(questions), 'question')}: {join_names(parts)}."


def at_a_glance(content: ReviewContent, width: float) -> list[Flowable]:
    """Each section's line, so the whole review reads in a few seconds."""
    lines = [
        *content.review.sections,
        ("Lessons", lessons_line(content)),
        ("Credits", credits_line(content)),
        ("Questions", questions_line(content)),
    ]
    units = [line.score.kpi.unit for line in content.scores]
    rows = [[para(name, "cell_bold"), para(bound(text, units), "cell")] for name, text in lines]
    return [*heading("At a glance"), table(rows, [width * 0.2, width * 0.8], header=False)]


def _group_cells(group: GroupScore, success: str, meaning: str) -> tuple[list[Any], Any]:
    """A group's mean grade set large in its colour, and what it counts and what its grades mean;
    and that colour."""
    mean = group.mean_grade
    colour = band_colour(verdict(group.commitment, mean).band) if mean is not None else MUTED
    big = coloured(grade_text(mean) if mean is not None else "\u2014", colour, "score", bold=False)
    lines: list[Any] = [para(f"{group.commitment.label} KPIs", "cell_bold")]
    if group.measured:
        lines.append(para(f"Mean grade, {group.succeeded} of {group.measured} {success}", "cell"))
    else:
        lines.append(para("Not measured: no check-ins", "cell"))
    if group.not_measured and group.measured:
        lines.append(para(f"{group.not_measured} more not measured", "small"))
    lines.append(para(meaning, "small"))
    return [big, lines], colour


def _groups(content: ReviewContent, width: float) -> Table | None:
    """The committed and the aspirational KPIs' boxes side by side, as tall as each other."""
    card = content.review.scorecard
    groups = {KpiCommitment.COMMITTED: card.committed, KpiCommitment.ASPIRATIONAL: card.aspirational}
    shown = [(groups[kind], success, meaning) for kind, success, meaning in _GROUPS if groups[kind].count]
    if not shown:
        return None
    gutter = 10.0
    each = (width - gutter) / 2
    row: list[Any] = []
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]
    for place, (group, success, meaning) in enumerate(shown):
        cells, colour = _group_cells(group, success, meaning)
        first = 3 * place  # a box takes two columns, then a gutter
        row += [*cells, ""]
        commands += [
            ("BACKGROUND", (first, 0), (first + 1, 0), ACCENT_LIGHT),
            ("LINEABOVE", (first, 0), (first + 1, 0), 2, colour),
        ]
    widths = [GRADE_ROOM, each - GRADE_ROOM, gutter] * 2
    boxes = Table([row[:5] + [""] * (5 - len(row[:5]))], colWidths=widths[:5], hAlign="LEFT")
    boxes.setStyle(TableStyle(commands))
    return boxes


def share_text(score: KpiScore) -> str:
    """The share achieved as the scale writes it, to two decimals ('1.02', '\u22120.33'); a dash for none."""
    if score.share is None:
        return "\u2014"
    return f"{score.share:.2f}".replace("-", "\u2212")


def shown_unit(unit: str) -> str:
    """The unit as printed beside each value ('%'), or nothing when it is named under the KPI."""
    return unit.strip() if unit.strip() in WITH_VALUES else ""


def score_widths(content: ReviewContent, width: float) -> list[float]:
    """The scorecard's column widths: Baseline, Target and Final widened, from the names, for big amounts."""
    shares = (0.27, 0.10, 0.10, 0.10, 0.07, 0.08, 0.135, 0.145)  # 'Not measured' and a sparkline fit
    widths = [width * share for share in shares]
    kpis = [line.score.kpi for line in content.scores]
    amounts = [
        [amount(kpi.baseline, shown_unit(kpi.unit)) for kpi in kpis],
        [amount(kpi.target, shown_unit(kpi.unit)) for kpi in kpis],
        [amount(line.score.final_value, shown_unit(line.score.kpi.unit)) for line in content.scores],
    ]
    given = widths[1:4]
    size = styles()["cell_right"].fontSize
    wanted = value_widths(amounts, given, size, CELL_PADDING, width * VALUE_COLUMN_MOST)
    spare = widths[0] - width * NAME_COLUMN_LEAST
    extra = sum(wanted) - sum(given)
    if extra > spare:  # share out what there is in proportion to each column's need
        wanted = [old + (new - old) * spare / extra for old, new in zip(given, wanted, strict=True)]
    widths[1:4] = wanted
    widths[0] = width - sum(widths[1:])
    return widths


def _score_row(line: ScoreLine, widths: list[float]) -> list[Any]:
    """One KPI's row: name, values, share, grade, verdict and sparkline."""
    score, kpi = line.score, line.score.kpi
    colour = band_colour(score.verdict.band)
    name: list[Any] = [para(kpi.title, "cell_bold")]
    if line.goal_title:
        name.append(para(line.goal_title, "small"))
    if line.accountable:
        name.append(para(f"Accountable: {line.accountable}", "small"))
    facts = [f"In {kpi.unit.strip()}"] if kpi.unit.strip() and not shown_unit(kpi.unit) else []
    if score.final is not None:
        facts.append(f"{'final' if facts else 'Final'} check-in {whole_day(score.final.checked_on)}")
    if facts:
        name.append(para(" \u00b7 ".join(facts), "small"))
    unit = shown_unit(kpi.unit)
    shown = (kpi.baseline, kpi.target, score.final_value)
    values = [amount_cell(value, unit, widths[place] - CELL_PADDING) for place, value in enumerate(shown, 1)]
    grade = (
        coloured(grade_text(score.grade), colour, "cell_right")
        if score.measured
        else para("\u2014", "cell_right")
    )
    trend = Sparkline(list(line.trend), kpi.baseline, kpi.target, colour, SPARKLINE)
    return [
        name,
        *values,
        para(share_text(score), "cell_right"),
        grade,
        para(score.verdict.label, "cell", bullet=(DOT, colour)),
        trend,
    ]


def scorecard(content: ReviewContent, width: float) -> list[Flowable]:
    """The final KPI scorecard: the two groups' mean grades, then each KPI graded with its sparkline.

    Like every later section, left out when there is nothing in it: the review at a glance says so.
    """
    groups = _groups(content, width)
    if groups is None:  # no KPIs: the review at a glance says so
        return []
    parts: list[Flowable] = [*heading("KPI scorecard"), Spacer(1, 2), groups, Spacer(1, 8)]
    head = ["KPI", "Baseline", "Target", "Final", "Share", "Grade", "Verdict", "Trend"]
    kinds = ["head", *["head_right"] * 5, "head", "head"]
    rows: list[list[Any]] = [[para(text, kind) for text, kind in zip(head, kinds, strict=True)]]
    widths = score_widths(content, width)
    extra: list[tuple[Any, ...]] = []
    for commitment, _, _ in _GROUPS:
        own = [line for line in content.scores if line.score.kpi.commitment is commitment]
        if not own:
            continue
        rows.append([para(f"{commitment.label} KPIs", "cell_bold"), *[""] * 7])
        place = len(rows) - 1
        extra += [("SPAN", (0, place), (-1, place)), ("BACKGROUND", (0, place), (-1, place), ACCENT_LIGHT)]
        extra.append(("NOSPLIT", (0, place), (-1, place + 1)))  # a group's name never ends a page
        rows += [_score_row(line, widths) for line in own]
    legend = (
        "Share: how much of the way from baseline to target the final value came (1.00 at the target). "
        "Grade: the share on a scale of 0.0 to 1.0 in steps of 0.1, 1.0 only on target. "
        f"Trend: the check-ins up to {whole_day(content.reviewed_on)}, the dotted line the target."
    )
    # How to read the table, before it: after it, the note could be left alone at the top of a page.
    return [*parts, para(legend, "small"), Spacer(1, 5), table(rows, widths, extra=extra)]


def _count(count: int, thing: str) -> str:
    """'1 lesson', '3 lessons'."""
    return f"{count} {thing}" if count == 1 else f"{count} {thing}s"
