"""Save as Template: a task force's goals, KPIs, RACI, deliverables and lessons as a template of one's own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind, TaskForce
from smarket_planner.domain.rules import NAME_MAX
from smarket_planner.services.actions import templates
from smarket_planner.ui.kit.edit_dialog import error_colour
from smarket_planner.ui.kit.focus import keep_reading_order, plain_standard_buttons
from smarket_planner.ui.kit.session import PlanSession

K = EntityKind
DESCRIPTION_LINES = 3


class SaveTemplateDialog(QDialog):
    """Asks for the template's name and description, then saves it; a refusal shows in place."""

    def __init__(
        self, session: PlanSession, task_force_id: int, folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save as Template")
        self.session = session
        self.folder = folder
        self.saved: Path | None = None
        record = services.get(session.plan, K.TASK_FORCE, task_force_id)
        assert isinstance(record, TaskForce)
        self.task_force = record
        lessons = len(services.find(session.plan, K.LESSON, task_force_id=task_force_id))
        learned = f", the {lessons} lessons it learned" if lessons > 1 else ", the lesson it learned"
        intro = QLabel(
            f"Save the goals and KPIs, the RACI by function, the deliverables"
            f"{learned if lessons else ''} and the rhythm of {record.name} as a template of your own, "
            "listed after the shipped ones when you form a new task force. People, check-ins, dates, "
            "risks and decisions stay with the task force.",
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.name = QLineEdit(record.name, self)
        self.name.setMaxLength(NAME_MAX)
        self.description = QPlainTextEdit(templates.default_description(record), self)
        self.description.setTabChangesFocus(True)
        lines = self.description.fontMetrics().lineSpacing() * DESCRIPTION_LINES
        self.description.setFixedHeight(lines + 2 * self.description.frameWidth() + 8)
        self.where = QLabel(self)
        self.where.setWordWrap(True)
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(f"color: {error_colour(self.palette()).name()};")
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        plain_standard_buttons(self.buttons)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Name:", self.name)
        form.addRow("&Description:", self.description)
        form.addRow("", self.where)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._name_changed)
        self._name_changed()
        keep_reading_order(self)
        self.resize(560, self.sizeHint().height())

    def _name_changed(self) -> None:
        name = self.name.text()
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(name.strip()))
        file = f"{templates.template_file_name(name)}.json"
        there = " (a template of yours has that file name: saving asks before replacing it)"
        self.where.setText(
            f"Saved as {file} in {self.folder}{there if (self.folder / file).exists() else ''}"
        )

    def accept(self) -> None:
        """Save the template, asking first before replacing one saved before; stay open and say
        why if it cannot be saved."""
        if self._save(force=False):
            super().accept()

    def _save(self, force: bool) -> bool:
        try:
            self.saved = templates.save_as_template(
                self.session.plan,
                self.task_force.id,
                self.folder,
                name=self.name.text(),
                description=self.description.toPlainText(),
                force=force,
            )
        except templates.TemplateExistsError as error:
            return self._replace(error.path)
        except DomainError as error:
            self.message.setText(str(error))
            self.message.show()
            self.name.setFocus()
            return False
        return True

    def _replace(self, path: Path) -> bool:
        """Ask whether to replace the template saved before under that file name; save if so."""
        try:
            earlier = templates.read_template_file(path, templates.USER_PREFIX + path.stem).name
        except DomainError:
            earlier = path.stem
        box = QMessageBox(QMessageBox.Icon.Question, "Replace Template?", "", parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the name is the user's words, never markup
        box.setText(f"Replace your template \u201c{earlier}\u201d?")
        box.setInformativeText(f"It was saved before as {path.name}; saving now writes over it.")
        replace = box.addButton("&Replace", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not replace:
            self.name.setFocus()
            self.name.selectAll()
            return False
        return self._save(force=True)


def save_as_template(parent: QWidget, session: PlanSession, task_force_id: int, folder: Path) -> Path | None:
    """Ask for a name and a description and save a task force as a template in ``folder``; the
    file written, or None if cancelled."""
    dialog = SaveTemplateDialog(session, task_force_id, folder, parent)
    return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
