"""Bulk work with the garbage collector paused: it comes back as it was, and nothing leaks."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from smarket_planner.domain.bulk import collector_paused


@pytest.fixture
def collector() -> Iterator[None]:
    """The collector enabled, as a program runs, and left as it was found."""
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


class Node:
    """Something that can point at itself: a cycle only the collector frees."""

    def __init__(self, cyclic: bool = True) -> None:
        self.me = self if cyclic else None


@pytest.mark.usefixtures("collector")
def test_the_collector_rests_inside_and_works_again_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: still resting
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_a_collector_switched_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_the_collector_comes_back_after_an_error() -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_what_the_block_made_is_not_walked_after_it_but_cycles_are_still_freed() -> None:
    """Nothing young is left to walk when the block ends; a cycle made inside goes at the next full
    collection, and rows made inside are freed as soon as nobody holds them."""
    with collector_paused():
        rows = [(Node(cyclic=False), {"row": number}, (number, "cell")) for number in range(5_000)]
        cycle = Node()
        gone = weakref.ref(cycle)
        del cycle
    assert gc.get_count()[0] < 50  # the young generation was handed on, not left for a walk
    assert gone() is not None  # the cycle waits for the collector...
    gc.collect()
    assert gone() is None  # ...which frees it
    held = weakref.ref(rows[0][0])
    del rows
    assert held() is None  # plain rows go when dropped, collector or not
