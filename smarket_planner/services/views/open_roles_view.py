"""The places on task forces still to be staffed, as the Team tab, the portfolio and the charter show them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from smarket_planner.domain.enums import LifecycleStatus, MembershipRole
from smarket_planner.domain.records import split_tags
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.views.staffing_view import RESTING, percent, search_key
from smarket_planner.storage.model import FunctionRow, OpenRoleRow, TaskForceRow


@dataclass(frozen=True, slots=True)
class OpenRoleView:
    """An open role with its task force and function by name, and the days it runs."""

    id: int
    task_force_id: int
    task_force_name: str
    status: LifecycleStatus  # the task force's: proposed and forming teams book in pencil
    function_id: int
    function_name: str
    function_colour: str
    title: str
    role: MembershipRole
    allocation_pct: float
    start_date: date | None  # its own dates, as entered
    end_date: date | None
    first_day: date | None  # the days it runs: its own, else the task force's
    last_day: date | None
    skills: tuple[str, ...]
    note: str
    version: int  # the open role's, for an edit, removal or fill made on what was seen

    @property
    def pencilled(self) -> bool:
        """Whether it is tentative: its task force is proposed or forming."""
        return self.status.pencilled

    @property
    def name(self) -> str:
        """What the role is called, else the function it needs: "Solutions engineer", "a PR person"."""
        return self.title or f"someone from {self.function_name}"

    @property
    def summary(self) -> str:
        """The role in one line: "Solutions engineer (Sales) at 50%"."""
        return (
            f"{self.name[0].upper()}{self.name[1:]} ({self.function_name}) at {percent(self.allocation_pct)}"
        )


def open_roles(
    plan: Plan, *, task_force_id: int | None = None, include_resting: bool = False
) -> list[OpenRoleView]:
    """Open roles of one task force or of every live one, by task force, then start, then name."""
    query = (
        select(
            OpenRoleRow,
            TaskForceRow.name,
            TaskForceRow.status,
            func.coalesce(OpenRoleRow.start_date, TaskForceRow.start_date),
            func.coalesce(OpenRoleRow.end_date, TaskForceRow.end_date),
            FunctionRow.name,
            FunctionRow.colour,
        )
        .join(TaskForceRow, TaskForceRow.id == OpenRoleRow.task_force_id)
        .join(FunctionRow, FunctionRow.id == OpenRoleRow.function_id)
    )
    if task_force_id is not None:
        query = query.where(OpenRoleRow.task_force_id == task_force_id)
    elif not include_resting:
        query = query.where(TaskForceRow.status.not_in(RESTING))
    with plan.store.session() as session:
        found = [
            OpenRoleView(
                role.id,
                role.task_force_id,
                team,
                LifecycleStatus(status),
                role.function_id,
                function,
                colour,
                role.title,
                MembershipRole(role.role),
                role.allocation_pct,
                role.start_date,
                role.end_date,
                _as_date(first),
                _as_date(last),
                split_tags(role.skills),
                role.note,
                role.version,
            )
            for role, team, status, first, last, function, colour in session.execute(query)
        ]
    return sorted(found, key=_order)


def _order(role: OpenRoleView) -> tuple[str, int, date, str, int]:
    return (
        search_key(role.task_force_name),
        role.task_force_id,
        role.first_day or date.max,
        search_key(role.name),
        role.id,
    )


def _as_date(value: object) -> date | None:
    """A date from COALESCE, which SQLite hands back as ISO text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
