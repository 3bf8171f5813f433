"""A printed number never parts from its unit across a line, and no number is cut (real PDFs read back)."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.charter.units import amount, bound, cell_size
from smarket_planner.services import Plan
from tests.charter.conftest import K, flat, new_id, pdf_text
from tests.charter.test_charter_pdf import write

# Big numbers with long units, in the narrow Baseline, Target and Latest cells and in the sentences of
# the findings (a KPI without a check-in for months is named with its last value and its target).
KPIS = [
    ("Revenue", "USD k", 1_500, 1_234_567, 987_654),
    ("Pipeline", "EUR million", 12.5, 9_876_543, 5_432_100),
    ("Lead time", "days", 3.5, 120_000, 45_678),
    ("Qualified leads", "qualified leads per week", 1_500, 250_000, 123_456),
    ("Coverage", "%", 20, 1_200, 345),
]
STARTED = date(2026, 6, 1)


def amounts_of(unit: str, *values: float) -> list[str]:
    """The amounts as they read back: each number with (at least) the first word of its unit."""
    first = unit.split()[0]
    joiner = "" if unit == "%" else " "
    return [f"{value:,.10g}{joiner}{first}" for value in values]


def parted(lines: list[str], wanted: str) -> bool:
    """Whether some occurrence of ``wanted`` in the text is not whole on one printed line."""
    return sum(line.count(wanted) for line in lines) != flat("\n".join(lines)).count(wanted)


def kpi_team(plan: Plan, name: str, padding: int) -> int:
    """An active team of KPIs, each stale since July (so each is named in a finding), titles padded."""
    sales = new_id(plan, K.FUNCTION, name="Sales", colour="#1f77b4")
    ident = new_id(
        plan,
        K.TASK_FORCE,
        name=name,
        kind="other",
        status="active",
        start_date=STARTED,
        end_date=date(2027, 3, 31),
    )
    finance = new_id(plan, K.FUNCTION, name="Finance", colour="#ff7f0e")
    person = new_id(plan, K.PERSON, name="Ana Silva", function_id=sales)
    services.add_member(plan, ident, person)
    services.add_member(plan, ident, new_id(plan, K.PERSON, name="Bo Chen", function_id=finance))
    owners = [sales, finance]
    goal = new_id(plan, K.GOAL, task_force_id=ident, title="Grow", owner_function_ids=owners)
    for index, (title, unit, baseline, target, latest) in enumerate(KPIS):
        padded = f"{title} {'x' * ((padding + 7 * index) % 40)}"
        kpi = new_id(
            plan, K.KPI, goal_id=goal, title=padded, unit=unit, baseline=baseline, target=target,
            start_date=STARTED, due_date=date(2027, 3, 31), accountable_id=person, owner_function_ids=owners,
        )  # fmt: skip
        new_id(plan, K.CHECK_IN, kpi_id=kpi, checked_on=date(2026, 7, 1), value=latest)
    return ident


@pytest.mark.parametrize("padding", [0, 3, 11, 19, 26, 33])
def test_a_number_and_its_unit_share_a_printed_line(plan: Plan, tmp_path: Path, padding: int) -> None:
    ident = kpi_team(plan, "Growth", padding)

    text = pdf_text(write(plan, ident, tmp_path / "units.pdf"))

    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "has had no check-in since" in flat(text), "the findings no longer name the KPIs"
    for _, unit, *values in KPIS:
        for wanted in amounts_of(unit, *values):
            assert wanted in flat(text), f"{wanted!r} is not printed whole"
            assert not parted(lines, wanted), f"{wanted!r} is split over two lines:\n{text}"
    for line, following in pairwise(lines):
        for _, unit, *_values in KPIS:
            if unit != "%" and re.search(r"\d$", line):
                assert not following.startswith(unit.split()[0]), f"{line!r} / {following!r}"


def test_dates_and_team_sizes_stay_whole(plan: Plan, tmp_path: Path) -> None:
    ident = kpi_team(plan, "Growth", 5)
    for padding in range(30):
        function = new_id(plan, K.FUNCTION, name=f"Function {'y' * padding * 3}", colour="#2ca02c")
        services.add_member(plan, ident, new_id(plan, K.PERSON, name=f"P{padding}", function_id=function))

    text = pdf_text(write(plan, ident, tmp_path / "team.pdf"))

    lines = [" ".join(line.split()) for line in text.splitlines()]
    for wanted in ["1 person", "0.2 FTE", "1 Jul 2026"]:
        assert wanted in flat(text)
        assert not parted(lines, wanted), f"{wanted!r} is split over two lines"


def test_an_amount_joins_number_and_unit_without_a_break() -> None:
    assert amount(1_500, "USD k") == "1,500\u00a0USD\u00a0k"
    assert amount(22, "%") == "22%"
    assert amount(None, "USD k") == "\u2014"
    assert amount(7, "") == "7"
    long = amount(1_500, "qualified marketing leads per calendar week")
    assert long.startswith("1,500\u00a0qualified ") and "\u00a0" not in long.split(" ", 1)[1]


def test_a_sentence_keeps_numbers_with_their_units() -> None:
    said = bound("It takes 3.5 days and 1,500 USD k since 2 Mar 2026, 120 % of plan.", ["USD k"])
    assert "3.5\u00a0days" in said and "1,500\u00a0USD\u00a0k" in said
    assert "2\u00a0Mar\u00a02026" in said and "120\u00a0%" in said
    assert bound("Ship 3 things", []) == "Ship 3 things"


def test_a_cell_too_narrow_for_an_amount_sets_it_smaller() -> None:
    assert cell_size("1,500\u00a0USD\u00a0k", 200, 8.5) == 8.5
    smaller = cell_size("1,234,567\u00a0USD\u00a0k", 51, 8.5)
    assert 5 <= smaller < 8.5
