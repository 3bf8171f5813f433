"""Reads and lays out a graph off the GUI thread; the newest request wins, an older one is stopped."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from PySide6.QtCore import QObject

from smarket_planner.analysis.graph_model import GraphKind, GraphPicture
from smarket_planner.analysis.graph_placement import LayoutCancelled, Place, place_picture
from smarket_planner.services import Plan
from smarket_planner.services.views import graph_view
from smarket_planner.ui.kit.background import BackgroundRunner, Cancelled, Progress


@dataclass(frozen=True)
class GraphLayout:
    """A graph read from the plan and laid out: its picture, every node's place, and the kept ones."""

    picture: GraphPicture
    places: dict[str, Place]  # laid out, kept places included
    kept: dict[str, Place]  # where someone dragged nodes to
    fresh: bool = True  # False when only re-read after an edit (keep the view where it is)


def kept_of(plan: Plan, view: str) -> dict[str, Place]:
    """The dragged places of a graph, as plain points."""
    return {key: (spot.x, spot.y) for key, spot in graph_view.kept_places(plan, view).items()}


def lay_out_graph(
    plan: Plan,
    kind: GraphKind,
    task_force_ids: Collection[int] | None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    *,
    fresh: bool = True,
) -> GraphLayout:
    """Read one graph, then place its nodes around the kept ones (may raise LayoutCancelled)."""
    picture = graph_view.load_graph(plan, kind, task_force_ids)
    one = next(iter(task_force_ids)) if task_force_ids is not None and len(task_force_ids) == 1 else None
    kept = kept_of(plan, graph_view.view_name(kind, one))
    if cancelled is not None and cancelled():
        raise LayoutCancelled()
    shares = None if progress is None else in_percent(progress)
    places = place_picture(picture, kept, progress=shares, cancelled=cancelled)
    return GraphLayout(picture, places, kept, fresh)


def in_percent(progress: Progress) -> Callable[[float], None]:
    """A layout's share done, from 0 to 1, passed on as percent."""

    def tell(share: float) -> None:
        progress(round(share * 100), 100)

    return tell


class LayoutRunner(BackgroundRunner):
    """Lays out one graph at a time, keeping the window fluid; a newer request stops the one before."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent, quiet=True, stopped_by=(LayoutCancelled,))
