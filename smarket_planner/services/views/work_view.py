"""Who does what in a task force: its RACI grid, and its deliverables with what they depend on."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from smarket_planner.domain.enums import DependencyKind, RaciLetter
from smarket_planner.domain.records import Deliverable, EntityKind
from smarket_planner.services.actions import rows
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.views.log_view import person_names, team_people
from smarket_planner.storage.model import (
    ActivityRow,
    DeliverableRow,
    DependencyRow,
    FunctionRow,
    PersonRow,
    RaciRow,
    TaskForceRow,
)


@dataclass(frozen=True, slots=True)
class RaciHolder:
    """A column of the RACI grid: a function, or a person in "by person" mode."""

    id: int
    name: str
    colour: str
    is_person: bool
    on_team: bool
    function_name: str = ""


@dataclass(frozen=True, slots=True)
class RaciLine:
    """A row of the RACI grid: an activity and the letter each holder has on it."""

    id: int
    name: str
    description: str
    letters: tuple[tuple[int, RaciLetter], ...]  # (holder id, letter), only the cells that are set
    accountable: tuple[str, ...]  # everyone with an A, functions and people alike
    responsible: tuple[str, ...]
    version: int  # the activity's, for an edit or removal made on what was seen

    def letter(self, holder_id: int) -> RaciLetter | None:
        """The letter a holder has on this activity, if any."""
        return dict(self.letters).get(holder_id)

    @property
    def problem(self) -> str:
        """What is wrong with this activity's RACI, in a sentence, or "" if nothing."""
        if not self.accountable:
            return f"No one is accountable for {self.name}."
        if len(self.accountable) > 1:
            names = ", ".join(self.accountable)
            return f"{len(self.accountable)} are accountable for {self.name} ({names}): there should be one."
        if not self.responsible:
            return f"No one is responsible for {self.name}."
        return ""


@dataclass(frozen=True, slots=True)
class RaciGrid:
    """The RACI grid of one task force: holders across, activities down."""

    task_force_id: int
    by_person: bool
    holders: tuple[RaciHolder, ...]
    lines: tuple[RaciLine, ...]


@dataclass(frozen=True, slots=True)
class UpstreamLink:
    """A deliverable that another one depends on, possibly in another task force."""

    dependency_id: int
    deliverable_id: int
    title: str
    task_force_id: int
    task_force_name: str
    kind: DependencyKind
    other_team: bool
    version: int  # the link's, for an edit or removal made on what was seen

    @property
    def id(self) -> int:
        """The link's id (the dependency's, not the deliverable's)."""
        return self.dependency_id

    @property
    def shown(self) -> str:
        """The title, with the other task force named when it is not this one."""
        return f"{self.title} ({self.task_force_name})" if self.other_team else self.title


@dataclass(frozen=True, slots=True)
class DeliverableLine:
    """A deliverable of a task force, with its owner's name and what it depends on."""

    record: Deliverable
    owner_name: str
    upstream: tuple[UpstreamLink, ...]

    @property
    def id(self) -> int:
        """The deliverable's id."""
        return self.record.id


@dataclass(frozen=True, slots=True)
class DeliverableChoice:
    """A deliverable anywhere in the plan, as offered when picking what another depends on."""

    id: int
    title: str
    task_force_id: int
    task_force_name: str
    owner_name: str
    linked: bool  # already upstream of the deliverable being edited


def raci_grid(plan: Plan, task_force_id: int, *, by_person: bool = False) -> RaciGrid:
    """The RACI grid of a task force, by function (those on the team first) or by team member."""
    with plan.store.session() as session:
        rows.load_row(session, EntityKind.TASK_FORCE, task_force_id)
        functions = {f.id: f for f in session.scalars(select(FunctionRow).order_by(FunctionRow.id))}
        team = team_people(session, task_force_id)
        activities = list(
            session.scalars(
                select(ActivityRow).where(ActivityRow.task_force_id == task_force_id).order_by(ActivityRow.id)
            )
        )
        cells = list(
            session.scalars(
                select(RaciRow)
                .where(RaciRow.activity_id.in_([a.id for a in activities]))
                .order_by(RaciRow.id)
            )
        )
        people_ids = set(team) | {c.person_id for c in cells if c.person_id is not None}
        people = {p.id: p for p in session.scalars(select(PersonRow).where(PersonRow.id.in_(people_ids)))}
        holders = (
            _people_holders(people, functions, team)
            if by_person
            else _function_holders(functions, {people[p].function_id for p in team})
        )
        lines = []
        for activity in activities:
            mine = [c for c in cells if c.activity_id == activity.id]
            letters = tuple(
                (c.person_id if by_person else c.function_id, c.letter)
                for c in mine
                if (c.person_id if by_person else c.function_id) is not None
            )

            def who(cell: RaciRow) -> str:
                if cell.function_id is not None:
                    return functions[cell.function_id].name
                return people[cell.person_id].name if cell.person_id in people else "someone"

            lines.append(
                RaciLine(
                    activity.id,
                    activity.name,
                    activity.description,
                    letters,  # type: ignore[arg-type]
                    tuple(who(c) for c in mine if c.letter is RaciLetter.ACCOUNTABLE),
                    tuple(who(c) for c in mine if c.letter is RaciLetter.RESPONSIBLE),
                    activity.version,
                )
            )
        return RaciGrid(task_force_id, by_person, tuple(holders), tuple(lines))


