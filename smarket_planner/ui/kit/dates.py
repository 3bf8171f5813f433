"""Dates between Python and Qt, written as the user's locale writes them, and the months a span covers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale


def to_qdate(day: date) -> QDate:
    """A Python date as Qt's."""
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    """Qt's date as a Python one."""
    return date(day.year(), day.month(), day.day())


# The C (POSIX) locale writes "23 11 2026"; a manager without a locale reads "23 Nov 2026".
_PLAIN = "d MMM yyyy"


def day_format(locale: QLocale | None = None) -> str:
    """The locale's short date format with the year in full: dd/MM/yyyy, M/d/yyyy, dd.MM.yyyy."""
    locale = locale or QLocale()
    if locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return _PLAIN
    written = locale.dateFormat(QLocale.FormatType.ShortFormat)
    return written if "yyyy" in written else written.replace("yy", "yyyy")


def day_text(day: date | None, empty: str = "") -> str:
    """A date as the user's locale writes it, the same in every table, label and tooltip."""
    if day is None:
        return empty
    locale = QLocale()
    return locale.toString(to_qdate(day), day_format(locale))


def span_text(start: date | None, end: date | None) -> str:
    """Two dates as a span with an en dash between them; "No dates" if neither is set."""
    if start and end:
        return f"{day_text(start)} \u2013 {day_text(end)}"
    if start:
        return f"From {day_text(start)}"
    return f"Until {day_text(end)}" if end else "No dates"


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
