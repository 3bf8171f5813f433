"""What the app remembers between runs: recent plans, window layout, column widths, colour scheme."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from PySide6.QtCore import QByteArray, QSettings

from smarket_planner.ui.kit.scheme import ColourScheme

APP = "smarket_planner"
RECENT_LIMIT = 10
DEMO_PLAN_NAME = "Demo plan.smplan"
# Tests and portable installs point this at a folder of their own.
CONFIG_ENV = "SMARKET_PLANNER_CONFIG_DIR"


def config_dir() -> Path:
    """Where settings live: ~/.config/smarket_planner on Linux, unless overridden."""
    return Path(os.environ.get(CONFIG_ENV) or platformdirs.user_config_dir(APP))


def data_dir() -> Path:
    """Where the app keeps files of its own, such as the demo plan."""
    override = os.environ.get(CONFIG_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir(APP))


def templates_dir() -> Path:
    """Where the task-force templates the user saves are kept (listed after the shipped ones)."""
    return data_dir() / "templates"


class AppSettings:
    """The app's settings file (INI), read and written through QSettings."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "settings.ini"
        self._store = QSettings(str(self.path), QSettings.Format.IniFormat)

    def recent_plans(self) -> list[str]:
        """Plans opened lately, newest first."""
        value = self._store.value("recent_plans", [])
        # INI files give back a lone plan as a string, and none at all as an empty value.
        plans = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        return [str(item) for item in plans][:RECENT_LIMIT]

    def add_recent(self, location: str) -> None:
        """Put a plan at the top of the recent list."""
        plans = [location] + [p for p in self.recent_plans() if p != location]
        self._store.setValue("recent_plans", plans[:RECENT_LIMIT])

    def forget_recent(self, location: str) -> None:
        """Drop a plan from the recent list (it was moved or deleted)."""
        self._store.setValue("recent_plans", [p for p in self.recent_plans() if p != location])

    def layout(self, key: str) -> QByteArray | None:
        """A saved geometry or state (window, splitter, table header)."""
        value = self._store.value(f"layout/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_layout(self, key: str, state: QByteArray) -> None:
        """Remember a geometry or state."""
        self._store.setValue(f"layout/{key}", state)

    def colour_scheme(self) -> ColourScheme:
        """Light, dark, or whatever the system shows (the default)."""
        value = str(self._store.value("view/colour_scheme", ColourScheme.SYSTEM.value))
        return ColourScheme(value) if value in set(ColourScheme) else ColourScheme.SYSTEM

    def set_colour_scheme(self, scheme: ColourScheme) -> None:
        """Remember the colour scheme chosen in the View menu."""
        self._store.setValue("view/colour_scheme", scheme.value)

    def confirmed_only(self) -> bool:
        """Whether the portfolio shows confirmed load alone, leaving out the pencil."""
        return str(self._store.value("view/confirmed_only", "false")).lower() == "true"

    def set_confirmed_only(self, confirmed_only: bool) -> None:
        """Remember the portfolio's Confirmed only box."""
        self._store.setValue("view/confirmed_only", "true" if confirmed_only else "false")

    def sync(self) -> None:
        """Write everything to disk now."""
        self._store.sync()
