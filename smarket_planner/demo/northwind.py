"""Make a demo plan: Northwind Analytics and its five task forces, or a synthetic plan at scale."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

from smarket_planner.demo.plan_rows import (
    TRANSACTIONS,
    PlanRows,
    Report,
    Row,
    check_in_value,
    confidence,
    email_local,
    load,
    situation,
)
from smarket_planner.demo.scale import ScalePlan
from smarket_planner.domain.errors import ValidationError
from smarket_planner.domain.fields import defaults
from smarket_planner.domain.records import EntityKind as K
from smarket_planner.storage import PlanStore, create_plan
from smarket_planner.storage.base import Base  # its tables are all known once storage is imported

CHUNK = 10_000
MAX_PEOPLE = 1_000_000
MAX_TASK_FORCES = 100_000
# The share of the progress bar spent drawing up rows; the rest is writing them.
DRAWING = 0.25
STAGES = {
    "function": "functions",
    "person": "people",
    "task_force": "task forces",
    "membership": "memberships",
    "open_role": "open roles",
    "goal": "goals",
    "goal_owner": "goal owners",
    "kpi": "KPIs",
    "kpi_owner": "KPI owners",
    "check_in": "check-ins",
    "activity": "activities",
    "raci_assignment": "RACI assignments",
    "deliverable": "deliverables",
    "dependency": "dependencies",
    "risk": "risks",
    "decision": "decisions",
    "decision_commitment": "commitments",
    "question": "questions",
    "lesson": "lessons",
    "lesson_function": "the functions of lessons",
    "credit": "credits",
}
CADENCE = {"daily": 7, "weekly": 7, "biweekly": 14, "monthly": 28}
DATES = frozenset({"start_date", "end_date", "due_date", "raised_on", "decided_on", "finished_on"}) | {
    *("due_on", "answered_on", "recorded_on")
}


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What a demo plan holds and how long it took to make."""

    path: Path
    counts: dict[str, int]  # table name -> rows written
    seconds: float


