"""Dates as the user's locale writes them, the same in every table, label and tooltip."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import QLocale

from smarket_planner.ui.kit.dates import day_format, day_text, span_text
from smarket_planner.ui.kit.record_model import Column, RecordTableModel

DAY = date(2026, 11, 23)


@dataclass(frozen=True)
class Dated:
    """A row with a date in it."""

    id: int
    due: date


@pytest.fixture
def locale(request: pytest.FixtureRequest, qapp: object) -> Iterator[QLocale]:
    """The app's default locale set for the test, put back after it."""
    before = QLocale()
    QLocale.setDefault(QLocale(request.param))
    yield QLocale()
    QLocale.setDefault(before)


@pytest.mark.parametrize(
    ("locale", "written"),
    [
        ("en_US", "11/23/2026"),
        ("en_GB", "23/11/2026"),
        ("de_DE", "23.11.2026"),
        ("ja_JP", "2026/11/23"),
        ("C", "23 Nov 2026"),  # no locale: the month named, never "23 11 2026"
    ],
    indirect=["locale"],
)
def test_a_day_is_written_as_the_locale_writes_it_with_the_year_in_full(
    locale: QLocale, written: str
) -> None:
    assert day_text(DAY) == written
    assert "yyyy" in day_format()
    assert span_text(DAY, date(2027, 1, 18)).startswith(written + " \u2013 ")


@pytest.mark.parametrize("locale", ["de_DE"], indirect=True)
def test_every_table_writes_dates_the_same_way(locale: QLocale) -> None:
    model = RecordTableModel([Column("Due", lambda record: record.due)])
    model.set_records([Dated(1, DAY)])
    assert model.index(0, 0).data() == "23.11.2026" == day_text(DAY)
    assert day_text(None, "not set") == "not set"
