"""The one date input of the forms: type a date the way you write it, or pick it from a calendar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, QLocale, QSignalBlocker, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QDateEdit, QLineEdit, QWidget

ISO = "yyyy-MM-dd"
TYPED_KEYS = (Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Left, Qt.Key.Key_Right)
COMMANDS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def read_date(text: str, display: str, locale: QLocale) -> QDate | None:
    """The date written in ``text``: as shown, as 2027-03-15, or in the locale's short form; None if none.

    >>> read_date("2027-03-15", "d MMM yyyy", QLocale.c())
    PySide6.QtCore.QDate(2027, 3, 15)
    """
    text = " ".join(text.split())
    short = locale.dateFormat(QLocale.FormatType.ShortFormat)
    full = short if "yyyy" in short else short.replace("yy", "yyyy")
    for form in (display, ISO, "yyyy-M-d", full, full.replace("yyyy", "yy")):
        # A two-digit year is this century's, not the last one's.
        day = locale.toDate(text, form, 2000) if "yyyy" not in form else locale.toDate(text, form)
        if day.isValid():
            return day
    return None


class DateEdit(QDateEdit):
    """A date with a calendar popup that also takes a date typed whole, as shown, as ISO or the short form.

    Qt's date edit types over one part of the date at a time; here, typing over the whole date replaces
    it, and Enter or leaving the field reads what was typed (a date it cannot read is put back).
    """

    def __init__(self, day: QDate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        if day is not None:
            self.setDate(day)
        self._typing = False

    def is_typing(self) -> bool:
        """Whether a date is being typed and not yet read."""
        return self._typing

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Printable keys write the date as text and Escape drops it; Enter, Tab or an arrow reads it."""
        text, key = event.text(), event.key()
        commands = event.modifiers() & COMMANDS
        if not commands and text and text.isprintable():
            self._type(lambda line: line.insert(text))
            return
        if self._typing and not commands and key in TYPED_KEYS:
            moves = {
                Qt.Key.Key_Backspace: lambda line: line.backspace(),
                Qt.Key.Key_Delete: lambda line: line.del_(),
                Qt.Key.Key_Left: lambda line: line.cursorBackward(False),
                Qt.Key.Key_Right: lambda line: line.cursorForward(False),
            }
            self._type(moves[Qt.Key(key)])
            return
        if self._typing and key == Qt.Key.Key_Escape:
            self._typing = False
            self._show_date()
            return
        if self._typing:
            self.read_typed()  # Enter, the arrows, Tab: first the date typed, then what the key does
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Leaving the field reads the date typed."""
        if self._typing and not self.calendarWidget().isVisible():
            self.read_typed()
        super().focusOutEvent(event)

    def read_typed(self) -> bool:
        """Take the date typed, if it reads as one in range; put the date back if not. True if taken."""
        self._typing = False
        day = read_date(self.lineEdit().text(), self.displayFormat(), self.locale())
        if day is not None and self.minimumDate() <= day <= self.maximumDate():
            self.setDate(day)
            self._show_date()
            return True
        self._show_date()
        return False

    def _type(self, change: Callable[[QLineEdit], object]) -> None:
        line = self.lineEdit()
        if not self._typing:
            line.selectAll()  # a date typed replaces the whole date, not one part of it
            self._typing = True
        # Qt's date edit would refuse or rewrite a half-typed date; it hears of the text once it is read.
        checker = line.validator()
        with QSignalBlocker(line):
            line.setValidator(None)  # type: ignore[arg-type]  # Qt takes none: no check
            change(line)
            line.setValidator(checker)

    def _show_date(self) -> None:
        special = bool(self.specialValueText()) and self.date() == self.minimumDate()
        line = self.lineEdit()
        with QSignalBlocker(line):
            line.setText(self.specialValueText() if special else self.textFromDateTime(self.dateTime()))
