"""The logs of a task force: its risks, decisions and open questions, and the people who can own them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smarket_planner.analysis.questions import days_overdue
from smarket_planner.domain.enums import RiskStatus
from smarket_planner.domain.records import Decision, EntityKind, Question, Risk
from smarket_planner.services.actions import rows
from smarket_planner.services.actions.plan import Plan
from smarket_planner.storage.model import (
    DecisionRow,
    FunctionRow,
    MembershipRow,
    PersonRow,
    QuestionRow,
    RiskRow,
)

# Risks still being lived with come first; closed ones sink to the bottom.
_RISK_STATUS_ORDER = {
    RiskStatus.OPEN: 0,
    RiskStatus.MITIGATING: 0,
    RiskStatus.OCCURRED: 1,
    RiskStatus.CLOSED: 2,
}


@dataclass(frozen=True, slots=True)
class PersonChoice:
    """Someone who can own work, with their function; the team's members come first."""

    id: int
    name: str
    function_name: str
    colour: str
    on_team: bool


@dataclass(frozen=True, slots=True)
class RiskLine:
    """A risk with the names of its owner and of who raised it."""

    record: Risk
    owner_name: str
    raised_by_name: str

    @property
    def id(self) -> int:
        """The risk's id."""
        return self.record.id

    @property
    def exposure(self) -> int:
        """Severity (1-4) times likelihood (1-5): how much the risk matters, 1 to 20."""
        return self.record.severity.rank * self.record.likelihood.rank

    @property
    def rank(self) -> tuple[int, int, int, str]:
        """Sorts open risks first, the most exposed at the top (the more severe on a tie)."""
        status = _RISK_STATUS_ORDER[self.record.status]
        return (status, -self.exposure, -self.record.severity.rank, self.record.title.casefold())


@dataclass(frozen=True, slots=True)
class DecisionLine:
    """A decision with the names of who made it and who committed to it."""

    record: Decision
    decided_by_name: str
    committed_names: tuple[str, ...]

    @property
    def id(self) -> int:
        """The decision's id."""
        return self.record.id


@dataclass(frozen=True, slots=True)
class QuestionLine:
    """A question with the names of who asked it and who should answer it, seen on a given day."""

    record: Question
    asked_by_name: str
    answerer_name: str
    today: date

    @property
    def id(self) -> int:
        """The question's id."""
        return self.record.id

    @property
    def days_overdue(self) -> int:
        """How many days it is past its date unanswered; 0 when answered, undated or not due yet."""
        return days_overdue(self.record, self.today)

    @property
    def status(self) -> str:
        """Open, Overdue or Answered."""
        if not self.record.is_open:
            return "Answered"
        return "Overdue" if self.days_overdue else "Open"

    @property
    def rank(self) -> tuple[int, int, int, int]:
        """The most overdue first, then open ones by date (undated last), then answered, latest first."""
        question = self.record
        if not question.is_open:
            answered = question.answered_on.toordinal() if question.answered_on else 0
            return (2, 0, -answered, -question.id)
        due = question.due_on.toordinal() if question.due_on else date.max.toordinal()
        return (0 if self.days_overdue else 1, due, 0, question.id)


def team_people(session: Session, task_force_id: int) -> list[int]:
    """The ids of the people on a task force."""
    query = select(MembershipRow.person_id).where(MembershipRow.task_force_id == task_force_id)
    return list(session.scalars(query))


def person_names(session: Session, ids: Collection[int | None]) -> dict[int, str]:
    """The names of these people, by id (unknown ids and None are left out)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    query = select(PersonRow.id, PersonRow.name).where(PersonRow.id.in_(wanted))
    return {ident: name for ident, name in session.execute(query)}


def person_choices(plan: Plan, task_force_id: int | None = None) -> list[PersonChoice]:
    """Everyone in the roster, the task force's members first, each part by name."""
    with plan.store.session() as session:
        team = set(team_people(session, task_force_id)) if task_force_id is not None else set()
        query = select(PersonRow, FunctionRow).join(FunctionRow, FunctionRow.id == PersonRow.function_id)
        choices = [
            PersonChoice(p.id, p.name, f.name, f.colour, p.id in team) for p, f in session.execute(query)
        ]
    return sorted(choices, key=lambda c: (not c.on_team, c.name.casefold()))


def risk_lines(plan: Plan, task_force_id: int) -> list[RiskLine]:
    """The risks of a task force, open ones first and the most exposed at the top."""
    with plan.store.session() as session:
        found = list(session.scalars(select(RiskRow).where(RiskRow.task_force_id == task_force_id)))
        names = person_names(session, [r.owner_id for r in found] + [r.raised_by_id for r in found])
        lines = [
            RiskLine(
                rows.to_record(EntityKind.RISK, r),  # type: ignore[arg-type]
                _name(names, r.owner_id),
                _name(names, r.raised_by_id),
            )
            for r in found
        ]
    return sorted(lines, key=lambda line: line.rank)


def decision_lines(plan: Plan, task_force_id: int) -> list[DecisionLine]:
    """The decisions of a task force, the latest first."""
    with plan.store.session() as session:
        found = list(session.scalars(select(DecisionRow).where(DecisionRow.task_force_id == task_force_id)))
        committed = {d.id: [p.id for p in d.committed] for d in found}
        people = [d.decided_by_id for d in found] + [p for c in committed.values() for p in c]
        names = person_names(session, people)
        lines = [
            DecisionLine(
                rows.to_record(EntityKind.DECISION, d),  # type: ignore[arg-type]
                _name(names, d.decided_by_id),
                tuple(names[p] for p in committed[d.id] if p in names),
            )
            for d in found
        ]
    return sorted(lines, key=_decision_order)


def _decision_order(line: DecisionLine) -> tuple[bool, int, int]:
    decided: date | None = line.record.decided_on
    return (decided is None, -(decided.toordinal() if decided else 0), -line.id)


def _name(names: dict[int, str], ident: Any) -> str:
    return names.get(ident, "") if ident is not None else ""


def question_lines(plan: Plan, task_force_id: int, today: date) -> list[QuestionLine]:
    """The questions of a task force: the most overdue first, then open ones by date, then the answered."""
    with plan.store.session() as session:
        query = select(QuestionRow).where(QuestionRow.task_force_id == task_force_id)
        found = list(session.scalars(query))
        names = person_names(session, [q.asked_by_id for q in found] + [q.answerer_id for q in found])
        lines = [
            QuestionLine(
                rows.to_record(EntityKind.QUESTION, q),  # type: ignore[arg-type]
                _name(names, q.asked_by_id),
                _name(names, q.answerer_id),
                today,
            )
            for q in found
        ]
    return sorted(lines, key=lambda line: line.rank)
