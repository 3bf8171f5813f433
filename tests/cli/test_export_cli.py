"""``smarket-planner export``: the four graphs to GraphML, GEXF, DOT (and PNG, SVG, PDF); exit codes."""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from smarket_planner import cli, services
from smarket_planner.demo.northwind import generate_demo
from tests.charter.conftest import team_names
from tests.cli.test_bad_plans import a_folder, empty_file, first_half, missing, random_bytes

RunCli = Callable[..., subprocess.CompletedProcess[str]]
Snapshot = Callable[[Path], dict[str, str]]
LAUNCH = "Pulse 3.0 Launch"
GRAPHS = ["deliverables", "task-forces", "functions", "people"]
READERS: dict[str, Callable[[Path], nx.Graph]] = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "demo.smplan"
    generate_demo(path, today=date(2026, 11, 23))
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Path:
    """A copy of the demo plan in a folder of its own."""
    folder = tmp_path / "plans"
    folder.mkdir()
    return Path(shutil.copy(demo_file, folder / "demo.smplan"))


@pytest.fixture(scope="module")
def teams(demo_file: Path) -> dict[str, int]:
    with services.open_existing(demo_file) as plan:
        return {name: ident for ident, name in team_names(plan).items()}


def one_line(err: str) -> str:
    """The single line a failed command writes to stderr."""
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {err!r}"
    assert lines[0].startswith("smarket-planner: ") and "Traceback" not in err
    return lines[0].removeprefix("smarket-planner: ")


def export(*args: str) -> int:
    return cli.main(["export", *args])


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "dot"])
@pytest.mark.parametrize("graph", GRAPHS)
def test_each_graph_in_each_format(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], snapshot: Snapshot, graph: str, fmt: str
) -> None:
    out = tmp_path / f"{graph}.{fmt}"
    before = sha256(demo)

    assert export(str(demo), "-o", str(out), "--graph", graph) == cli.EXIT_OK

    captured = capsys.readouterr()
    assert captured.err == ""
    label = graph.replace("-", " ")
    assert captured.out.startswith(f"Wrote the {label} graph (") and captured.out.endswith(f" to {out}\n")
    count = int(captured.out.split("(")[1].split()[0])
    assert count > 0
    if fmt == "dot":
        text = out.read_text(encoding="utf-8")
        assert text.startswith("digraph " if graph in ("deliverables", "task-forces") else "graph ")
        prefix = {"deliverables": "deliverable", "task-forces": "task_force", "people": "person"}.get(
            graph, "function"
        )
        assert f'"{prefix}:' in text
        drawn = subprocess.run(["dot", "-Tsvg", str(out)], capture_output=True, text=True, check=False)
        assert drawn.returncode == 0, drawn.stderr
    else:
        read = READERS[fmt](out)
        assert read.number_of_nodes() == count
        assert read.is_directed() is (graph in ("deliverables", "task-forces"))
        assert all("x" in facts and "y" in facts for _, facts in read.nodes(data=True))
    assert sha256(demo) == before  # the plan is only read
    assert sorted(os.listdir(tmp_path)) == sorted(["plans", out.name])


