"""The operating-rhythm editor: how often a task force meets, on which day, when, and under what name."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTimeEdit,
    QWidget,
)

from smarket_planner.domain.enums import RhythmFrequency
from smarket_planner.domain.records import OperatingRhythm

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NO_TIME = QTime(0, 0)  # the time edit's lowest value stands for "no time"


class RhythmEditor(QGroupBox):
    """The task force's regular meeting, with a line saying how the charter will put it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Operating rhythm", parent)
        self.frequency = QComboBox(self)
        self.frequency.addItem("No regular meeting", None)
        for frequency in RhythmFrequency:
            self.frequency.addItem(frequency.label, frequency)
        self.weekday = QComboBox(self)
        self.weekday.addItem("Any day", None)
        for number, day in enumerate(WEEKDAYS):
            self.weekday.addItem(day, number)
        self.time = QTimeEdit(self)
        self.time.setDisplayFormat("HH:mm")
        self.time.setMinimumTime(NO_TIME)
        self.time.setSpecialValueText("Any time")
        self.meeting = QLineEdit(self)
        self.meeting.setMaxLength(120)
        self.meeting.setPlaceholderText("For example: Launch stand-up")
        self.rhythm_text = QLabel(self)
        self.rhythm_text.setWordWrap(True)
        self.rhythm_text.setTextFormat(Qt.TextFormat.RichText)
        form = QFormLayout(self)
        form.addRow("&How often:", self.frequency)
        form.addRow("&Day:", self.weekday)
        form.addRow("&Time:", self.time)
        form.addRow("&Meeting:", self.meeting)
        form.addRow(self.rhythm_text)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for box in (self.frequency, self.weekday):
            box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def connect_description(self) -> None:
        """Keep the charter line up to date as the meeting is changed."""
        for signal in (
            self.frequency.currentIndexChanged,
            self.weekday.currentIndexChanged,
            self.time.timeChanged,
        ):
            signal.connect(self.describe)
        self.meeting.textChanged.connect(self.describe)

    def time_value(self) -> str | None:
        """The meeting time as "HH:mm", or None for any time."""
        chosen = self.time.time()
        return None if chosen == NO_TIME else chosen.toString("HH:mm")

    def set_time_value(self, value: Any) -> None:
        """Show a meeting time given as "HH:mm"; nothing shows "Any time"."""
        self.time.setTime(QTime.fromString(value, "HH:mm") if value else NO_TIME)

    def describe(self, *_args: Any) -> None:
        """Say how the charter will put the meeting; day and time only apply to a regular one."""
        data = self.frequency.currentData()
        frequency = None if data is None else RhythmFrequency(data)
        for box in (self.weekday, self.time):
            box.setEnabled(frequency is not None)
        if frequency is None:
            self.rhythm_text.setText("On the charter: <i>no regular meeting</i>")
            return
        time = self.time_value()
        rhythm = OperatingRhythm(frequency, self.weekday.currentData(), time, self.meeting.text().strip())
        self.rhythm_text.setText(f"On the charter: <i>{html.escape(rhythm.describe())}</i>")
