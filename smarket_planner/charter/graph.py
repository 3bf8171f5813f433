"""The dependency graph as vector drawing: boxes per deliverable, the critical path, pages if it is big."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import networkx as nx
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from smarket_planner.analysis.graphs import work_graph
from smarket_planner.analysis.layout import LayeredLayout, layered_layout
from smarket_planner.analysis.plan_index import day, number
from smarket_planner.charter.model import CharterContent
from smarket_planner.charter.sections_team import heading
from smarket_planner.charter.styles import BAD, CRITICAL, INK, MUTED, RULE, colour_of, para, rich, styles
from smarket_planner.charter.text import clean, plain_text
from smarket_planner.domain.records import Deliverable

NODE_W, NODE_H = 108.0, 38.0  # a deliverable's box, in points at full size
COLUMN_GAP, ROW_GAP = 26.0, 12.0
MIN_SCALE = 0.8  # never smaller: 7 pt labels stay above 5.5 pt
ROOM_FOR_TEXT = 110.0  # heading, legend and the critical path line around the drawing
STUB, STUB_LABEL = 20.0, 80.0  # a link to another part: its stub, and room for the name beside it
STUB_STEP = 15.0  # several links leaving one box fan out this far apart
_DONE = colors.HexColor("#eef5ee")


@dataclass(frozen=True)
class _Box:
    """One deliverable as drawn: where, in which colours, with which words."""

    node: Hashable
    ident: int
    x: float
    y: float  # top edge, from the top of the drawing
    label: _Label
    detail: _Label
    band: Any
    critical: bool
    external: bool
    done: bool


def _graph(content: CharterContent) -> nx.DiGraph:
    """The deliverables (own first, by start) and the dependencies between them."""
    return work_graph(content.deliverables, content.dependencies, first_team={content.task_force.id})


class _Label:
    """A few lines of plain text set straight on the canvas: quicker than a paragraph for a box."""

    def __init__(self, lines: list[str], style: str) -> None:
        self.lines, self.style = lines, styles()[style]
        self.text = " ".join(lines)

    def height(self) -> float:
        """How tall the lines are."""
        return float(self.style.leading * len(self.lines))

    def draw(self, canvas: Any, x: float, top: float) -> None:
        """Set the lines from ``top`` down."""
        canvas.setFont(self.style.fontName, self.style.fontSize)
        canvas.setFillColor(self.style.textColor)
        for index, line in enumerate(self.lines):
            canvas.drawString(x, top - self.style.fontSize - index * self.style.leading, line)


class _RichLabel(_Label):
    """A label that needs a paragraph: a second font, shaping, or wrapping between characters."""

    def __init__(self, paragraph: Paragraph, width: float) -> None:
        self.paragraph, self.width = paragraph, width
        self.text = str(paragraph.getPlainText())

    def height(self) -> float:
        return float(self.paragraph.wrap(self.width, 1e6)[1])

    def draw(self, canvas: Any, x: float, top: float) -> None:
        self.paragraph.drawOn(canvas, x, top - self.height())


def _label(text: str, style: str, width: float, lines: int) -> _Label:
    """Text for a box, cut short with an ellipsis to ``lines`` lines of ``width``."""
    text = " ".join(clean(text).split())
    if plain_text(text):
        font = styles()[style]
        found = simpleSplit(text, font.fontName, font.fontSize, width)
        if len(found) > lines:
            last = found[lines - 1]
            while last and stringWidth(last + "\u2026", font.fontName, font.fontSize) > width:
                last = last[:-1]
            found = [*found[: lines - 1], last.rstrip() + "\u2026"]
        return _Label(found, style)
    return _RichLabel(_clipped(text, style, width, lines), width)


def _clipped(text: str, style: str, width: float, lines: int) -> Paragraph:
    """A paragraph cut short with an ellipsis so it fits ``lines`` lines of ``width``."""
    paragraph = para(text, style)
    size = styles()[style]
    limit = size.leading * lines + 0.1
    if paragraph.wrap(width, 1e6)[1] <= limit:
        return paragraph
    low, high = 1, len(text)
    while low < high:  # the longest cut that still fits
        middle = (low + high + 1) // 2
        if para(text[:middle] + "\u2026", style).wrap(width, 1e6)[1] <= limit:
            low = middle
        else:
            high = middle - 1
    return para(text[:low].rstrip() + "\u2026", style)


def _boxes(content: CharterContent, layout: LayeredLayout) -> dict[Hashable, _Box]:
    """Every deliverable's box at its place in the layout."""
    items: dict[int, Deliverable] = {item.id: item for item in content.deliverables}
    critical = set(content.critical_path)
    boxes: dict[Hashable, _Box] = {}
    for node, (layer, slot) in layout.positions.items():
        item = items[int(node)]  # type: ignore[call-overload]
        owner = content.people.get(item.owner_id) if item.owner_id is not None else None
        function = content.functions.get(owner.function_id) if owner else None
        external = item.task_force_id != content.task_force.id
        parts = [content.team_names.get(item.task_force_id, "another task force")] if external else []
        parts += [owner.name if owner else "no owner"]
        if item.due_date:
            parts.append(f"due {day(item.due_date)}")
        else:
            parts.append(f"{number(item.duration_days)} days")
        boxes[node] = _Box(
            node=node,
            ident=item.id,
            x=layer * (NODE_W + COLUMN_GAP),
            y=slot * (NODE_H + ROW_GAP),
            label=_label(item.title, "node", NODE_W - 10, 2),
            detail=_label(" \u00b7 ".join(parts), "node_detail", NODE_W - 10, 1),
            band=colour_of(function.colour if function else None, RULE),
            critical=item.id in critical,
            external=external,
            done=item.status.value in ("done", "cancelled"),
        )
    return boxes


