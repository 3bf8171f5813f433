"""The order of the nodes within each layer of a layered layout: as few crossing links as can be had.

Graphviz dot's way (Gansner et al. 1993, section 3): from two breadth-first first orders,
weighted-median sweeps, each followed by transposition (swapping neighbours while that removes
crossings), keeping the order with the fewest; then, in big graphs, a polish by sifting (each
node moved to its best place in its layer) and more transposition, within a budget of work.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

_SORTED_INSERTS = 4096  # up to this many segments, crossings are counted by sorted insertion
_POLISH_FROM = 100  # graphs with fewer real nodes (a charter's) skip the polish, to stay as quick as before
_POLISH_ROUNDS = 3  # rounds of sifting and transposition in the polish
_POLISH_LOOKS = 1_000_000  # the polish stops after about this many looks at a pair of nodes (about 1 s)


def inversions(values: Sequence[int], size: int) -> int:
    """Pairs i < j with values[i] > values[j], for values in range(size).

    Up to a few thousand values, by inserting each into the sorted list of those before it (the
    search and the move are done in C, 2-4 times faster than the tree); beyond, by a Fenwick tree.
    """
    if len(values) <= _SORTED_INSERTS:
        ordered: list[int] = []
        total = 0
        for count, value in enumerate(values):
            at = bisect_right(ordered, value)
            total += count - at
            ordered.insert(at, value)
        return total
    tree = [0] * (size + 1)  # Fenwick tree: counts of the values seen so far
    total = 0
    for seen, value in enumerate(values):
        i = value + 1
        at_most = 0
        while i:
            at_most += tree[i]
            i &= i - 1
        total += seen - at_most
        i = value + 1
        while i <= size:
            tree[i] += 1
            i += i & -i
    return total


class LayerOrder:
    """Ordering the layers of a layered layout's working state (nodes as numbers, dummies included)."""

    layer: list[int]  # each node's layer
    up: list[list[int]]  # each node's neighbours in the layer above
    down: list[list[int]]  # ... and in the layer below
    one_up: list[int]  # the only neighbour above, or -1
    one_down: list[int]  # the only neighbour below, or -1
    median: list[float]  # each node's weighted median in the sweep under way
    pos: list[int]  # each node's index within its layer
    real: int  # how many nodes are real (the rest are dummies)

    def crossings(self, rows: list[list[int]], i: int) -> int:
        """Crossing segments between layer i and layer i + 1 in the current order."""
        pos, down = self.pos, self.down
        targets: list[int] = []
        for u in rows[i]:
            below = down[u]
            if len(below) == 1:  # every bend of a long edge, and many nodes
                targets.append(pos[below[0]])
            else:
                targets.extend(sorted(map(pos.__getitem__, below)))
        return inversions(targets, len(rows[i + 1]))

    def number(self, rows: list[list[int]]) -> None:
        """Record each node's index within its layer."""
        pos = self.pos
        for row in rows:
            for index, v in enumerate(row):
                pos[v] = index

    def count(self, rows: list[list[int]]) -> list[int]:
        """Number the nodes of each layer; return the crossings between each two layers."""
        self.number(rows)
        return [self.crossings(rows, i) for i in range(len(rows) - 1)]

    def reduce_crossings(self, rows: list[list[int]], sweeps: int) -> list[list[int]]:
        """Order the layers for few crossings as dot does, then polish a big graph's order; return it.

        From each of two first orders (breadth-first from the sources, and from the sinks), made
        locally better by transposition, ``sweeps`` weighted-median sweeps (down, up, ...), each
        followed by transposition; the order with the fewest crossings is kept. From 100 real
        nodes on, that order is polished: rounds of sifting and of transposition that also swaps
        neighbours crossing as much either way (dot's "reverse" trick: such swaps make room for
        others), as far as a budget of looks at pairs of nodes allows. On the 2,000-node DAG of
        benchmarks/graph_layout.py the sweeps end at 13,956 crossings, the polish at 10,621.
        """
        pairs = self.count(rows)
        best, fewest = [row[:] for row in rows], sum(pairs)
        if sweeps <= 0 or not fewest:
            return best
        first = best
        for from_sources in (True, False):
            if not from_sources:
                self.number(first)  # the searches take neighbours in their first order
            rows = self.breadth_first(first, from_sources)
            pairs = self.count(rows)
            self.transpose(rows, pairs, swap_ties=False)
            for sweep in range(sweeps + 1):
                if sweep:
                    self.sweep(rows, pairs, downward=sweep % 2 == 1)
                if sum(pairs) < fewest:
                    best, fewest = [row[:] for row in rows], sum(pairs)
                if not fewest:
                    return best
        if self.real < _POLISH_FROM:
            return best
        rows = best
        pairs = self.count(rows)
        looks = sum(len(row) * (len(row) - 1) for row in rows)  # pairs a round of sifting looks at
        budget = _POLISH_LOOKS
        for _ in range(_POLISH_ROUNDS):
            if looks > budget or not sum(pairs):
                break
            self.sift(rows, pairs)
            budget -= looks + self.transpose(rows, pairs, swap_ties=True, limit=budget - looks)
        self.transpose(rows, pairs, swap_ties=False)
        return rows

    def breadth_first(self, rows: list[list[int]], from_sources: bool) -> list[list[int]]:
        """A first order: each layer in the order a breadth-first search from the sources (or sinks) meets it.

        The search follows edges both ways, those towards the sinks (sources) first, the
        neighbours of a node in their current order, and starts from each source (sink) in turn.
        """
        pos, layer = self.pos, self.layer
        first, then = (self.down, self.up) if from_sources else (self.up, self.down)
        start = self.up if from_sources else self.down
        ordered: list[list[int]] = [[] for _ in rows]
        seen: set[int] = set()
        roots = [v for row in rows for v in row if not start[v]]
        for root in roots + [v for row in rows for v in row]:  # then anything left, though nothing is
            if root in seen:
                continue
            seen.add(root)
            queue = [root]
            for v in queue:  # grows as the search goes
                ordered[layer[v]].append(v)
                for near in (first[v], then[v]):
                    for w in sorted(near, key=pos.__getitem__) if len(near) > 1 else near:
                        if w not in seen:
                            seen.add(w)
                            queue.append(w)
        return ordered

    def sweep(self, rows: list[list[int]], pairs: list[int], downward: bool) -> None:
        """Sort each layer by the weighted median of its neighbours in the layer before, then transpose.

        A node with no neighbour there keeps its place; nodes with equal medians keep their order.
        """
        pos = self.pos
        fixed = self.up if downward else self.down
        median = self.median
        changed = set()
        for i in range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1):
            row = rows[i]
            for v in row:
                near = fixed[v]
                count = len(near)
                if count == 1:
                    median[v] = pos[near[0]]
                elif not count:
                    median[v] = -1.0
                else:
                    p = sorted(map(pos.__getitem__, near))
                    half = count // 2
                    if count % 2:
                        median[v] = p[half]
                    elif count == 2:
                        median[v] = (p[0] + p[1]) / 2
                    else:  # the middle two, each weighted by how tightly the neighbours on its side sit
                        left, right = p[half - 1] - p[0], p[-1] - p[half]
                        median[v] = (
                            (p[half - 1] + p[half]) / 2
                            if left == right
                            else (p[half - 1] * right + p[half] * left) / (left + right)
                        )
            movable = [v for v in row if median[v] >= 0]
            ordered = sorted(movable, key=median.__getitem__)
            if ordered != movable:
                if len(movable) < len(row):
                    placed = iter(ordered)
                    ordered = [next(placed) if median[v] >= 0 else v for v in row]
                rows[i] = ordered
                changed.add(i)
                for index, v in enumerate(ordered):
                    pos[v] = index
        for i in range(len(pairs)):
            if i in changed or i + 1 in changed:
                pairs[i] = self.crossings(rows, i)
        self.transpose(rows, pairs, swap_ties=False)

    def transpose(
        self, rows: list[list[int]], pairs: list[int], swap_ties: bool, limit: int | None = None
    ) -> int:
        """Swap neighbours in a layer while that lowers the crossings with the layers either side.

        Round after round over the layers, looking again only at pairs whose crossings may have
        changed, until a round gains nothing. With ``swap_ties`` pairs that cross as much either
        way (but do cross) are swapped too. The crossings of a pair are counted from their
        neighbours' places alone; ``pairs`` is kept up to date. Stops early once it has looked at
        more than ``limit`` pairs, if given; returns how many it looked at.
        """
        pos, up, down = self.pos, self.up, self.down
        one_up, one_down = self.one_up, self.one_down
        last = len(rows) - 1
        dirty = [bytearray([1]) * max(len(row) - 1, 0) for row in rows]  # pairs (i, i + 1) to look at
        candidate = [len(row) > 1 for row in rows]
        looks, gained = 0, 1
        while gained >= 1:
            gained = 0
            for r, row in enumerate(rows):
                if not candidate[r]:
                    continue
                if limit is not None and looks > limit:
                    return looks
                candidate[r] = False
                marks = dirty[r]
                end = len(marks)
                above = dirty[r - 1] if r else marks
                below = dirty[r + 1] if r < last else marks
                above_end, below_end = len(above), len(below)
                i = marks.find(1)
                while i >= 0:
                    marks[i] = 0
                    looks += 1
                    v, w = row[i], row[i + 1]
                    # Above, then the same below, written out twice: a helper would add a Python
                    # call per pair of nodes in the innermost loop of the layout.
                    a, b = one_up[v], one_up[w]
                    if a < 0 or b < 0:  # not one neighbour each (as every bend of a long edge has)
                        before_up = after_up = 0
                        for a in up[v]:
                            p = pos[a]
                            for b in up[w]:
                                q = pos[b]
                                if p > q:
                                    before_up += 1
                                elif p < q:
                                    after_up += 1
                    else:
                        p, q = pos[a], pos[b]
                        before_up, after_up = p > q, p < q
                    a, b = one_down[v], one_down[w]
                    if a < 0 or b < 0:
                        before_down = after_down = 0
                        for a in down[v]:
                            p = pos[a]
                            for b in down[w]:
                                q = pos[b]
                                if p > q:
                                    before_down += 1
                                elif p < q:
                                    after_down += 1
                    else:
                        p, q = pos[a], pos[b]
                        before_down, after_down = p > q, p < q
                    before, after = before_up + before_down, after_up + after_down
                    if after < before or (swap_ties and before and after == before):
                        row[i], row[i + 1], pos[v], pos[w] = w, v, i + 1, i
                        gained += before - after
                        if i:
                            marks[i - 1] = 1
                            candidate[r] = True
                        if i + 1 < end:
                            marks[i + 1] = 1
                        if r:  # the pairs next to a neighbour of v or w in the layer above
                            pairs[r - 1] += after_up - before_up
                            candidate[r - 1] = True
                            for x in (*up[v], *up[w]):
                                j = pos[x]
                                if j:
                                    above[j - 1] = 1
                                if j < above_end:
                                    above[j] = 1
                        if r < last:  # and below
                            pairs[r] += after_down - before_down
                            candidate[r + 1] = True
                            for x in (*down[v], *down[w]):
                                j = pos[x]
                                if j:
                                    below[j - 1] = 1
                                if j < below_end:
                                    below[j] = 1
                    i = marks.find(1, i + 1)
        return looks

    def sift(self, rows: list[list[int]], pairs: list[int]) -> None:
        """Move each node to the place in its layer with the fewest crossings with the layers either side.

        Of several such places, the first; a node that crosses something moves there even if it
        crosses as much where it is. ``pairs`` is kept up to date.
        """
        pos, up, down = self.pos, self.up, self.down
        for r, row in enumerate(rows):
            if len(row) < 2:
                continue
            ups = [[pos[a] for a in up[x]] for x in row]  # the places of each node's neighbours
            downs = [[pos[b] for b in down[x]] for x in row]
            moved = False
            for v in row[:]:
                k = pos[v]
                mine_up, mine_down = sorted(ups[k]), sorted(downs[k])
                single_up = mine_up[0] if len(mine_up) == 1 else -1
                single_down = mine_down[0] if len(mine_down) == 1 else -1
                cost = here = 0  # crossings of v with the others with v first, then where it is
                changes = []  # how they change as v passes each of the others, left to right
                for j, (theirs_up, theirs_down) in enumerate(zip(ups, downs, strict=True)):
                    if j == k:
                        continue
                    left = right = 0  # crossings with v left of the other node, and right of it
                    if single_up >= 0:
                        for q in theirs_up:
                            if q < single_up:
                                left += 1
                            elif q > single_up:
                                right += 1
                    elif mine_up:
                        for q in theirs_up:
                            right += bisect_left(mine_up, q)
                            left += len(mine_up) - bisect_right(mine_up, q)
                    if single_down >= 0:
                        for q in theirs_down:
                            if q < single_down:
                                left += 1
                            elif q > single_down:
                                right += 1
                    elif mine_down:
                        for q in theirs_down:
                            right += bisect_left(mine_down, q)
                            left += len(mine_down) - bisect_right(mine_down, q)
                    cost += left
                    changes.append(right - left)
                best, best_j = cost, 0
                for j, change in enumerate(changes):
                    if j == k:
                        here = cost
                    cost += change
                    if cost < best:
                        best, best_j = cost, j + 1
                if k == len(changes):
                    here = cost
                if best < here or (best == here and best_j != k and best):
                    row.insert(best_j, row.pop(k))
                    ups.insert(best_j, ups.pop(k))
                    downs.insert(best_j, downs.pop(k))
                    for index in range(min(k, best_j), max(k, best_j) + 1):
                        pos[row[index]] = index
                    moved = True
            if moved:
                if r:
                    pairs[r - 1] = self.crossings(rows, r - 1)
                if r < len(pairs):
                    pairs[r] = self.crossings(rows, r)
