"""Keyboard order in forms: Tab walks the fields as they are laid out, and a form opens on its first field."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLayout,
    QScrollArea,
    QSplitter,
    QWidget,
)

ROLES = (
    QFormLayout.ItemRole.LabelRole,
    QFormLayout.ItemRole.FieldRole,
    QFormLayout.ItemRole.SpanningRole,
)


def takes_tab(widget: QWidget) -> bool:
    """Whether Tab stops at the widget itself (or at the one it hands its focus to)."""
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or widget.focusProxy() is not None


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    """The widgets a layout holds, top to bottom and left to right, looking into nested layouts."""
    if isinstance(layout, QFormLayout):
        found_items = [layout.itemAt(row, role) for row in range(layout.rowCount()) for role in ROLES]
    elif isinstance(layout, QGridLayout):
        cells: list[tuple[int, int, int]] = []
        for index in range(layout.count()):
            position: tuple[int, int, int, int] = layout.getItemPosition(index)  # type: ignore[assignment]
            cells.append((position[0], position[1], index))
        found_items = [layout.itemAt(index) for _row, _column, index in sorted(cells)]
    else:
        found_items = [layout.itemAt(index) for index in range(layout.count())]
    items = [item for item in found_items if item is not None]
    found: list[QWidget] = []
    for item in items:
        if (widget := item.widget()) is not None:
            found.append(widget)
        elif (inner := item.layout()) is not None:
            found.extend(_layout_widgets(inner))
    return found


def _inside(widget: QWidget) -> list[QWidget]:
    """The widgets a container shows, in the order they are laid out."""
    if isinstance(widget, QSplitter):
        return [part for index in range(widget.count()) if (part := widget.widget(index)) is not None]
    if isinstance(widget, QScrollArea):
        inner = widget.widget()
        return [inner] if inner is not None else []
    layout = widget.layout()
    return _layout_widgets(layout) if layout is not None else []


def stops(root: QWidget) -> list[QWidget]:
    """The widgets Tab should stop at inside ``root``, in reading order; a composite field counts once."""
    found: list[QWidget] = []
    for widget in _inside(root):
        inner = stops(widget)
        # A field that hands its focus to one of several parts of its own (a tick and a date) is walked
        # part by part; one that hands it to its only part counts once; a scroll area, then what it holds.
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found += [widget, *inner]
        elif widget.focusProxy() is not None and len(inner) < 2:
            found.append(widget)
        else:
            found += inner
    return found


def follow_layout(root: QWidget) -> list[QWidget]:
    """Make Tab walk the widgets of ``root`` in the order they are laid out; the order made."""
    order = stops(root)
    for first, second in pairwise(order):
        QWidget.setTabOrder(first, second)
    return order


def first_field(root: QWidget) -> QWidget | None:
    """The first widget laid out in ``root`` that can take the focus now."""
    return next((w for w in stops(root) if w.isEnabled() and w.isVisibleTo(root)), None)


def plain_standard_buttons(buttons: QDialogButtonBox) -> None:
    """Take the letter off OK and Cancel (some desktops give them one): Enter and Escape press them."""
    for button in buttons.buttons():
        if buttons.standardButton(button) != QDialogButtonBox.StandardButton.NoButton:
            _drop_letter(button)


def _drop_letter(button: QAbstractButton) -> None:
    text = button.text()
    if "&" in text.replace("&&", ""):
        button.setText(text.replace("&&", "\0").replace("&", "").replace("\0", "&&"))


class _FollowLayout(QObject):
    """Set the Tab order and the first focus when the form is first shown, once it is complete."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the first show: Tab in reading order, the focus on the first field unless already placed."""
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            follow_layout(watched)
            if watched.focusWidget() is None and (first := first_field(watched)) is not None:
                first.setFocus(Qt.FocusReason.TabFocusReason)
        return False


def keep_reading_order(form: QWidget) -> None:
    """When ``form`` first opens, Tab walks its fields as laid out and the first field has the focus."""
    form.installEventFilter(_FollowLayout(form))
