"""The desktop app installed for one user: menu entry, icon, plans known and opened, and removed again."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sqlite3
import stat
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from smarket_planner import __version__, services
from smarket_planner.storage.plan_file import APPLICATION_ID, SUFFIX

REPO = Path(__file__).resolve().parents[2]
APP_ID = "io.github.smarketplanner.SmarketPlanner"
DESKTOP_ID = f"{APP_ID}.desktop"
MIME_TYPE = "application/x-smarket-plan"
SOURCES = REPO / "resources" / "desktop"
ICONS = REPO / "resources" / "icons" / "hicolor"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
# The tools the desktop files are checked and installed with, and the Debian package of each.
PACKAGES = {
    "desktop-file-validate": "desktop-file-utils",
    "update-desktop-database": "desktop-file-utils",
    "appstreamcli": "appstream",
    "xmllint": "libxml2-utils",
    "update-mime-database": "shared-mime-info",
    "xdg-mime": "xdg-utils",
    "gio": "libglib2.0-bin",
}


def tool(name: str) -> str:
    """The path of a desktop tool; the test fails (CI installs them all) when it is missing."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: apt-get install {PACKAGES[name]}")
    return path


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command to the end; text out, never raises."""
    return subprocess.run(
        args, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False, env=env
    )


def png_size(path: Path) -> tuple[int, int]:
    """The width and height written in a PNG file's header."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def desktop_entry(path: Path) -> dict[str, str]:
    """The keys of a desktop file's [Desktop Entry] group."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line and not line.startswith("#"))


@dataclass(frozen=True)
class Home:
    """A user's home folder of the test's own, with the XDG folders inside it."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / ".local" / "share"

    @property
    def config(self) -> Path:
        return self.root / ".config"

    @property
    def bin(self) -> Path:
        return self.root / ".local" / "bin"

    @property
    def installed(self) -> Path:
        return self.data / "smarket-planner"

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a session of this user; nothing of the test run's desktop leaks in."""
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(REPO),
            "LANG": "C.UTF-8",
            "HOME": str(self.root),
            "XDG_DATA_HOME": str(self.data),
            "XDG_CONFIG_HOME": str(self.config),
            "XDG_BIN_HOME": str(self.bin),
            "XDG_CACHE_HOME": str(self.root / ".cache"),
            # The system's database knows SQLite, which a plan is a kind of.
            "XDG_DATA_DIRS": f"{self.data}:/usr/share",
            "GIO_USE_VFS": "local",
            **extra,
        }

    def files(self) -> set[str]:
        """Every file, link and folder in the home folder but the caches, relative to it."""
        return {
            str(path.relative_to(self.root))
            for path in self.root.rglob("*")
            if path.relative_to(self.root).parts[0] != ".cache"
        }

    def content_type(self, path: Path) -> str:
        """What the desktop (GIO, as in the file manager) takes a file for."""
        answer = run(tool("gio"), "info", "-a", "standard::content-type", str(path), env=self.env())
        assert answer.returncode == 0, answer.stderr
        found = re.search(r"standard::content-type: (\S+)", answer.stdout)
        assert found, answer.stdout
        return found.group(1)

    def xdg_mime(self, *args: str, **extra: str) -> str:
        answer = run(tool("xdg-mime"), *args, env=self.env(**extra))
        return answer.stdout.strip()


Installer = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder shaped like the built program: the program, install.sh and the share/ tree."""
    folder = tmp_path_factory.mktemp("dist") / "smarket-planner"
    folder.mkdir()
    program = folder / "smarket-planner"
    program.write_text(
        "#!/bin/sh\n"
        "# Stands in for the bundled program; records how the desktop launched it when asked to.\n"
        'if [ -n "${LAUNCH_LOG:-}" ] && [ "$1" != --version ]; then\n'
        '    printf \'%s\\n\' "$@" >"$LAUNCH_LOG"\n'
        "    exit 0\n"
        "fi\n"
        f'exec {shlex.quote(sys.executable)} -m smarket_planner "$@"\n',
        encoding="utf-8",
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    shutil.copy2(REPO / "packaging" / "install.sh", folder / "install.sh")
    made = run("bash", str(REPO / "packaging" / "desktop-tree.sh"), str(folder))
    assert made.returncode == 0, made.stderr
    return folder


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A real plan, the same plan under a name ending .db, and another program's SQLite database."""
    folder = tmp_path_factory.mktemp("plans")
    plan = folder / f"launch{SUFFIX}"
    with services.new_plan(plan, title="Launch"):
        pass
    renamed = folder / "launch.db"
    shutil.copy2(plan, renamed)
    other = folder / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE note (text TEXT)")
    connection.close()
    return {"plan": plan, "renamed": renamed, "other": other}