def _count(value: object, field: str, words: str, limit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= limit:
        raise ValidationError(field, f"The number of {words} must be a whole number from 1 to {limit:,}.")
    return value


def plan_size(people: int | None, task_forces: int | None) -> tuple[int, int]:
    """How many people and task forces a scale plan gets, from what was asked for."""
    if people is not None:
        people = _count(people, "people", "people", MAX_PEOPLE)
    if task_forces is not None:
        task_forces = _count(task_forces, "task_forces", "task forces", MAX_TASK_FORCES)
    if people is None:
        people = (task_forces or 1) * 10
    return people, task_forces or max(1, people // 10)


def generate_demo(
    path: Path,
    *,
    people: int | None = None,
    task_forces: int | None = None,
    seed: int = 7,
    force: bool = False,
    today: date | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> DemoSummary:
    """Make a new plan file holding the demo company, or a synthetic plan of the size asked."""
    began = time.perf_counter()
    scale = people is not None or task_forces is not None
    size = plan_size(people, task_forces) if scale else (0, 0)
    report = progress or (lambda _stage, _fraction: None)
    rows = PlanRows(today or date.today())
    title = f"Scale plan: {size[0]:,} people, {size[1]:,} task forces" if scale else ""
    store = create_plan(path, title=title or load("company.json")["plan_title"], force=force)
    try:
        report("Drawing up the plan", 0.0)
        if scale:
            ScalePlan(rows, Random(seed), report).build(*size)
        else:
            DemoPlan(rows, Random(seed)).build()
        counts = _write(store, rows, report)
    except BaseException:
        store.close()  # a half-made plan is worse than none
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    store.close()
    report("Done", 1.0)
    return DemoSummary(path, counts, time.perf_counter() - began)


def _write(store: PlanStore, rows: PlanRows, report: Report) -> dict[str, int]:
    """Insert every row in bulk, a few tables per transaction; return the rows per table."""
    total = max(1, sum(len(batch) for batch in rows.tables.values()))
    written = 0
    counts: dict[str, int] = {}
    for group in TRANSACTIONS:
        with store.engine.begin() as connection:
            for name in group:
                table = Base.metadata.tables[name]
                batch = rows.tables[name]
                for first in range(0, len(batch), CHUNK):
                    connection.execute(table.insert(), batch[first : first + CHUNK])
                counts[name] = len(batch)
                written += len(batch)
                report(f"Writing {STAGES[name]}", DRAWING + (1 - DRAWING) * written / total)
    return counts


class DemoPlan:
    """Northwind Analytics: about 40 people and five task forces, with problems planted."""

    def __init__(self, rows: PlanRows, rng: Random) -> None:
        self.rows, self.rng = rows, rng
        self.function_ids: dict[str, int] = {}
        self.people: dict[str, int] = {}
        self.task_forces: dict[str, int] = {}
        self.deliverables: dict[str, int] = {}
        self.notes: dict[str, list[str]] = {}

    def build(self) -> None:
        """Draw up the company, its task forces and the work between them."""
        company = load("company.json")
        story = load("task_forces.json")
        self.notes = story["check_in_notes"]
        self.function_ids = self.rows.add_functions()
        for person in company["people"]:
            local = person.get("email") or email_local(person["name"])
            self.people[person["key"]] = self.rows.add(
                "person",
                name=person["name"],
                function_id=self.function_ids[person["function"]],
                title=person["title"],
                email=f"{local}@{company['email_domain']}",
                location=person["location"],
                capacity_pct=float(person.get("capacity", 100)),
                skills=person.get("skills", ""),
            )
        for task_force in story["task_forces"]:
            self._task_force(task_force)
        for upstream, downstream, kind in story["cross_dependencies"]:
            self._dependency(upstream, downstream, kind)

    def _columns(self, spec: dict[str, Any], *skip: str) -> Row:
        """A row from a spec: people named by key and dates given as days from today resolved."""
        row: Row = {}
        for name, value in spec.items():
            if name in skip:
                continue
            if name.endswith("_id") and isinstance(value, str):
                value = self.people[value]
            elif name in DATES and isinstance(value, int):
                value = self.rows.day(value)
            row[name] = value
        return row

    def _task_force(self, spec: dict[str, Any]) -> None:
        start, end = self.rows.day(spec["start"]), self.rows.day(spec["end"])
        rhythm = spec["rhythm"]
        task_force = self.rows.add(
            "task_force",
            name=spec["name"],
            kind=spec["kind"],
            status=spec["status"],
            objective=spec["objective"],
            why=spec["why"],
            sponsor_id=self.people[spec["sponsor"]],
            lead_id=self.people[spec["lead"]],
            start_date=start,
            end_date=end,
            rhythm_frequency=rhythm["frequency"],
            rhythm_weekday=rhythm["weekday"],
            rhythm_time=rhythm["time"],
            rhythm_label=rhythm["label"],
            reformed_from_id=self.task_forces.get(spec.get("reformed_from", "")),
        )
        self.task_forces[spec["key"]] = task_force
        for key, role, allocation, *dates in spec["members"]:
            self.rows.add(
                "membership",
                task_force_id=task_force,
                person_id=self.people[key],
                role=role,
                allocation_pct=float(allocation),
                start_date=self.rows.day(dates[0]) if dates else start,
                end_date=self.rows.day(dates[1]) if dates else end,
            )
        self._open_roles(task_force, spec)
        history = spec["status"] in ("active", "dispersed")
        for goal in spec["goals"]:
            goal_id = self.rows.add("goal", **self._columns(goal, "owners", "kpis"), task_force_id=task_force)
            for name in goal["owners"]:
                self.rows.link("goal_owner", goal_id=goal_id, function_id=self.function_ids[name])
            for kpi in goal["kpis"]:
                self._kpi(goal_id, kpi, start, end, rhythm if history else None)
        self._activities(task_force, spec["activities"])
        self._work(task_force, spec)

    def _open_roles(self, task_force: int, spec: dict[str, Any]) -> None:
        """The places a task force still has to staff, each with the function it needs by name."""
        for role in spec.get("open_roles", ()):
            # Every row names every column: the rows of a table are written together.
            row = {**defaults(K.OPEN_ROLE), **self._columns(role, "function"), "task_force_id": task_force}
            self.rows.add("open_role", **row, function_id=self.function_ids[role["function"]])

    def _kpi(self, goal_id: int, kpi: dict[str, Any], start: date, end: date, rhythm: Any) -> None:
        row = self._columns(kpi, "owners", "trend", "decimals")
        row.setdefault("start_date", start)
        row.setdefault("due_date", end)
        kpi_id = self.rows.add("kpi", **row, goal_id=goal_id)
        for name in kpi["owners"]:
            self.rows.link("kpi_owner", kpi_id=kpi_id, function_id=self.function_ids[name])
        if rhythm is None:
            return
        # Check-ins on meeting days, from the KPI's start until today or its due date.
        kpi_start, due = row["start_date"], row["due_date"]
        assert isinstance(kpi_start, date) and isinstance(due, date)
        trend, decimals = float(kpi.get("trend", 1.0)), int(kpi.get("decimals", 0))
        notes = self.notes[situation(trend)]
        length = max(1, (due - kpi_start).days)
        day = kpi_start + timedelta(days=(rhythm["weekday"] - kpi_start.weekday()) % 7 or 7)
        while day <= min(due, self.rows.today):
            elapsed = (day - kpi_start).days / length
            self.rows.add(
                "check_in",
                kpi_id=kpi_id,
                checked_on=day,
                value=check_in_value(self.rng, kpi["baseline"], kpi["target"], elapsed, trend, decimals),
                confidence=confidence(self.rng, trend),
                note=self.rng.choice(notes) if self.rng.random() < 0.3 else "",
            )
            day += timedelta(days=CADENCE[rhythm["frequency"]])

    def _activities(self, task_force: int, activities: list[dict[str, Any]]) -> None:
        for activity in activities:
            activity_id = self.rows.add(
                "activity", **self._columns(activity, "raci"), task_force_id=task_force
            )
            for holder, letter in activity["raci"]:
                person = holder.startswith("@")
                self.rows.add(
                    "raci_assignment",
                    activity_id=activity_id,
                    letter=letter,
                    function_id=None if person else self.function_ids[holder],
                    person_id=self.people[holder[1:]] if person else None,
                )

    def _work(self, task_force: int, spec: dict[str, Any]) -> None:
        """Deliverables and their dependencies, risks and decisions of one task force."""
        for item in spec["deliverables"]:
            row = self._columns(item, "key")
            row["due_date"] = self.rows.day(item["start_date"] + item["duration_days"])
            row.setdefault("finished_on", None)  # every row names every column (they are written together)
            key = f"{spec['key']}/{item['key']}"
            self.deliverables[key] = self.rows.add("deliverable", **row, task_force_id=task_force)
        for upstream, downstream, kind in spec["dependencies"]:
            self._dependency(f"{spec['key']}/{upstream}", f"{spec['key']}/{downstream}", kind)
        for risk in spec["risks"]:
            self.rows.add("risk", **self._columns(risk), task_force_id=task_force)
        for decision in spec["decisions"]:
            row = {"standing": "in_force", **self._columns(decision, "committed")}
            decision_id = self.rows.add("decision", **row, task_force_id=task_force)
            for key in decision["committed"]:
                self.rows.link("decision_commitment", decision_id=decision_id, person_id=self.people[key])
        self._learning(task_force, spec)

    def _learning(self, task_force: int, spec: dict[str, Any]) -> None:
        """The open questions of a task force, and the lessons and credits of its review."""
        # Every row names every column: the rows of a table are written together.
        for question in spec.get("questions", ()):
            row = {**defaults(K.QUESTION), **self._columns(question), "task_force_id": task_force}
            self.rows.add("question", **row)
        for lesson in spec.get("lessons", ()):
            row = {**defaults(K.LESSON), **self._columns(lesson, "functions"), "task_force_id": task_force}
            del row["function_ids"]
            lesson_id = self.rows.add("lesson", **row)
            for name in lesson["functions"]:
                self.rows.link("lesson_function", lesson_id=lesson_id, function_id=self.function_ids[name])
        for credit in spec.get("credits", ()):
            row = {**defaults(K.CREDIT), **self._columns(credit, "function"), "task_force_id": task_force}
            if "function" in credit:
                row["function_id"] = self.function_ids[credit["function"]]
            self.rows.add("credit", **row)

    def _dependency(self, upstream: str, downstream: str, kind: str) -> None:
        self.rows.add(
            "dependency",
            upstream_id=self.deliverables[upstream],
            downstream_id=self.deliverables[downstream],
            kind=kind,
        )
