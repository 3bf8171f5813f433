"""File ▸ Open Shared Plan…: a plan on the company's PostgreSQL server, its password never stored."""

from __future__ import annotations

import getpass
from urllib.parse import quote, unquote, urlsplit

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.domain.records import EntityKind
from smarket_planner.ui.kit.background import BackgroundRunner, Cancelled, Progress

DRIVER = "postgresql+psycopg"
DEFAULT_PORT = 5432


def is_shared(location: str) -> bool:
    """Whether a plan lives on a database server (named by an address) rather than in a file."""
    return "://" in location


def shared_address(host: str, port: int, database: str, user: str) -> str:
    """The address of a plan database, as the app opens it: never with a password in it."""
    who = f"{quote(user, safe='')}@" if user else ""
    return f"{DRIVER}://{who}{host.strip()}:{port}/{quote(database.strip(), safe='')}"


def address_parts(location: str) -> tuple[str, int, str, str]:
    """Host, port, database and user of a plan database's address."""
    parts = urlsplit(location)
    return (
        parts.hostname or "",
        parts.port or DEFAULT_PORT,
        unquote(parts.path.lstrip("/")),
        unquote(parts.username or ""),
    )


def shared_name(location: str) -> str:
    """A shared plan as a menu names it: "plans on db.example.com"."""
    host, port, database, _ = address_parts(location)
    where = host if port == DEFAULT_PORT else f"{host}:{port}"
    return f"{database} on {where}"


def ask_password(parent: QWidget | None, location: str, reason: str) -> str | None:
    """Ask for the password of a shared plan (kept only while it is open); None if the user declines."""
    text, given = QInputDialog.getText(
        parent,
        "Password",
        f"{reason}\n\nPassword for {shared_name(location)}:",
        QLineEdit.EchoMode.Password,
    )
    return text if given else None


def _probe(location: str, password: str | None) -> str:
    """Open the plan database and close it again; what was found there, in a sentence."""
    from smarket_planner import services  # on the runner's thread, once the user asks

    with services.open_existing(location, password=password) as plan:
        people = services.counts(plan)[EntityKind.PERSON]
        return f"Connected: the plan '{plan.title}', with {people} people."


class SharedPlanDialog(QDialog):
    """Where the shared plan is: host, port, database and user; the password is asked, never kept."""

    def __init__(self, recent: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open Shared Plan")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel("A plan your company shares on its PostgreSQL server. Ask whoever runs it for these.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.recent = QComboBox()
        self.recent.addItem("Choose one you opened before…", "")
        for location in recent:
            self.recent.addItem(shared_name(location), location)
        self.recent.setVisible(bool(recent))
        self.recent.currentIndexChanged.connect(self._fill_from_recent)
        if recent:
            form.addRow("&Recent:", self.recent)
        self.host = QLineEdit()
        self.host.setPlaceholderText("db.example.com")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit()
        self.database.setPlaceholderText("plans")
        self.user = QLineEdit(_login_name())
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("from PGPASSWORD or ~/.pgpass if empty; never stored")
        for label, widget in (
            ("&Host:", self.host),
            ("&Port:", self.port),
            ("&Database:", self.database),
            ("&User:", self.user),
            ("Pass&word:", self.password),
        ):
            form.addRow(label, widget)
        layout.addLayout(form)
        testing = QHBoxLayout()
        self.test_button = QPushButton("&Test Connection")
        self.test_button.clicked.connect(self.test_connection)
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        testing.addWidget(self.test_button)
        testing.addWidget(self.verdict, 1)
        layout.addLayout(testing)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = self.buttons.addButton("&Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for field in (self.host, self.database, self.user):
            field.textChanged.connect(self._allow_open)
        self.runner = BackgroundRunner(self)
        self.runner.finished.connect(lambda said: self._tested(str(said), ok=True))
        self.runner.failed.connect(lambda said: self._tested(said, ok=False))
        self._allow_open()

    def location(self) -> str:
        """The address of the plan the fields describe (no password in it)."""
        return shared_address(self.host.text(), self.port.value(), self.database.text(), self.user.text())

    def secret(self) -> str | None:
        """The password typed, if any; it goes to the connection only."""
        return self.password.text() or None

    def _allow_open(self) -> None:
        filled = all(field.text().strip() for field in (self.host, self.database))
        self.open_button.setEnabled(filled)
        self.test_button.setEnabled(filled and not self.runner.busy)

    def _fill_from_recent(self, index: int) -> None:
        location = str(self.recent.itemData(index) or "")
        if not location:
            return
        host, port, database, user = address_parts(location)
        self.host.setText(host)
        self.port.setValue(port)
        self.database.setText(database)
        self.user.setText(user)

    def test_connection(self) -> None:
        """Try the server with what was typed, off the window's thread; say what happened."""
        location, password = self.location(), self.secret()

        def work(_progress: Progress, _cancelled: Cancelled) -> str:
            return _probe(location, password)  # a refusal comes back as the runner's "failed"

        self.verdict.setText("Connecting…")
        self.test_button.setEnabled(False)
        self.runner.start(work)

    def _tested(self, said: str, *, ok: bool) -> None:
        self.verdict.setText(("✓ " if ok else "✗ ") + said)
        self.verdict.setToolTip(said)
        self._allow_open()


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
