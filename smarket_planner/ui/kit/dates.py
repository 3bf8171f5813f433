"""Dates between Python and Qt, and the months a span of days covers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate


def to_qdate(day: date) -> QDate:
    """A Python date as Qt's."""
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    """Qt's date as a Python one."""
    return date(day.year(), day.month(), day.day())


def month_starts(first: date, last: date) -> list[date]:
    """The first day of every month from the month of ``first`` up to ``last``.

    >>> month_starts(date(2026, 11, 20), date(2027, 1, 5))
    [datetime.date(2026, 11, 1), datetime.date(2026, 12, 1), datetime.date(2027, 1, 1)]
    """
    month = date(first.year, first.month, 1)
    found = []
    while month <= last:
        found.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return found