def _function_holders(functions: dict[int, FunctionRow], on_team: set[int]) -> list[RaciHolder]:
    holders = [RaciHolder(f.id, f.name, f.colour, False, f.id in on_team) for f in functions.values()]
    return sorted(holders, key=lambda h: not h.on_team)  # stable: plan order within each part


def _people_holders(
    people: dict[int, PersonRow], functions: dict[int, FunctionRow], team: list[int]
) -> list[RaciHolder]:
    order = list(functions)
    holders = []
    for person in people.values():
        function = functions[person.function_id]
        holders.append(
            RaciHolder(person.id, person.name, function.colour, True, person.id in team, function.name)
        )
    # Team members first, grouped by function in plan order, then by name.
    return sorted(holders, key=lambda h: (not h.on_team, order.index(people[h.id].function_id), h.name))


def deliverable_lines(plan: Plan, task_force_id: int) -> list[DeliverableLine]:
    """The deliverables of a task force, earliest start first, with what each depends on."""
    with plan.store.session() as session:
        found = list(
            session.scalars(
                select(DeliverableRow)
                .where(DeliverableRow.task_force_id == task_force_id)
                .order_by(DeliverableRow.start_date.is_(None), DeliverableRow.start_date, DeliverableRow.id)
            )
        )
        owners = person_names(session, [d.owner_id for d in found])
        upstream: dict[int, list[UpstreamLink]] = {d.id: [] for d in found}
        query = (
            select(DependencyRow, DeliverableRow, TaskForceRow.name)
            .join(DeliverableRow, DeliverableRow.id == DependencyRow.upstream_id)
            .join(TaskForceRow, TaskForceRow.id == DeliverableRow.task_force_id)
            .where(DependencyRow.downstream_id.in_(list(upstream)))
            .order_by(DependencyRow.id)
        )
        for link, source, team_name in session.execute(query):
            upstream[link.downstream_id].append(
                UpstreamLink(
                    link.id,
                    source.id,
                    source.title,
                    source.task_force_id,
                    team_name,
                    link.kind,
                    source.task_force_id != task_force_id,
                    link.version,
                )
            )
        return [
            DeliverableLine(
                rows.to_record(EntityKind.DELIVERABLE, d),  # type: ignore[arg-type]
                owners.get(d.owner_id, "") if d.owner_id is not None else "",
                tuple(upstream[d.id]),
            )
            for d in found
        ]


def upstream_candidates(plan: Plan, downstream_id: int, text: str = "") -> list[DeliverableChoice]:
    """Deliverables of every task force that ``downstream_id`` could depend on, matching ``text``."""
    words = text.casefold().split()
    with plan.store.session() as session:
        target = rows.load_row(session, EntityKind.DELIVERABLE, downstream_id)
        linked = set(
            session.scalars(
                select(DependencyRow.upstream_id).where(DependencyRow.downstream_id == downstream_id)
            )
        )
        query = (
            select(DeliverableRow, TaskForceRow.name)
            .join(TaskForceRow, TaskForceRow.id == DeliverableRow.task_force_id)
            .where(DeliverableRow.id != downstream_id)
        )
        found = list(session.execute(query))
        owners = person_names(session, [d.owner_id for d, _ in found])
    choices = [
        DeliverableChoice(
            d.id,
            d.title,
            d.task_force_id,
            team_name,
            owners.get(d.owner_id, "") if d.owner_id is not None else "",
            d.id in linked,
        )
        for d, team_name in found
    ]
    if words:
        choices = [
            c
            for c in choices
            if all(w in f"{c.title} {c.task_force_name} {c.owner_name}".casefold() for w in words)
        ]
    # The deliverable's own task force first, then the others by name.
    own = target.task_force_id
    return sorted(
        choices, key=lambda c: (c.task_force_id != own, c.task_force_name.casefold(), c.title.casefold())
    )