def test_the_format_option_wins_over_the_name(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.txt"

    assert export(str(demo), "-o", str(out), "--format", "graphml") == cli.EXIT_OK

    assert nx.read_graphml(out).number_of_nodes() > 0


def test_the_name_ending_is_read_in_any_case(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "People.GEXF"

    assert export(str(demo), "-o", str(out), "--graph", "people") == cli.EXIT_OK

    assert nx.read_gexf(out).number_of_nodes() > 0


def test_one_task_force_by_name_and_by_number(demo: Path, teams: dict[str, int], tmp_path: Path) -> None:
    by_name, by_number, whole = (
        tmp_path / "name.graphml",
        tmp_path / "number.graphml",
        tmp_path / "all.graphml",
    )

    assert export(str(demo), "-o", str(by_name), "--task-force", "pulse 3.0 LAUNCH") == cli.EXIT_OK
    assert export(str(demo), "-o", str(by_number), "--task-force", str(teams[LAUNCH])) == cli.EXIT_OK
    assert export(str(demo), "-o", str(whole)) == cli.EXIT_OK

    named, numbered, everything = (nx.read_graphml(p) for p in (by_name, by_number, whole))
    assert nx.utils.graphs_equal(named, numbered)
    assert named.graph["name"] == f"Deliverables — {LAUNCH}"
    own = {n for n, facts in named.nodes(data=True) if not facts["external"]}
    assert own and all(named.nodes[n]["task_force"] == LAUNCH for n in own)
    assert set(named.nodes) < set(everything.nodes)


def test_several_task_forces(demo: Path, teams: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "two.graphml"
    other = next(name for name in teams if name != LAUNCH)

    code = export(
        str(demo), "-o", str(out), "--graph", "task-forces", "--task-force", LAUNCH, "--task-force", other
    )

    assert code == cli.EXIT_OK
    labels = {facts["label"] for _, facts in nx.read_graphml(out).nodes(data=True) if not facts["external"]}
    assert labels == {LAUNCH, other}


def test_an_unknown_task_force_is_one_line_and_exit_1(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.graphml"

    assert export(str(demo), "-o", str(out), "--task-force", "Moonshot") == cli.EXIT_FAILED

    captured = capsys.readouterr()
    assert "Moonshot" in one_line(captured.err)
    assert captured.out == "" and not out.exists()


@pytest.mark.parametrize("name", ["graph", "graph.txt", "graph.jpeg", "graph."])
def test_no_format_and_an_unknown_ending_is_a_usage_error(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    out = tmp_path / name

    assert export(str(demo), "-o", str(out)) == cli.EXIT_USAGE

    message = one_line(capsys.readouterr().err)
    assert "--format" in message and "graphml" in message
    assert not out.exists()


def test_an_unknown_format_option_is_a_usage_error(demo: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        export(str(demo), "-o", str(tmp_path / "g.graphml"), "--format", "jpeg")
    assert stopped.value.code == cli.EXIT_USAGE


def test_out_a_folder_is_a_usage_error(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "graphs.graphml"
    folder.mkdir()

    assert export(str(demo), "-o", str(folder)) == cli.EXIT_USAGE

    assert "is a folder" in one_line(capsys.readouterr().err)
    assert os.listdir(folder) == []


def test_a_missing_folder_fails(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "nowhere" / "graph.graphml"

    assert export(str(demo), "-o", str(out)) == cli.EXIT_FAILED

    assert "does not exist" in one_line(capsys.readouterr().err)
    assert not out.parent.exists()


@pytest.mark.parametrize("dpi", ["0", "-5", "many", "1201"])
def test_a_bad_dpi_is_a_usage_error(run_cli: RunCli, demo: Path, tmp_path: Path, dpi: str) -> None:
    result = run_cli("export", str(demo), "-o", "g.graphml", "--dpi", dpi, cwd=tmp_path)

    assert result.returncode == cli.EXIT_USAGE, result.stderr
    assert "--dpi" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "g.graphml").exists()


@pytest.mark.parametrize(
    "args",
    [["-o", "g.dot", "--graph", "teams"], ["--output"], [], ["-o", "g.dot", "--task-force"]],
    ids=["unknown graph", "no OUT after -o", "no OUT", "no task force after the option"],
)
def test_bad_options_are_usage_errors(demo: Path, args: list[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        export(str(demo), *args)
    assert stopped.value.code == cli.EXIT_USAGE


@pytest.mark.parametrize(
    ("build", "says"),
    [
        pytest.param(empty_file, "is empty", id="empty file"),
        pytest.param(random_bytes, "is not a smarket_planner plan", id="random bytes"),
        pytest.param(first_half, "is damaged", id="truncated plan"),
        pytest.param(a_folder, "is a folder", id="folder"),
        pytest.param(missing, "There is no plan at", id="missing"),
    ],
)
def test_an_unusable_plan_is_exit_3_and_left_alone(
    run_cli: RunCli,
    demo_file: Path,
    tmp_path: Path,
    snapshot: Snapshot,
    build: Callable[[Path, Path], Path],
    says: str,
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    bad = build(folder, demo_file)
    before = snapshot(folder)
    inside = snapshot(bad) if bad.is_dir() else None
    out = tmp_path / "graph.graphml"

    result = run_cli("export", bad.name, "-o", str(out), cwd=folder)

    assert result.returncode == cli.EXIT_BAD_PLAN, result.stdout + result.stderr
    assert result.stdout == ""
    message = one_line(result.stderr)
    assert says in message and bad.name in message
    assert snapshot(folder) == before  # not a byte changed, nothing left beside it
    if inside is not None:
        assert snapshot(bad) == inside
    assert not out.exists()


def test_exporting_leaves_the_plan_folder_as_it_was(run_cli: RunCli, demo: Path, snapshot: Snapshot) -> None:
    before = snapshot(demo.parent)
    out = demo.parent.parent / "people.dot"

    result = run_cli("export", demo.name, "-o", str(out), "--graph", "people", cwd=demo.parent)

    assert result.returncode == cli.EXIT_OK, result.stderr
    assert snapshot(demo.parent) == before
    assert out.read_text(encoding="utf-8").startswith("graph ")


# Drawn formats: through the app's renderer (PySide6) ----------------------------------------------


@pytest.fixture
def renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("PySide6", reason="drawing a graph needs PySide6")
    pytest.importorskip(
        "smarket_planner.ui.graph.render", reason="smarket_planner.ui.graph.render is not written yet"
    )
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.gui
@pytest.mark.usefixtures("renderer")
@pytest.mark.parametrize("graph", GRAPHS)
def test_png_at_the_resolution_asked(run_cli: RunCli, demo: Path, tmp_path: Path, graph: str) -> None:
    low, high = tmp_path / "low.png", tmp_path / "high.png"

    for out, dpi in ((low, "72"), (high, "144")):
        result = run_cli("export", str(demo), "-o", str(out), "--graph", graph, "--dpi", dpi)
        assert result.returncode == cli.EXIT_OK, result.stderr

    (w1, h1), (w2, h2) = png_size(low), png_size(high)
    assert w1 > 0 and h1 > 0
    # Twice the dots per inch: twice the pixels each way (give or take the rounding of a pixel).
    assert abs(w2 - 2 * w1) <= 2 and abs(h2 - 2 * h1) <= 2
    if shutil.which("file"):
        kind = subprocess.run(["file", "-b", str(high)], capture_output=True, text=True, check=False).stdout
        assert f"{w2} x {h2}" in kind


@pytest.mark.gui
@pytest.mark.usefixtures("renderer")
@pytest.mark.parametrize("graph", GRAPHS)
def test_svg_parses(run_cli: RunCli, demo: Path, tmp_path: Path, graph: str) -> None:
    out = tmp_path / "graph.svg"

    result = run_cli("export", str(demo), "-o", str(out), "--graph", graph)

    assert result.returncode == cli.EXIT_OK, result.stderr
    assert ET.parse(out).getroot().tag.endswith("svg")


@pytest.mark.gui
@pytest.mark.usefixtures("renderer")
@pytest.mark.parametrize("graph", GRAPHS)
def test_pdf_passes_qpdf(run_cli: RunCli, demo: Path, tmp_path: Path, graph: str) -> None:
    out = tmp_path / "graph.pdf"

    result = run_cli("export", str(demo), "-o", str(out), "--graph", graph, "--task-force", LAUNCH)

    assert result.returncode == cli.EXIT_OK, result.stderr
    checked = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
