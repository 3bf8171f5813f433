"""Open questions a task force should have answered by now: the question, who owes the answer, how late.

A question is overdue when it has no answer yet and its date to be answered by has passed (a
question due today is not overdue yet; one without a date never is). Only proposed, forming and
active task forces are checked: a dispersed or archived team can no longer answer, and its
open questions belong in its after-action review, not in the findings a manager acts on.
"""

from __future__ import annotations

from datetime import date

from smarket_planner.analysis.model import EntityRef, Finding, FindingKind, PlanData, Severity
from smarket_planner.analysis.plan_index import PlanIndex, day
from smarket_planner.domain.records import EntityKind, Question

# A question is quoted in a finding up to this many characters; longer ones end in an ellipsis.
QUOTED = 90


def days_overdue(question: Question, today: date) -> int:
    """How many days an open question is past its date; 0 when answered, undated or not due yet."""
    if not question.is_open or question.due_on is None:
        return 0
    return max(0, (today - question.due_on).days)


def quoted(question: Question, limit: int = QUOTED) -> str:
    """The question on one line, cut to ``limit`` characters with an ellipsis when it is longer."""
    text = " ".join(question.question.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def overdue_question_findings(data: PlanData) -> list[Finding]:
    """Questions of live task forces still unanswered past the date they were to be answered by."""
    index = PlanIndex(data)
    findings = []
    for question in data.questions:
        late = days_overdue(question, data.today)
        task_force = index.live(question.task_force_id)
        if not late or task_force is None or question.due_on is None:
            continue
        text = quoted(question)
        ref = EntityRef(EntityKind.QUESTION, question.id, text)
        answerer = question.answerer_id
        if answerer is not None:
            name = index.person_name(answerer)
            owed = f"{name} was to answer it by {day(question.due_on)}"
            action = f"Get {name}'s answer to '{text}', with the data behind it, or move its date."
            refs: tuple[EntityRef, ...] = (ref, index.person_ref(answerer))
        else:
            owed = f"it was to be answered by {day(question.due_on)} but no one was asked to"
            action = f"Ask someone on {task_force.name} to answer '{text}', or move its date."
            refs = (ref,)
        findings.append(
            Finding(
                FindingKind.OVERDUE_QUESTION,
                Severity.WARNING,
                f"The question '{text}' of {task_force.name} is {_days(late)} overdue: {owed}, "
                "so the team goes on without the answer.",
                action,
                (task_force.id,),
                refs,
                {"due_on": question.due_on, "days_overdue": late, "answerer_id": answerer},
            )
        )
    return index.ordered(findings)
