"""Staffing actions: putting a person in an open role, as one undoable step."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from smarket_planner.analysis.plan_index import LIVE
from smarket_planner.domain.enums import LifecycleStatus
from smarket_planner.domain.errors import LifecycleError
from smarket_planner.domain.records import EntityKind, Membership, OpenRole
from smarket_planner.services.actions import rows, versions
from smarket_planner.services.actions.crud import insert_step
from smarket_planner.services.actions.edits import Compound, Outcome, Remove, Step, apply
from smarket_planner.services.actions.plan import Plan

K = EntityKind
FILL_LABEL = "Fill open role"


def fill_open_role(
    plan: Plan, open_role_id: int, person_id: int, *, seen: int | None = None
) -> Outcome[Membership]:
    """Put a person in an open role: on the team in its role, at its share and on its own dates, and
    the role gone, in one undo step (which puts the role back as it was, under the same number).

    Refused if someone changed the role since the user saw version ``seen``, if the person is
    on the team already, or if the task force is dispersed or archived.
    """

    def build(session: Session, made: list[Step[Any]]) -> Membership:
        role = rows.to_record(K.OPEN_ROLE, versions.check_seen(session, K.OPEN_ROLE, open_role_id, seen))
        assert isinstance(role, OpenRole)
        team = rows.load_row(session, K.TASK_FORCE, role.task_force_id)
        status = LifecycleStatus(team.status)
        if status not in LIVE:
            raise LifecycleError(
                f"'{team.name}' is {status.label.lower()}, so its open roles can no longer be filled."
            )
        values = {
            "task_force_id": role.task_force_id,
            "person_id": person_id,
            "role": role.role,
            "allocation_pct": role.allocation_pct,
            "start_date": role.start_date,
            "end_date": role.end_date,
        }
        made.append(insert_step(session, K.MEMBERSHIP, values, FILL_LABEL))
        made.append(Remove(K.OPEN_ROLE, (open_role_id,), FILL_LABEL).run(session))
        member: Membership = made[0].value
        return member

    return apply(plan, Compound(build, FILL_LABEL))