class GraphDrawing(Flowable):  # type: ignore[misc]
    """Part of the dependency graph (some layers and slots), drawn to scale with its links."""

    def __init__(
        self,
        layout: LayeredLayout,
        boxes: dict[Hashable, _Box],
        critical_links: set[tuple[Hashable, Hashable]],
        scale: float,
        window: tuple[float, float, float, float],  # x0, y0, x1, y1 at full size
        members: frozenset[Hashable] | None = None,  # the boxes this part shows (default: all)
    ) -> None:
        super().__init__()
        self.layout, self.boxes, self.critical_links = layout, boxes, critical_links
        self.scale, self.window = scale, window
        self.members = frozenset(boxes) if members is None else members
        self.width = (window[2] - window[0]) * scale
        self.height = (window[3] - window[1]) * scale

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _inside(self, box: _Box) -> bool:
        return box.node in self.members

    def _point(self, layer: float, slot: float, side: int = 0) -> tuple[float, float]:
        """A layout point in drawing units; ``side`` -1/1 is a box's left/right edge mid-height."""
        x = layer * (NODE_W + COLUMN_GAP) + NODE_W / 2 * (1 + side)
        y = slot * (NODE_H + ROW_GAP) + NODE_H / 2
        return x - self.window[0], (self.window[3] - self.window[1]) - (y - self.window[1])

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.scale(self.scale, self.scale)
        stubs: dict[tuple[float, float, bool], list[tuple[_Box, Any, bool]]] = {}
        for (upstream, downstream), route in self.layout.routes.items():
            self._link(upstream, downstream, route, stubs)
        for (x, y, outgoing), leaving in stubs.items():
            for index, (other, colour, looped) in enumerate(leaving):  # fanned out, one above another
                shift = (index - (len(leaving) - 1) / 2) * STUB_STEP
                self._stub(x, y, -shift, outgoing, other, colour, looped)
        for box in self.boxes.values():
            if self._inside(box):
                self._box(box)
        canvas.restoreState()

    def _link(
        self,
        upstream: Hashable,
        downstream: Hashable,
        route: Sequence[tuple[float, float]],
        stubs: dict[tuple[float, float, bool], list[tuple[_Box, Any, bool]]],
    ) -> None:
        """One dependency as a line with an arrowhead; one leaving this part is kept for a stub."""
        start, end = self.boxes[upstream], self.boxes[downstream]
        here_start, here_end = self._inside(start), self._inside(end)
        if not (here_start or here_end) or len(route) < 2:
            return
        points = [self._point(*route[0], side=1)]
        points += [self._point(*point) for point in route[1:-1]]
        points.append(self._point(*route[-1], side=-1))
        looped = (upstream, downstream) in self.layout.reversed_edges
        colour = BAD if looped else CRITICAL if (upstream, downstream) in self.critical_links else MUTED
        if not (here_start and here_end):  # leaves or enters this part of a split graph
            x, y = points[0] if here_start else points[-1]
            stubs.setdefault((x, y, here_start), []).append((end if here_start else start, colour, looped))
            return
        self._pen(colour, looped)
        canvas = self.canv
        path = canvas.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.setDash([])
        self._arrow(points[-2], points[-1])

    def _pen(self, colour: Any, looped: bool) -> None:
        """Line and arrowhead colour for a link: red on the critical path, dashed in a loop."""
        canvas = self.canv
        canvas.setStrokeColor(colour)
        canvas.setFillColor(colour)
        canvas.setLineWidth(1.4 if colour is CRITICAL else 0.7)
        canvas.setDash([3, 2] if looped else [])

    def _stub(
        self, x: float, y: float, shift: float, outgoing: bool, other: _Box, colour: Any, looped: bool
    ) -> None:
        """A short line off the box, ``shift`` up or down, with the name of the box it links to."""
        canvas = self.canv
        self._pen(colour, looped)
        reach = STUB * (1 if outgoing else -1)
        canvas.line(x, y, x + reach, y + shift)
        canvas.setDash([])
        if not outgoing:
            self._arrow((x + reach, y + shift), (x, y))
        text = f"{'to' if outgoing else 'from'} \u201c{_plain(other.label)}\u201d"
        label = para(text, "node_detail" if outgoing else "node_detail_right")
        height = label.wrap(STUB_LABEL, 40)[1]
        label.drawOn(canvas, x + reach + (2 if outgoing else -2 - STUB_LABEL), y + shift - height / 2)

    def _arrow(self, before: tuple[float, float], tip: tuple[float, float]) -> None:
        """An arrowhead at ``tip`` pointing along the last segment."""
        angle = math.atan2(tip[1] - before[1], tip[0] - before[0])
        size = 5.0
        path = self.canv.beginPath()
        path.moveTo(*tip)
        path.lineTo(tip[0] - size * math.cos(angle - 0.4), tip[1] - size * math.sin(angle - 0.4))
        path.lineTo(tip[0] - size * math.cos(angle + 0.4), tip[1] - size * math.sin(angle + 0.4))
        path.close()
        self.canv.drawPath(path, stroke=0, fill=1)

    def _box(self, box: _Box) -> None:
        """A deliverable: a rounded box with its owner's function colour down the left side."""
        canvas = self.canv
        left = box.x - self.window[0]
        bottom = (self.window[3] - self.window[1]) - (box.y - self.window[1]) - NODE_H
        canvas.setFillColor(_DONE if box.done else colors.white)
        canvas.setStrokeColor(CRITICAL if box.critical else RULE if box.external else INK)
        canvas.setLineWidth(1.6 if box.critical else 0.7)
        canvas.setDash([2.5, 2] if box.external else [])
        canvas.roundRect(left, bottom, NODE_W, NODE_H, 3, stroke=1, fill=1)
        canvas.setDash([])
        canvas.setFillColor(box.band)
        canvas.rect(left + 0.8, bottom + 0.8, 3.2, NODE_H - 1.6, stroke=0, fill=1)
        box.label.draw(canvas, left + 7, bottom + NODE_H - 3)
        box.detail.draw(canvas, left + 7, bottom + 3 + box.detail.height())


