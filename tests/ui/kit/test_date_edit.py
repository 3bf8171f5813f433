"""Date fields take a date typed whole, as ISO or as the locale writes it short, and offer a calendar."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from smarket_planner.ui.goals.kpi_fields import date_box
from smarket_planner.ui.kit.date_edit import DateEdit, read_date
from smarket_planner.ui.kit.form_fields import DateBox, OptionalDate
from smarket_planner.ui.overview.task_force_fields import DateField


def _beside_a_box(qtbot: QtBot, field: QWidget) -> tuple[QWidget, QLineEdit]:
    """Lay the field out with a text box to move on to, shown and active; the window, the box."""
    holder = QWidget()
    qtbot.addWidget(holder)
    other = QLineEdit()
    layout = QVBoxLayout(holder)
    layout.addWidget(field)
    layout.addWidget(other)
    with qtbot.waitActive(holder):
        holder.show()
        holder.activateWindow()
    return holder, other


def _type(qtbot: QtBot, edit: DateEdit, text: str, finish: Qt.Key = Qt.Key.Key_Return) -> None:
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, finish)


def _short(day: date) -> str:
    locale = QLocale()
    return locale.toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


@pytest.mark.parametrize("typed", ["2027-03-15", _short(date(2027, 3, 15))])
def test_the_form_date_box_takes_a_typed_date(qtbot: QtBot, typed: str) -> None:
    box = DateBox(date(2026, 11, 23))
    _window = _beside_a_box(qtbot, box)
    _type(qtbot, box, typed)
    assert box.value() == date(2027, 3, 15)
    assert box.calendarPopup() and box.calendarWidget() is not None


@pytest.mark.parametrize("typed", ["2027-03-15", _short(date(2027, 3, 15))])
def test_the_task_force_date_field_takes_a_typed_date_on_leaving(qtbot: QtBot, typed: str) -> None:
    field = DateField()
    field.set_value(None)
    committed: list[bool] = []
    field.committed.connect(lambda: committed.append(True))
    _window, other = _beside_a_box(qtbot, field)
    field.edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(field.edit, typed)
    assert field.edit.is_typing() and field.value() is None  # read only once finished
    other.setFocus(Qt.FocusReason.TabFocusReason)
    assert field.value() == date(2027, 3, 15) and committed
    assert field.edit.calendarPopup() and field.edit.calendarWidget() is not None


def test_a_date_that_does_not_read_is_put_back_and_escape_drops_the_typing(qtbot: QtBot) -> None:
    box = date_box(date(2026, 11, 23))
    _window = _beside_a_box(qtbot, box)
    _type(qtbot, box, "next tuesday")
    assert box.date() == QDate(2026, 11, 23) and box.text() == box.textFromDateTime(box.dateTime())
    _type(qtbot, box, "2027-01-0", Qt.Key.Key_Escape)
    assert box.date() == QDate(2026, 11, 23) and not box.is_typing()
    qtbot.keyClick(box, Qt.Key.Key_Up)  # the arrows still step the part of the date under the cursor
    assert box.date() != QDate(2026, 11, 23)


def test_the_optional_date_types_and_its_label_reaches_its_tick(qtbot: QtBot) -> None:
    optional = OptionalDate("Due", date(2026, 11, 23))
    _window = _beside_a_box(qtbot, optional)
    assert optional.focusProxy() is optional.tick
    _type(qtbot, optional.edit, "2027-03-15")
    assert optional.value() == date(2027, 3, 15)


def test_read_date_knows_iso_the_shown_form_and_the_short_form() -> None:
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    assert read_date("2027-03-15", "d MMM yyyy", english) == QDate(2027, 3, 15)
    assert read_date("3/15/27", "d MMM yyyy", english) == QDate(2027, 3, 15)
    assert read_date("3/15/2027", "d MMM yyyy", english) == QDate(2027, 3, 15)
    assert read_date("15.03.2027", "yyyy-MM-dd", german) == QDate(2027, 3, 15)
    assert read_date("15 Mar 2027", "d MMM yyyy", english) == QDate(2027, 3, 15)
    assert read_date("soon", "d MMM yyyy", english) is None