def installer(bundle: Path, home: Home) -> Installer:
    """Run install.sh (the bundle's, or ``script``) with ``args`` as the user of ``home``."""

    def install(*args: str, script: Path | None = None) -> subprocess.CompletedProcess[str]:
        return run("bash", str(script or bundle / "install.sh"), *args, env=home.env())

    return install


@pytest.fixture(scope="module")
def installed(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Home:
    """smarket_planner installed from the bundle for a user of its own."""
    home = Home(tmp_path_factory.mktemp("home"))
    done = installer(bundle, home)()
    assert done.returncode == 0, done.stdout + done.stderr
    assert str(home.installed) in done.stdout
    return home


def test_the_desktop_file_is_valid() -> None:
    """The menu entry passes the freedesktop validator without a remark."""
    checked = run(tool("desktop-file-validate"), str(SOURCES / DESKTOP_ID))

    assert checked.returncode == 0 and checked.stdout == "", checked.stdout + checked.stderr
    entry = desktop_entry(SOURCES / DESKTOP_ID)
    assert entry["Icon"] == APP_ID
    assert entry["MimeType"] == f"{MIME_TYPE};"
    assert entry["Exec"].endswith(" %f")


def test_the_appstream_metainfo_is_valid(tmp_path: Path) -> None:
    """Software centres accept the app's description: no error, no warning, alone or with its files."""
    appstream = tool("appstreamcli")
    alone = run(appstream, "validate", "--no-net", str(SOURCES / f"{APP_ID}.metainfo.xml"))
    made = run("bash", str(REPO / "packaging" / "desktop-tree.sh"), str(tmp_path))
    assert made.returncode == 0, made.stderr
    tree = run(appstream, "validate-tree", "--no-net", str(tmp_path))

    for checked in (alone, tree):
        report = checked.stdout + checked.stderr
        assert checked.returncode == 0, report
        assert not re.search(r"^\s*[EW]:", report, re.MULTILINE), report


def test_the_plan_file_type_is_well_formed() -> None:
    """The plan file type is valid XML and knows a plan by the id in its SQLite header."""
    source = SOURCES / f"{APP_ID}.xml"
    checked = run(tool("xmllint"), "--noout", str(source))
    assert checked.returncode == 0, checked.stderr

    kind = ET.parse(source).getroot().find(f"{MIME_NS}mime-type")
    assert kind is not None and kind.get("type") == MIME_TYPE
    assert [glob.get("pattern") for glob in kind.iter(f"{MIME_NS}glob")] == [f"*{SUFFIX}"]
    magic = kind.find(f"{MIME_NS}magic")
    assert magic is not None and int(magic.get("priority", "50")) > 50  # above SQLite's own
    sqlite = magic.find(f"{MIME_NS}match")
    assert sqlite is not None and (sqlite.get("offset"), sqlite.get("value")) == ("0", "SQLite format 3\\0")
    application_id = sqlite.find(f"{MIME_NS}match")
    assert application_id is not None
    assert application_id.get("type") == "big32" and application_id.get("offset") == "68"
    assert int(application_id.get("value", ""), 16) == APPLICATION_ID


def test_the_release_in_the_metainfo_is_this_version() -> None:
    """Software centres show the version the program itself reports."""
    releases = ET.parse(SOURCES / f"{APP_ID}.metainfo.xml").getroot().findall("releases/release")

    assert releases and releases[0].get("version") == __version__


def test_the_icon_is_drawn_at_every_size_a_desktop_asks_for() -> None:
    """Menus, docks and software centres find a sharp icon at each size."""
    folders = {folder.name for folder in ICONS.iterdir()}

    assert folders == {f"{size}x{size}" for size in ICON_SIZES}
    for size in ICON_SIZES:
        assert png_size(ICONS / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)


def test_the_installed_app_runs_from_the_menu_and_the_command_line(installed: Home) -> None:
    """After installing, the menu entry and the smarket-planner command run the installed program."""
    program = installed.installed / "smarket-planner"
    desktop_file = installed.data / "applications" / DESKTOP_ID
    entry = desktop_entry(desktop_file)

    assert entry["Exec"] == f"{program} %f"
    assert entry["TryExec"] == str(program)
    checked = run(tool("desktop-file-validate"), str(desktop_file))
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout
    version = run(str(installed.bin / "smarket-planner"), "--version", env=installed.env())
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip().endswith(__version__)
    for name in (
        f"metainfo/{APP_ID}.metainfo.xml",
        f"icons/hicolor/scalable/apps/{APP_ID}.svg",
        *(f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png" for size in ICON_SIZES),
    ):
        assert (installed.data / name).is_file(), name


def test_a_plan_is_known_by_its_content_whatever_its_name(installed: Home, plans: dict[str, Path]) -> None:
    """The file manager knows a plan, even renamed to .db, and tells it from other SQLite files."""
    assert installed.content_type(plans["plan"]) == MIME_TYPE
    assert installed.content_type(plans["renamed"]) == MIME_TYPE
    assert installed.content_type(plans["other"]) == "application/vnd.sqlite3"
    for name in (
        "plan",
        "renamed",
    ):  # xdg-mime asks GIO on GNOME (elsewhere file(1), which knows only SQLite)
        found = installed.xdg_mime("query", "filetype", str(plans[name]), XDG_CURRENT_DESKTOP="GNOME")
        assert found == MIME_TYPE


def test_a_double_clicked_plan_opens_in_smarket_planner(installed: Home, plans: dict[str, Path]) -> None:
    """smarket_planner is the default program for plans, and opening one runs it on that plan."""
    log = installed.root / "launched.txt"

    assert installed.xdg_mime("query", "default", MIME_TYPE) == DESKTOP_ID
    opened = run(tool("gio"), "open", str(plans["renamed"]), env=installed.env(LAUNCH_LOG=str(log)))
    assert opened.returncode == 0, opened.stderr
    deadline = time.monotonic() + 30
    while not log.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert log.read_text(encoding="utf-8").splitlines() == [str(plans["renamed"])]


def test_a_home_folder_with_a_space_in_its_name_is_fine(
    bundle: Path, plans: dict[str, Path], tmp_path: Path
) -> None:
    """Installed under a folder name with a space, the menu entry still runs the program on the plan."""
    home = Home(tmp_path / "Jane Doe")
    log = tmp_path / "launched.txt"

    done = installer(bundle, home)()
    assert done.returncode == 0, done.stdout + done.stderr
    desktop_file = home.data / "applications" / DESKTOP_ID
    checked = run(tool("desktop-file-validate"), str(desktop_file))
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout
    assert desktop_entry(desktop_file)["Exec"] == f'"{home.installed / "smarket-planner"}" %f'
    opened = run(tool("gio"), "open", str(plans["plan"]), env=home.env(LAUNCH_LOG=str(log)))
    assert opened.returncode == 0, opened.stderr
    deadline = time.monotonic() + 30
    while not log.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert log.read_text(encoding="utf-8").splitlines() == [str(plans["plan"])]


def test_uninstall_removes_everything_installed_and_keeps_the_users_files(
    bundle: Path, plans: dict[str, Path], tmp_path: Path
) -> None:
    """Installing twice and uninstalling leaves the home folder as it was, settings and plans included."""
    home = Home(tmp_path / "home")
    settings = home.config / "smarket_planner" / "smarket_planner.ini"
    settings.parent.mkdir(parents=True)
    settings.write_text("[recent]\nplans=/home/jane/launch.smplan\n", encoding="utf-8")
    own_plan = home.data / "smarket_planner" / f"demo{SUFFIX}"
    own_plan.parent.mkdir(parents=True)
    shutil.copy2(plans["plan"], own_plan)
    before = home.files()
    install = installer(bundle, home)

    for _ in range(2):  # the second install replaces the first
        done = install()
        assert done.returncode == 0, done.stdout + done.stderr
    manifest = (home.installed / "install-manifest.txt").read_text(encoding="utf-8").splitlines()
    assert install(script=home.installed / "install.sh").returncode == 0  # again, from the installed copy
    assert home.content_type(plans["plan"]) == MIME_TYPE
    gone = install("--uninstall", script=home.installed / "install.sh")

    assert gone.returncode == 0, gone.stdout + gone.stderr
    assert home.files() == before
    assert not [line for line in manifest if Path(line.split("\t", 1)[1]).exists()]
    assert settings.read_text(encoding="utf-8") == "[recent]\nplans=/home/jane/launch.smplan\n"
    assert own_plan.read_bytes() == plans["plan"].read_bytes()
    assert home.content_type(plans["plan"]) == "application/vnd.sqlite3"
    assert home.xdg_mime("query", "default", MIME_TYPE) == ""
    again = install("--uninstall")
    assert again.returncode == 0 and "nothing to remove" in again.stdout


def test_install_refuses_to_run_outside_the_program_folder(tmp_path: Path) -> None:
    """Run from the source tree, install.sh says where to run it from and installs nothing."""
    home = Home(tmp_path / "home")
    home.root.mkdir()

    refused = run("bash", str(REPO / "packaging" / "install.sh"), env=home.env())

    assert refused.returncode == 1
    assert "inside the unpacked smarket-planner folder" in refused.stderr
    assert home.files() == set()