def _plain(label: _Label) -> str:
    """A box's title as plain text (already clipped), for a stub's label."""
    text = label.text
    return text if len(text) <= 40 else text[:39] + "\u2026"


def _legend(content: CharterContent) -> Paragraph:
    """What the boxes, colours and lines mean."""
    red, grey = CRITICAL.hexval()[2:], MUTED.hexval()[2:]
    return Paragraph(
        f'<font color="#{red}">\u25ac</font> critical path \u00a0\u00a0 '
        f'<font color="#{grey}">\u2504</font> another task force\u2019s deliverable \u00a0\u00a0 '
        "the bar on the left of a box is its owner\u2019s function \u00a0\u00a0 "
        "shaded: done",
        styles()["small"],
    )


def _path_line(content: CharterContent) -> list[Flowable]:
    """The critical path spelled out."""
    if not content.critical_path:
        return []
    titles = {item.id: item.title for item in content.deliverables}
    chain = [("", titles[ident]) for ident in content.critical_path if ident in titles]
    pieces = [("<b>Critical path:</b> ", chain[0][1])] + [(" \u2192 ", title) for _, title in chain[1:]]
    return [rich(pieces, "body")]


def section(
    content: CharterContent, width: float, height: float, wide_width: float, wide_height: float
) -> tuple[list[Flowable], bool]:
    """The graph section, and whether it needs landscape pages (big graphs are split over several)."""
    graph = _graph(content)
    if graph.number_of_nodes() == 0:
        return [*heading("Dependency graph"), para("No deliverables have been planned yet.", "body")], False
    layout = layered_layout(graph)
    boxes = _boxes(content, layout)
    path = content.critical_path
    critical: set[tuple[Hashable, Hashable]] = set(pairwise(path))
    full_w = layout.depth * (NODE_W + COLUMN_GAP) - COLUMN_GAP
    full_h = layout.slots * (NODE_H + ROW_GAP) - ROW_GAP
    intro: list[Flowable] = [*heading("Dependency graph"), _legend(content)]
    outro = _path_line(content)
    for room_w, room_h, wide in ((width, height, False), (wide_width, wide_height, True)):
        scale = min(1.0, room_w / full_w, (room_h - ROOM_FOR_TEXT) / full_h)
        if scale >= MIN_SCALE:
            drawing = GraphDrawing(layout, boxes, critical, scale, (0, 0, full_w, full_h))
            return [KeepTogether([*intro, _gap(), drawing]), _gap(), *outro], wide
    parts = _split(layout, boxes, critical, wide_width, wide_height, full_h)
    flowables: list[Flowable] = [KeepTogether([*intro, *parts[0]])]
    for part in parts[1:]:
        flowables += [PageBreak(), KeepTogether(part)]
    return [*flowables, _gap(), *outro], True


