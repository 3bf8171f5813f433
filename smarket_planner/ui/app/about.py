"""Help ▸ About: the version, the licences of the fonts and icon it ships, and where its files live."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import __version__
from smarket_planner.resources import resource
from smarket_planner.ui.app.settings import AppSettings, data_dir
from smarket_planner.ui.kit.icons import APP_ID, ICON_SIZES, app_icon

SELECTABLE = Qt.TextInteractionFlag.TextBrowserInteraction


@dataclass(frozen=True)
class Shipped:
    """A font or icon shipped with the program: its files, its licence, and the licence's full text."""

    name: str
    files: tuple[str, ...]  # under resources/, such as "fonts/Symbola.ttf"
    licence: str
    texts: tuple[str, ...]  # the licence files, under resources/

    def full_text(self) -> str:
        """The licence in full, as shipped beside the files."""
        return "\n\n".join(resource(*text.split("/")).read_text(encoding="utf-8") for text in self.texts)


SHIPPED = (
    Shipped(
        "DejaVu Sans (font)",
        ("fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf"),
        "Bitstream Vera licence; DejaVu's changes are in the public domain",
        ("fonts/LICENSE-DejaVu.txt",),
    ),
    Shipped(
        "WenQuanYi Micro Hei (font)",
        ("fonts/WenQuanYiMicroHei.ttc",),
        "Apache License 2.0 (or GPL 3 or later with the font exception)",
        ("fonts/LICENSE-WenQuanYi.txt", "fonts/LICENSE-Apache-2.0.txt"),
    ),
    Shipped(
        "Symbola (font)",
        ("fonts/Symbola.ttf",),
        "Free for any use: to open, modify, package and redistribute",
        ("fonts/LICENSE-Symbola.txt",),
    ),
    Shipped(
        "The smarket_planner icon",
        ("icons/smarket-planner.svg", *(f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in ICON_SIZES)),
        "MIT licence, as the program itself; every other icon is drawn by Qt's style",
        ("icons/LICENSE.md",),
    ),
)


def backup_folder(settings: AppSettings) -> str:
    """Where the backups of the last plan opened are: beside it, in its folder."""
    files = [plan for plan in settings.recent_plans() if "://" not in plan]
    return str(Path(files[0]).parent) if files else ""


class AboutDialog(QDialog):
    """What this program is, under which licences its fonts and icon ship, and where it keeps files."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("About smarket_planner")
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        heading = QLabel(
            f"<h2>smarket_planner {escape(__version__)}</h2>"
            "<p>Plan cross-functional task forces that pull in one direction: staffing, shared "
            "goals and KPIs, RACI, dependencies, risks and decisions.</p>"
            "<p>Free software under the MIT licence.</p>"
        )
        heading.setWordWrap(True)
        heading.setTextInteractionFlags(SELECTABLE)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(heading, 1)
        self.folders = QLabel()
        self.folders.setWordWrap(True)
        self.folders.setTextInteractionFlags(SELECTABLE)
        self.folders.setOpenExternalLinks(True)
        self.folders.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.folders.setMargin(8)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.folders, "Where Your Files Are")
        self.tabs.addTab(self._licences(), "Fonts and Icons")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(680, 560)
        self.refresh()

    def _licences(self) -> QWidget:
        """The list of what is shipped with its licence, and the full text of the one chosen."""
        self.shipped = QListWidget()
        self.shipped.setSpacing(2)
        for item in SHIPPED:
            self.shipped.addItem(f"{item.name}\n    {item.licence}")
        self.licence_text = QPlainTextEdit()
        self.licence_text.setReadOnly(True)
        self.licence_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.shipped.currentRowChanged.connect(self.show_licence)
        self.shipped.setCurrentRow(0)
        hint = QLabel("Choose one to read its licence in full below.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.shipped)
        split.addWidget(self.licence_text)
        split.setSizes([150, 250])
        split.setChildrenCollapsible(False)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(hint)
        column.addWidget(split, 1)
        return page

    def show_licence(self, row: int) -> None:
        """Show the full licence of one shipped font or icon."""
        if 0 <= row < len(SHIPPED):
            self.licence_text.setPlainText(SHIPPED[row].full_text())

    def refresh(self) -> None:
        """Say where settings, the demo plan and backups are, and the plans opened lately."""
        backups = backup_folder(self.settings)
        last = f"<br>Those of the last plan opened: {_folder(backups)}" if backups else ""
        recent = "".join(f"<li>{escape(plan)}</li>" for plan in self.settings.recent_plans())
        self.folders.setText(
            "<p><b>Plans</b> are files ending in .smplan, wherever you save them. Every change is "
            "saved in the plan the moment you make it.</p>"
            + (f"<p>Opened lately:</p><ul>{recent}</ul>" if recent else "")
            + "<p><b>Backups</b> are kept beside each plan, in its folder, as "
            "<i>name</i>.backup-<i>date</i>-<i>time</i>.smplan: one is made before a plan written by "
            f"an older smarket_planner is upgraded.{last}</p>"
            "<p><b>Settings</b>: what the program remembers, such as the recent plans and its layout."
            f"<br>{_folder(str(self.settings.path.parent))}</p>"
            "<p><b>The program's own files</b>, such as the demo plan."
            f"<br>{_folder(str(data_dir()))}</p>"
        )


def _folder(path: str) -> str:
    """A folder's path, as a link that opens it."""
    return f'<a href="{QUrl.fromLocalFile(path).toString()}">{escape(path)}</a>'
