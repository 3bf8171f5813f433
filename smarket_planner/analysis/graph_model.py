"""What a drawn graph is made of: its kind, nodes and links, named by stable keys (no graph library).

The window, the exports and the charter draw a ``GraphPicture``; ``graph_picture`` builds one
from the plan with NetworkX, which is imported only then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from smarket_planner.domain.records import EntityKind

if TYPE_CHECKING:
    import networkx as nx

NEUTRAL = "#8c8c8c"  # a node no function colours: an unowned deliverable, a task force


class GraphKind(StrEnum):
    """Which of the four graphs: deliverables, task forces, functions or people."""

    DELIVERABLES = "deliverables"
    TASK_FORCES = "task-forces"
    FUNCTIONS = "functions"
    PEOPLE = "people"

    @property
    def label(self) -> str:
        """The graph as a manager names it."""
        return {
            "deliverables": "Deliverables",
            "task-forces": "Task forces",
            "functions": "Functions",
            "people": "People",
        }[self.value]

    @property
    def directed(self) -> bool:
        """Whether its links run one way (work handed on) rather than both (working together)."""
        return self in (GraphKind.DELIVERABLES, GraphKind.TASK_FORCES)


class LinkKind(StrEnum):
    """What a link stands for."""

    BLOCKING = "blocking"  # the next cannot start before this ends
    NON_BLOCKING = "non_blocking"  # it informs
    HAND_OFF = "hand_off"  # work handed from one function to another
    CROSS_TEAM = "cross_team"  # task forces joined by their deliverables' dependencies
    COLLABORATION = "collaboration"  # functions or people who work together

    @property
    def label(self) -> str:
        """The kind as a manager says it."""
        return {
            "blocking": "Blocking",
            "non_blocking": "Non-blocking",
            "hand_off": "Hand-off",
            "cross_team": "Work across task forces",
            "collaboration": "Working together",
        }[self.value]


@dataclass(frozen=True)
class GraphNode:
    """One box or disc of a graph: what it stands for, its words, colour and marks."""

    key: str  # "deliverable:12": the entity kind and id (a large team in the people graph: "task_force:3")
    entity: EntityKind
    ident: int
    label: str
    detail: str = ""  # a second line: owner and due date, function, number of people
    colour: str = NEUTRAL  # the function's colour, "#rrggbb"
    function_id: int | None = None
    function: str = ""
    task_force_id: int | None = None
    task_force: str = ""
    status: str = ""  # the enum value of a deliverable's or task force's status
    start: date | None = None
    due: date | None = None
    size: float = 1.0  # people on a team or in a function: bigger discs for more
    external: bool = False  # another task force's work, shown because the team's work links to it
    critical: bool = False  # on a critical path
    in_cycle: bool = False  # in a loop of dependencies that order the work (blocking, hand-off)
    bottleneck: bool = False  # a person much of the collaboration runs through
    single_point: bool = False  # a person whose absence splits a team's work
    facts: tuple[tuple[str, str], ...] = ()  # what the tooltip lists, in order

    @property
    def done(self) -> bool:
        """Whether the work is finished or dropped (drawn quieter)."""
        return self.status in ("done", "cancelled", "dispersed", "archived")


@dataclass(frozen=True)
class GraphLink:
    """One arrow or line between two nodes."""

    source: str
    target: str
    kind: LinkKind
    weight: float = 1.0  # how strong: links between two task forces, pairs of people working together
    critical: bool = False
    in_cycle: bool = False
    label: str = ""  # what the link stands for, in words

    @property
    def key(self) -> tuple[str, str]:
        """The two ends."""
        return self.source, self.target


@dataclass(frozen=True)
class GraphPicture:
    """A whole graph, ready to lay out, draw or write to a file."""

    kind: GraphKind
    title: str
    nodes: tuple[GraphNode, ...]
    links: tuple[GraphLink, ...]

    @property
    def directed(self) -> bool:
        """Whether its links run one way."""
        return self.kind.directed

    def node(self, key: str) -> GraphNode:
        """The node with this key."""
        return self._index()[key]

    def _index(self) -> dict[str, GraphNode]:
        index: dict[str, GraphNode] | None = self.__dict__.get("_by_key")
        if index is None:
            index = {node.key: node for node in self.nodes}
            object.__setattr__(self, "_by_key", index)
        return index

    def topology(self) -> nx.Graph:
        """The bare graph of node keys, with link weights, for layouts and searches up or down."""
        import networkx as nx  # only once a graph is laid out or searched

        graph: nx.Graph = nx.DiGraph() if self.directed else nx.Graph()
        graph.add_nodes_from(node.key for node in self.nodes)
        for link in self.links:
            graph.add_edge(link.source, link.target, weight=link.weight)
        return graph


def node_key(entity: EntityKind, ident: int) -> str:
    """The key of the node that stands for a thing."""
    return f"{entity.value}:{ident}"


class LayoutCancelled(Exception):
    """The person asked to stop laying the graph out."""