def _gap() -> Flowable:
    """A little air above and below a drawing."""
    return Spacer(1, 6)


def _split(
    layout: LayeredLayout,
    boxes: dict[Hashable, _Box],
    critical: set[tuple[Hashable, Hashable]],
    room_w: float,
    room_h: float,
    full_h: float,
) -> list[list[Flowable]]:
    """The graph cut into landscape pages of a few layers each, links between parts named.

    As small as still readable so it takes as few pages as it can; only a graph too tall
    even then is cut across as well. Each part keeps a margin left and right for the stubs
    of links that leave it.
    """
    room_h -= ROOM_FOR_TEXT  # the first part shares its page with the heading and the legend
    scale = max(MIN_SCALE, min(1.0, room_h / full_h))
    pitch_w, pitch_h = NODE_W + COLUMN_GAP, NODE_H + ROW_GAP
    margin = STUB + STUB_LABEL + 4  # each side, for links to other parts
    layers = max(1, int((room_w / scale - 2 * margin + COLUMN_GAP) // pitch_w))
    rows = max(1, int((room_h / scale + ROW_GAP) // pitch_h))
    chunks: dict[int, list[_Box]] = {}
    for box in boxes.values():
        chunks.setdefault(round(box.x / pitch_w) // layers, []).append(box)
    parts: dict[tuple[int, int], list[_Box]] = {}
    for chunk, members in chunks.items():  # each few layers, cut across only where they run too tall
        band, top = 0, None
        for box in sorted(members, key=lambda b: b.y):
            if top is None or box.y + NODE_H - top > rows * pitch_h:
                band, top = (band + 1 if top is not None else band), box.y
            parts.setdefault((chunk, band), []).append(box)
    flowables: list[list[Flowable]] = []
    for count, key in enumerate(sorted(parts), start=1):
        members = parts[key]
        first = key[0] * layers * pitch_w
        top, bottom = min(b.y for b in members), max(b.y for b in members) + NODE_H
        right = max(b.x for b in members) + NODE_W
        window = (first - margin, top - ROW_GAP, right + margin, bottom + ROW_GAP)
        caption = f"Part {count} of {len(parts)}. A link to a box on another part is marked with its name."
        chosen = frozenset(box.node for box in members)
        drawing = GraphDrawing(layout, boxes, critical, scale, window, chosen)
        flowables.append([para(caption, "small"), _gap(), drawing])
    return flowables
