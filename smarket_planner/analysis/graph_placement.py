"""Where each node of a graph picture goes on screen or paper, in points at full size.

Work handed on (deliverables, task forces) is laid out in layers, upstream on the left;
people and functions who work together are laid out by forces, so that close collaborators
sit close. Places a person dragged nodes to are kept; the others are laid out around them.

>>> places = place_picture(picture)
>>> places["deliverable:2"]
(0.0, 62.0)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from smarket_planner.analysis.graph_model import GraphPicture, LayoutCancelled

Place = tuple[float, float]

# The size of a box in the layered graphs and the room between boxes, in points.
BOX_W, BOX_H = 160.0, 50.0
LAYER_GAP, SLOT_GAP = 44.0, 14.0
# The distance between two collaborators joined by a typical link, in points.
NETWORK_SPACING = 120.0

__all__ = ["BOX_H", "BOX_W", "LayoutCancelled", "Place", "place_picture"]


def place_picture(
    picture: GraphPicture,
    kept: Mapping[str, Place] | None = None,
    *,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, Place]:
    """The centre of every node: kept places as they are, the rest laid out (may raise LayoutCancelled)."""
    # NetworkX and the layouts come in only here, on the thread that lays the graph out.
    from smarket_planner.analysis.force_layout import force_layout
    from smarket_planner.analysis.layout import layered_layout

    kept = dict(kept or {})
    graph = picture.topology()
    if picture.directed:
        layout = layered_layout(graph)
        places = {
            str(key): (layer * (BOX_W + LAYER_GAP), slot * (BOX_H + SLOT_GAP))
            for key, (layer, slot) in layout.positions.items()
        }
        if progress is not None:
            progress(1.0)
    else:
        unit = force_layout(graph, progress=progress, cancelled=cancelled)
        places = {str(key): (x * NETWORK_SPACING, y * NETWORK_SPACING) for key, (x, y) in unit.items()}
    places.update((key, place) for key, place in kept.items() if key in places)
    return places
