"""Fix… on a finding: the edit that remedies it, prefilled, applied as one undo step."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QRadioButton,
    QWidget,
)

from smarket_planner import services
from smarket_planner.analysis.model import EntityRef, Finding, FindingKind
from smarket_planner.domain.enums import KpiCommitment, RaciLetter
from smarket_planner.domain.records import EntityKind, Kpi, Question
from smarket_planner.services import Remedy
from smarket_planner.services.views.log_view import person_choices
from smarket_planner.services.views.open_roles_view import open_roles
from smarket_planner.services.views.staffing_view import percent
from smarket_planner.ui.kit.edit_dialog import EditDialog
from smarket_planner.ui.kit.form_fields import PercentBox, edit_together
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.logs.log_parts import saver
from smarket_planner.ui.logs.question_dialog import QuestionDialog
from smarket_planner.ui.team.candidates_dialog import CandidatesDialog
from smarket_planner.ui.team.people_dialogs import AddMemberDialog

K = EntityKind


def fix_finding(session: PlanSession, finding: Finding, parent: QWidget) -> bool:
    """Open the edit that remedies a finding, filled in; whether the manager made it."""
    remedy = services.remedy_for(session.plan, finding)
    if remedy is None:
        QMessageBox.information(
            parent, "Nothing to fix", "What this finding names has changed; the findings are being updated."
        )
        return False
    dialog = fix_dialog(session, remedy, parent)
    made = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return made


def fix_dialog(session: PlanSession, remedy: Remedy, parent: QWidget | None = None) -> EditDialog:
    """The dialog that applies a remedy: a share to lower, an owner or an accountable to pick, pay to move,
    a question to answer or to give a later date."""
    if remedy.target.kind is K.OPEN_ROLE:
        return _candidates_dialog(session, remedy, parent)
    if remedy.finding.kind is FindingKind.MISSING_FUNCTION:
        return _member_dialog(session, remedy, parent)
    if remedy.finding.kind is FindingKind.OVERDUE_QUESTION:
        return _question_dialog(session, remedy, parent)
    return FixDialog(session, remedy, parent)


def _question_dialog(session: PlanSession, remedy: Remedy, parent: QWidget | None) -> QuestionDialog:
    """The overdue question in its own dialog, opened at its answer: answer it, or move its date."""
    question = services.get(session.plan, K.QUESTION, remedy.target.id)
    assert isinstance(question, Question)  # asked for by its kind
    label = f"Edit question '{remedy.target.name}'"
    apply = saver(session, K.QUESTION, question, label, lambda _ident: None)
    people = person_choices(session.plan, question.task_force_id)
    return QuestionDialog(session, remedy.title, apply, people, question, parent, answering=True)


def _candidates_dialog(session: PlanSession, remedy: Remedy, parent: QWidget | None) -> CandidatesDialog:
    """Who could take the open role the finding names, ready to fill it."""
    role = next(r for r in open_roles(session.plan, include_resting=True) if r.id == remedy.target.id)
    dialog = CandidatesDialog(session, role, parent)
    dialog.setWindowTitle(remedy.title)
    return dialog


def _member_dialog(session: PlanSession, remedy: Remedy, parent: QWidget | None) -> AddMemberDialog:
    """The Add member dialog of the team, searching the roster for the missing function."""
    dialog = AddMemberDialog(session, remedy.target.id, parent)
    dialog.setWindowTitle(remedy.title)
    if isinstance(remedy.proposed, EntityRef):
        dialog.people.search.setText(remedy.proposed.name)
    return dialog


class FixDialog(EditDialog):
    """One remedy as a small form: what the finding says to do, with the values it proposes."""

    def __init__(self, session: PlanSession, remedy: Remedy, parent: QWidget | None = None) -> None:
        super().__init__(session, remedy.title, parent, min_width=460)
        self.remedy = remedy
        action = QLabel(remedy.finding.action)
        action.setWordWrap(True)
        self.form.addRow(action)
        kind = remedy.finding.kind
        self.share = PercentBox(remedy.proposed if isinstance(remedy.proposed, float) else 0.0)
        self.choice = QComboBox()
        for choice in remedy.choices:
            self.choice.addItem(_label(choice), choice)
        if isinstance(remedy.proposed, EntityRef):
            self.choice.setCurrentIndex(remedy.choices.index(remedy.proposed))
        self.commit_it = QRadioButton("Make it a &committed KPI")
        self.move_it = QRadioButton("&Move its incentive to:")
        if kind is FindingKind.OVER_ALLOCATION:
            self.add_field("allocation_pct", "&New share:", self.share, "The share of the person's week")
        elif kind in (FindingKind.SILO_GOAL, FindingKind.SILO_KPI):
            self.add_field("owner_function_ids", "&Add owner:", self.choice)
        elif kind is FindingKind.RACI_NO_ACCOUNTABLE:
            self.add_field("letter", "&Accountable:", self.choice)
        else:  # pay on a stretch KPI
            group = QButtonGroup(self)
            for button in (self.commit_it, self.move_it):
                group.addButton(button)
            self.commit_it.setChecked(True)
            self.form.addRow(self.commit_it)
            self.form.addRow(self.move_it, self.choice)
            self.fields["incentive_pct"] = self.choice
            self.move_it.setEnabled(bool(remedy.choices))
            self.choice.setEnabled(False)
            self.move_it.toggled.connect(self.choice.setEnabled)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Fix")

    def commit(self) -> bool | None:
        """Make the remedy's edit as one undo step."""
        plan, remedy, target = self.session.plan, self.remedy, self.remedy.target
        kind, label = remedy.finding.kind, remedy.title
        picked: EntityRef | None = self.choice.currentData()
        if kind is FindingKind.OVER_ALLOCATION:
            share = self.share.value()
            return self.edit(
                lambda: services.update(plan, K.MEMBERSHIP, target.id, allocation_pct=share), label
            )
        if picked is None:
            self.show_error("Pick one from the list first.", "")
            return False
        if kind in (FindingKind.SILO_GOAL, FindingKind.SILO_KPI):
            owners = (
                *getattr(services.get(plan, target.kind, target.id), "owner_function_ids", ()),
                picked.id,
            )
            return self.edit(
                lambda: services.update(plan, target.kind, target.id, owner_function_ids=owners), label
            )
        if kind is FindingKind.RACI_NO_ACCOUNTABLE:
            holder = {"function_id": picked.id} if picked.kind is K.FUNCTION else {"person_id": picked.id}
            return self.edit(
                lambda: services.set_raci(plan, target.id, RaciLetter.ACCOUNTABLE, **holder), label
            )
        if self.commit_it.isChecked():
            committed = KpiCommitment.COMMITTED
            return self.edit(lambda: services.update(plan, K.KPI, target.id, commitment=committed), label)
        return self._move_pay(picked) or None

    def _move_pay(self, to: EntityRef) -> bool:
        """Move the stretch KPI's incentive onto a committed one, both changes one undo step."""
        plan, source = self.session.plan, self.remedy.target
        stretch = services.get(plan, K.KPI, source.id)
        other = services.get(plan, K.KPI, to.id)
        assert isinstance(stretch, Kpi) and isinstance(other, Kpi)
        total = other.incentive_pct + stretch.incentive_pct
        edits: list[Any] = [
            lambda: services.update(plan, K.KPI, source.id, incentive_pct=0.0),
            lambda: services.update(plan, K.KPI, to.id, incentive_pct=total),
        ]
        label = f"Move {percent(stretch.incentive_pct)} incentive to '{other.title}'"
        return edit_together(self.session, label, edits) == len(edits)


def _label(choice: EntityRef) -> str:
    """A choice as the list shows it: a person or a function said as such."""
    return f"{choice.name} ({choice.kind.label})" if choice.kind in (K.FUNCTION, K.PERSON) else choice.name
