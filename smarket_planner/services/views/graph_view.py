"""The dependency and collaboration graphs of a plan, and where people dragged their nodes.

A graph is shown for one task force or for the whole portfolio; each such graph has a name
(its *view*, e.g. ``"people:task-force:3"``) under which the places of dragged nodes are kept,
as undoable edits like any other.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smarket_planner.analysis.graph_model import GraphKind, GraphPicture
from smarket_planner.analysis.graph_placement import place_picture
from smarket_planner.analysis.model import Finding
from smarket_planner.domain.records import EntityKind, ViewPosition
from smarket_planner.services.actions import rows
from smarket_planner.services.actions.crud import checked_changes, insert_step
from smarket_planner.services.actions.edits import Compound, Outcome, Patch, Remove, Step, apply
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.views.analysis_data import load_plan_data
from smarket_planner.storage.model import TaskForceRow, ViewPositionRow

Place = tuple[float, float]
PORTFOLIO = "portfolio"


def view_name(kind: GraphKind, task_force_id: int | None = None) -> str:
    """The name a graph's dragged places are kept under: its kind and whose it is."""
    whose = PORTFOLIO if task_force_id is None else f"task-force:{task_force_id}"
    return f"{kind.value}:{whose}"


def load_graph(
    plan: Plan,
    kind: GraphKind,
    task_force_ids: Collection[int] | None = None,
    *,
    today: date | None = None,
) -> GraphPicture:
    """One of the four graphs, of the task forces named or of every live one, marked by the analysis."""
    # NetworkX comes in only here, on the thread that reads the graph, not with the window.
    from smarket_planner.analysis.graph_picture import build_picture
    from smarket_planner.analysis.network import bottleneck_findings
    from smarket_planner.analysis.schedule import dependency_cycle_findings

    data = load_plan_data(plan, today=today)
    findings: list[Finding] = []
    if kind is GraphKind.DELIVERABLES:
        findings = dependency_cycle_findings(data)
    elif kind is GraphKind.PEOPLE:
        findings = bottleneck_findings(data)
    title = f"{kind.label} — {plan.title}"
    if task_force_ids is not None and len(task_force_ids) == 1:
        with plan.store.session() as session:
            name = session.scalar(
                select(TaskForceRow.name).where(TaskForceRow.id == next(iter(task_force_ids)))
            )
        title = f"{kind.label} — {name}" if name else title
    return build_picture(data, kind, task_force_ids, findings, title)


def laid_out(
    plan: Plan, kind: GraphKind, task_force_ids: Collection[int] | None = None
) -> tuple[GraphPicture, dict[str, Place]]:
    """A graph and the place of each of its nodes: where it was dragged, else where the layout puts it.

    For one task force or the whole portfolio, the places kept for that graph count; a graph of
    several task forces named together is laid out afresh.
    """
    picture = load_graph(plan, kind, task_force_ids)
    ids = None if task_force_ids is None else sorted(set(task_force_ids))
    kept: dict[str, Place] = {}
    if ids is None or len(ids) == 1:
        view = view_name(kind, ids[0] if ids else None)
        kept = {key: (place.x, place.y) for key, place in kept_places(plan, view).items()}
    return picture, place_picture(picture, kept)


def kept_places(plan: Plan, view: str) -> dict[str, ViewPosition]:
    """Where nodes of a graph were dragged to, by node key."""
    with plan.store.session() as session:
        found = session.scalars(select(ViewPositionRow).where(ViewPositionRow.view == view)).all()
        return {row.node_key: _record(row) for row in found}


def place_nodes(plan: Plan, view: str, places: Mapping[str, Place], label: str = "") -> Outcome[Any]:
    """Keep where nodes of a graph were dragged, as one undo step ("Move 'Launch brief'")."""
    label = label or (f"Move {len(places)} nodes" if len(places) != 1 else "Move a node")

    def build(session: Session, made: list[Step[Any]]) -> list[ViewPosition]:
        kept = {
            row.node_key: row
            for row in session.scalars(
                select(ViewPositionRow).where(
                    ViewPositionRow.view == view, ViewPositionRow.node_key.in_(list(places))
                )
            )
        }
        for key, (x, y) in places.items():
            row = kept.get(key)
            if row is None:
                values = {"view": view, "node_key": key, "x": x, "y": y}
                made.append(insert_step(session, EntityKind.VIEW_POSITION, values, label))
                continue
            changes = checked_changes(session, EntityKind.VIEW_POSITION, row.id, {"x": x, "y": y})
            if changes:
                made.append(Patch(EntityKind.VIEW_POSITION, row.id, changes, label).run(session))
        return [step.value for step in made]

    return apply(plan, Compound(build, label))


def forget_places(plan: Plan, view: str, label: str = "Lay Out the Graph Again") -> Outcome[Any] | None:
    """Forget every dragged place of a graph, as one undo step; None when nothing was kept."""
    with plan.store.session() as session:
        ids = tuple(session.scalars(select(ViewPositionRow.id).where(ViewPositionRow.view == view)))
    if not ids:
        return None
    return apply(plan, Remove(EntityKind.VIEW_POSITION, ids, label))


def _record(row: ViewPositionRow) -> ViewPosition:
    record = rows.to_record(EntityKind.VIEW_POSITION, row)
    assert isinstance(record, ViewPosition)
    return record
