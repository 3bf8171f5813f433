"""The after-action review's record and learning: goals, deliverables, risks, decisions, lessons,
credits and questions. A section with nothing to show is left out: the review at a glance says so."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from smarket_planner.analysis.plan_index import number
from smarket_planner.analysis.review import DeliverableResult, DeliveryOutcome, GoalOutcome
from smarket_planner.analysis.scorecard import grade_text
from smarket_planner.charter.review_model import ReviewContent
from smarket_planner.charter.review_scorecard import (
    band_colour,
    coloured,
    credits_line,
    ink,
    lessons_line,
    questions_line,
)
from smarket_planner.charter.sections_team import heading
from smarket_planner.charter.styles import (
    ACCENT,
    ACCENT_LIGHT,
    BAD,
    CHIP,
    DOT,
    GOOD,
    MUTED,
    WARN,
    chip,
    colour_of,
    para,
    rich,
    styles,
    table,
)
from smarket_planner.charter.units import bound, joined, whole_day
from smarket_planner.domain.enums import DecisionStanding, LessonOutcome, RiskSeverity
from smarket_planner.domain.records import Credit, Decision, Lesson, Question

DASH = "\u2014"
KEPT_WHOLE = 2000  # characters: a lesson told in fewer is kept on one page
_GOAL_COLOURS = {GoalOutcome.MET: GOOD, GoalOutcome.NOT_MET: BAD}
_DELIVERY_COLOURS = {
    DeliveryOutcome.ON_TIME: GOOD,
    DeliveryOutcome.FINISHED: GOOD,
    DeliveryOutcome.LATE: WARN,
    DeliveryOutcome.UNFINISHED: BAD,
}
_SEVERITY = {
    RiskSeverity.CRITICAL: BAD,
    RiskSeverity.HIGH: BAD,
    RiskSeverity.MEDIUM: WARN,
    RiskSeverity.LOW: GOOD,
}
_STANDING = {DecisionStanding.HELD: GOOD, DecisionStanding.REVERSED: BAD, DecisionStanding.IN_FORCE: ACCENT}
_LESSON = {LessonOutcome.WORKED: GOOD, LessonOutcome.HURT: BAD, LessonOutcome.MIXED: WARN}


def goals(content: ReviewContent, width: float) -> list[Flowable]:
    """Each goal, whether it was met, and the grades of the KPIs it was judged on."""
    result = content.review.goals
    if not result.results:
        return []
    parts: list[Flowable] = [*heading("Goals"), para(result.summary, "body")]
    rows: list[list[Any]] = [[para(text, "head") for text in ("Goal", "Outcome", "KPIs and grades")]]
    for goal in result.results:
        text: list[Any] = [para(goal.goal.title, "cell_bold")]
        if goal.goal.description:
            text.append(para(goal.goal.description, "small"))
        graded: list[
            Any
        ] = [  # the grade first: a title in Hebrew or Arabic would carry a grade after it along
            rich(
                [
                    (f'<font color="{ink(band_colour(score.verdict.band))}"><b>', _grade(score.grade)),
                    ("</b></font>\u2002", score.kpi.title),
                ],
                "small",
            )
            for score in goal.scores
        ]
        colour = _GOAL_COLOURS.get(goal.outcome, MUTED)
        rows.append(
            [text, para(goal.outcome.label, "cell", bullet=(DOT, colour)), graded or para(DASH, "small")]
        )
    return [*parts, table(rows, [width * 0.46, width * 0.17, width * 0.37])]


def _grade(value: float | None) -> str:
    """A grade as the scale writes it; a dash for a KPI not measured."""
    return grade_text(value) if value is not None else DASH


def outcome_text(result: DeliverableResult) -> str:
    """How a deliverable ended, as the review says it: 'On time', 'Late by 6 days', 'Unfinished (blocked)'."""
    if result.outcome is DeliveryOutcome.LATE and result.days_late is not None:
        return "Late by " + (
            joined("1", "day") if result.days_late == 1 else joined(number(result.days_late), "days")
        )
    if result.outcome is DeliveryOutcome.UNFINISHED:
        return f"Unfinished ({result.deliverable.status.label.lower()})"
    return result.outcome.label


def deliverables(content: ReviewContent, width: float) -> list[Flowable]:
    """Each deliverable with its due and finished days and how it ended."""
    result = content.review.deliverables
    if not result.results:
        return []
    parts: list[Flowable] = [*heading("Deliverables"), para(bound(result.summary), "body")]
    head = ["Deliverable", "Due", "Finished", "Outcome"]
    rows: list[list[Any]] = [[para(text, "head") for text in head]]
    for item in result.results:
        work = item.deliverable
        text: list[Any] = [para(work.title, "cell_bold")]
        if owner := content.person(work.owner_id):
            text.append(para(owner, "small"))
        finished = work.finished_on if item.outcome is not DeliveryOutcome.DROPPED else None
        colour = _DELIVERY_COLOURS.get(item.outcome, MUTED)
        rows.append(
            [
                text,
                para(whole_day(work.due_date) if work.due_date else DASH, "cell"),
                para(whole_day(finished) if finished else DASH, "cell"),
                para(outcome_text(item), "cell", bullet=(DOT, colour)),
            ]
        )
    return [*parts, table(rows, [width * 0.45, width * 0.15, width * 0.15, width * 0.25])]


def risks(content: ReviewContent, width: float) -> list[Flowable]:
    """The risks that came true, worst first: what they were and what was done about them."""
    result = content.review.risks
    if not result.occurred:
        return []
    parts: list[Flowable] = [*heading("Risks that came true"), para(result.summary, "body")]
    rows: list[list[Any]] = [[para(text, "head") for text in ("Risk", "Severity", "Likelihood", "Owner")]]
    for risk in result.occurred:
        text: list[Any] = [para(risk.title, "cell_bold")]
        if risk.description:
            text.append(para(risk.description, "cell"))
        if risk.mitigation:
            text += [Paragraph("Mitigation", styles()["field"]), para(risk.mitigation, "small")]
        rows.append(
            [
                text,
                para(risk.severity.label, "cell", bullet=(DOT, _SEVERITY[risk.severity])),
                para(risk.likelihood.label, "cell"),
                para(content.person(risk.owner_id) or DASH, "cell"),
            ]
        )
    return [*parts, table(rows, [width * 0.56, width * 0.14, width * 0.14, width * 0.16])]


def decisions(content: ReviewContent, width: float) -> list[Flowable]:
    """The decisions that held, were reversed or still stand, each on the data it was taken on."""
    result = content.review.decisions
    logged: list[Decision] = [*result.held, *result.reversed, *result.in_force]
    if not logged:
        return []
    parts: list[Flowable] = [*heading("Decisions"), para(result.summary, "body")]
    rows: list[list[Any]] = [[para(text, "head") for text in ("Decision", "Decided", "Standing")]]
    for decision in logged:
        text: list[Any] = [para(decision.title, "cell_bold")]
        if decision.data:
            text += [Paragraph("Data", styles()["field"]), para(decision.data, "small")]
        if decision.reasoning:
            text += [Paragraph("Reasoning", styles()["field"]), para(decision.reasoning, "small")]
        when: list[Any] = [para(whole_day(decision.decided_on) if decision.decided_on else DASH, "cell")]
        if by := content.person(decision.decided_by_id):
            when.append(para(by, "small"))
        standing = para(decision.standing.label, "cell", bullet=(DOT, _STANDING[decision.standing]))
        rows.append([text, when, standing])
    return [*parts, table(rows, [width * 0.6, width * 0.2, width * 0.2])]


def _functions(content: ReviewContent, ids: tuple[int, ...]) -> Paragraph | None:
    """The functions a lesson concerns, each after a chip in its colour."""
    named = [function for function in map(content.function, ids) if function is not None]
    if not named:
        return None
    return rich([(chip(function.colour), function.name) for function in named], "cell", "\u2003")


def _lesson(content: ReviewContent, lesson: Lesson, width: float) -> list[Flowable]:
    """One lesson as a card: its outcome and title, then what happened, why, the data and next time."""
    colour = _LESSON[lesson.outcome]
    title = rich(
        [(f'<font color="{ink(colour)}">{lesson.outcome.label}</font>\u2003', lesson.title)], "cell_bold"
    )
    head: list[Any] = [title]
    if lesson.recorded_on:
        head.append(para(f"Recorded {whole_day(lesson.recorded_on)}", "small"))
    rows: list[list[Any]] = [[head, ""]]
    for label, text in (
        ("What happened", lesson.what_happened),
        ("Why", lesson.why),
        ("The data", lesson.evidence),
        ("Next time", lesson.next_time),
    ):
        if text.strip():
            rows.append([para(label, "field"), para(text, "cell")])
    if (functions := _functions(content, lesson.function_ids)) is not None:
        rows.append([para("Functions", "field"), functions])
    if lesson.tag_list:
        rows.append([para("Tags", "field"), para(", ".join(lesson.tag_list), "cell")])
    card = table(
        rows,
        [width * 0.17, width * 0.83],
        header=False,
        extra=[
            ("BACKGROUND", (0, 0), (-1, -1), colors.white),
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), ACCENT_LIGHT),
            ("LINEABOVE", (0, 0), (-1, 0), 1.5, colour),
            ("TOPPADDING", (0, 0), (-1, 0), 5),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
        ],
    )
    told = (lesson.title, lesson.what_happened, lesson.why, lesson.evidence, lesson.next_time, lesson.tags)
    if sum(map(len, told)) > KEPT_WHOLE:  # a long lesson starts where the last ended and runs on
        return [card, Spacer(1, 9)]
    return [KeepTogether([card, Spacer(1, 9)])]


def lessons(content: ReviewContent, width: float) -> list[Flowable]:
    """What the team learned, blamelessly: each lesson with its data and what to do next time."""
    if not content.lessons:
        return []
    parts: list[Flowable] = [*heading("Lessons"), para(lessons_line(content), "body"), Spacer(1, 2)]
    return [*parts, *(part for lesson in content.lessons for part in _lesson(content, lesson, width))]


def _thanked(content: ReviewContent, credit: Credit) -> list[Any]:
    """Who a credit thanks: a person (with their function) or a whole function, in its colour."""
    function = content.function(credit.function_id)
    person = content.person(credit.person_id)
    cell: list[Any] = []
    if person:
        cell.append(para(person, "cell_bold"))
    if function is not None:
        style = "small" if person else "cell_bold"
        cell.append(para(function.name, style, bullet=(CHIP, colour_of(function.colour))))
    return cell or [para(DASH, "cell")]


def credits(content: ReviewContent, width: float) -> list[Flowable]:
    """Who the team thanks, and for what."""
    if not content.credits:
        return []
    parts: list[Flowable] = [*heading("Credits"), para(credits_line(content), "body")]
    rows: list[list[Any]] = [[para("Thanked", "head"), para("For", "head")]]
    rows += [[_thanked(content, credit), para(credit.for_what, "cell")] for credit in content.credits]
    return [*parts, table(rows, [width * 0.32, width * 0.68])]


def _asked(content: ReviewContent, question: Question) -> list[Any]:
    """A question, who asked it, who should answer it and by when."""
    cell: list[Any] = [para(question.question, "cell_bold")]
    for label, ident in (("Asked by", question.asked_by_id), ("To answer", question.answerer_id)):
        if name := content.person(ident):
            cell.append(para(f"{label}: {name}", "small"))
    if question.due_on:
        cell.append(para(f"Due {whole_day(question.due_on)}", "small"))
    return cell


def _answer(content: ReviewContent, question: Question) -> list[Any]:
    """The answer and the data behind it, or that it is still open (and late, if it is)."""
    if question.is_open:
        late = question.due_on is not None and question.due_on < content.reviewed_on
        colour = BAD if late else WARN
        text = f"Open, past its date of {whole_day(question.due_on)}" if late and question.due_on else "Open"
        return [coloured(text, colour, "cell")]
    cell: list[Any] = [para(question.answer, "cell")]
    if question.evidence.strip():
        cell += [Paragraph("The data", styles()["field"]), para(question.evidence, "small")]
    if question.answered_on:
        cell.append(para(f"Answered {whole_day(question.answered_on)}", "small"))
    return cell


def questions(content: ReviewContent, width: float) -> list[Flowable]:
    """The team's questions with their answers and the data behind them; those still open last."""
    if not content.questions:
        return []
    parts: list[Flowable] = [*heading("Questions"), para(questions_line(content), "body")]
    rows: list[list[Any]] = [[para("Question", "head"), para("Answer", "head")]]
    rows += [[_asked(content, question), _answer(content, question)] for question in content.questions]
    return [*parts, table(rows, [width * 0.42, width * 0.58])]
