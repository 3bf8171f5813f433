"""A small plan with two functions and two people, roster files written as HR sends them, a window."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from smarket_planner import services
from smarket_planner.domain.records import EntityKind
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import AppSettings
from smarket_planner.ui.kit.session import PlanSession

K = EntityKind
HEADINGS = ["Employee ID", "Preferred Name", "Work Email", "Business Title", "Department", "Location"]
# Ana is in the plan already (a new title), Ben is as the plan has him; Cleo and Dev are new,
# Dev in a function the plan lacks; Eve's e-mail is wrong.
ROWS = [
    ["E1", "Ana Lopez", "ana@northwind.example", "Senior Analyst", "Sales", "Berlin"],
    ["E2", "Ben Ode", "ben@northwind.example", "Engineer", "Engineering", "Lisbon"],
    ["E3", "Cleo Park", "cleo@northwind.example", "Account Manager", "Sales", "Paris"],
    ["E4", "Dev Rao", "dev@northwind.example", "Data Analyst", "Analytics", "Pune"],
    ["E5", "Eve Stone", "eve@northwind", "Buyer", "Engineering", "Leeds"],
]
RosterWriter = Callable[..., Path]


def fill_plan(session: PlanSession) -> None:
    """Two functions and two people, as a plan has them before the roster comes."""
    plan = session.plan
    sales = services.create(plan, K.FUNCTION, name="Sales", colour="#1f77b4").value
    engineering = services.create(plan, K.FUNCTION, name="Engineering", colour="#2ca02c").value
    services.create(
        plan, K.PERSON, name="Ana Lopez", email="ana@northwind.example", title="Analyst",
        function_id=sales.id, location="Berlin",
    )  # fmt: skip
    services.create(
        plan, K.PERSON, name="Ben Ode", email="ben@northwind.example", title="Engineer",
        function_id=engineering.id, location="Lisbon",
    )  # fmt: skip


@pytest.fixture
def plan_session(session: PlanSession) -> PlanSession:
    """A session on a new plan with Sales and Engineering, Ana and Ben."""
    fill_plan(session)
    return session


@pytest.fixture
def write_roster(tmp_path: Path) -> RosterWriter:
    """Write a roster file as HR sends it: CSV (UTF-8 with its mark, as Excel saves it) or a workbook."""

    def write(
        name: str = "workday_export.csv",
        rows: Sequence[Sequence[str]] = ROWS,
        headings: Sequence[str] = HEADINGS,
        sheets: dict[str, list[list[str]]] | None = None,
    ) -> Path:
        path = tmp_path / name
        if path.suffix == ".xlsx":
            from openpyxl import Workbook

            book = Workbook()
            first = book.active
            assert first is not None
            book.remove(first)
            for title, grid in (sheets or {"People": [list(headings), *map(list, rows)]}).items():
                page = book.create_sheet(title)
                for row in grid:
                    page.append(row)
            book.save(path)
            return path
        with path.open("w", newline="", encoding="utf-8-sig") as handle:
            table = csv.writer(handle)
            table.writerow(headings)
            table.writerows(rows)
        return path

    return write


@pytest.fixture
def window(tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    """The main window on a plan with Sales and Engineering, Ana and Ben; complaints are kept."""
    window = MainWindow(AppSettings(tmp_path / "config"))
    complaints: list[tuple[str, str]] = []
    monkeypatch.setattr(window, "complain", lambda title, message: complaints.append((title, message)))
    window.complaints = complaints  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    window.resize(1280, 800)
    path = tmp_path / "Northwind.smplan"
    services.new_plan(path, title="Northwind").close()
    assert window.open_plan(str(path))
    assert window.session is not None
    fill_plan(window.session)
    window.commands.exchange.synchronous = True
    window.show()
    yield window
    window.close()
