"""Every module imports others one way only, the imports made for type checking included."""

from __future__ import annotations

import grimp
import pytest

APP = "smarket_planner.ui.app"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("smarket_planner", cache_dir=None)


def test_no_module_comes_back_round_to_itself(graph: grimp.ImportGraph) -> None:
    circles = [
        graph.find_shortest_chain(imported, module)
        for module in sorted(graph.modules)
        if module.startswith("smarket_planner.")
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if graph.chain_exists(imported, module)
    ]
    assert circles == []


@pytest.mark.parametrize("module", ["actions", "window_contract", "presentation"])
def test_the_menus_and_presentation_mode_know_nothing_of_the_main_window(
    graph: grimp.ImportGraph, module: str
) -> None:
    assert not graph.chain_exists(f"{APP}.{module}", f"{APP}.main_window")
