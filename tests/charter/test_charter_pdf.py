"""Charters as real PDF files: sound (qpdf), holding what the plan says (pdftotext), on the right paper."""

from __future__ import annotations

import re
import subprocess
from itertools import pairwise
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.charter.paragraph import ScriptParagraph
from smarket_planner.domain.errors import CharterError
from smarket_planner.domain.records import Goal, Kpi, Membership, Person, TaskForce
from smarket_planner.services import Plan
from smarket_planner.services.reports.charter import (
    CharterOptions,
    PageSize,
    Section,
    write_task_force_charter,
)
from smarket_planner.services.reports.charter_batch import all_task_force_ids
from tests.charter.conftest import (
    A4,
    LETTER,
    TODAY,
    K,
    fetch,
    flat,
    found,
    new_id,
    page_count,
    page_sizes,
    pdf_text,
    qpdf_clean,
    readable,
    task_force,
)


def write(plan: Plan, ident: int, path: Path, **options: object) -> Path:
    """Write a charter (today fixed) and check that qpdf finds it sound."""
    chosen = CharterOptions(**options) if options else None  # type: ignore[arg-type]
    written = write_task_force_charter(plan, ident, path, chosen, today=TODAY)
    assert written == path and path.stat().st_size > 1000
    qpdf_clean(path)
    return path


def launch_id(demo: Plan) -> int:
    (launch,) = found(demo, TaskForce, name="Pulse 3.0 Launch")
    return launch.id


def names_on(plan: Plan, ident: int) -> list[str]:
    """The names of a task force's members, read through the services."""
    memberships = found(plan, Membership, task_force_id=ident)
    people = found(plan, Person, id=[m.person_id for m in memberships])
    assert len(people) == len(memberships)
    return [person.name for person in people]


def test_the_launch_charter_holds_its_people_goals_kpis_and_leaders(demo: Plan, tmp_path: Path) -> None:
    ident = launch_id(demo)
    team = fetch(demo, TaskForce, ident)
    goals = found(demo, Goal, task_force_id=ident)
    kpis = found(demo, Kpi, goal_id=[goal.id for goal in goals])
    members = names_on(demo, ident)
    assert len(members) >= 10 and len(goals) >= 3 and len(kpis) >= 5, "the demo launch shrank"
    leaders = [fetch(demo, Person, who).name for who in (team.sponsor_id, team.lead_id)]

    path = write(demo, ident, tmp_path / "launch.pdf")

    text = flat(pdf_text(path))
    for expected in [*members, *(goal.title for goal in goals), *(kpi.title for kpi in kpis), *leaders]:
        assert expected in text, f"{expected!r} is missing from the charter"
    assert "李雷" in leaders  # the sponsor's name needs the CJK font
    pages = page_count(path)
    assert pages >= 2
    for number in range(1, pages + 1):
        page = flat(pdf_text(path, first=number, last=number))
        assert f"Page {number} of {pages}" in page
        assert demo.title in page and "Pulse 3.0 Launch" in page


@pytest.mark.parametrize(("size", "portrait"), [(PageSize.A4, A4), (PageSize.LETTER, LETTER)])
def test_the_paper_is_a4_or_letter(
    demo: Plan, tmp_path: Path, size: PageSize, portrait: tuple[int, int]
) -> None:
    path = write(demo, launch_id(demo), tmp_path / "launch.pdf", page_size=size)

    sizes = page_sizes(path)
    assert sizes[0] == portrait
    assert set(sizes) <= {portrait, portrait[::-1]}


def test_every_demo_task_force_prints(demo: Plan, tmp_path: Path) -> None:
    ids = all_task_force_ids(demo)
    assert len(ids) >= 5
    for ident in ids:
        name = fetch(demo, TaskForce, ident).name
        path = write(demo, ident, tmp_path / f"{ident}.pdf")
        text = readable(pdf_text(path))
        assert name in text and f"Page 1 of {page_count(path)}" in text
        for member in names_on(demo, ident):
            assert member in text, f"{member!r} is missing from the charter of {name}"


# Arabic comes back from pdftotext in logical order but as presentation forms (the shaped glyphs'
# code points, U+FExx) and Hebrew wrapped in embedding marks: ``readable`` folds those (NFKC).
SCRIPTS = {
    "latin": "Zoë Łukasz-Ødegård",
    "cyrillic": "Анна Петрова",
    "arabic": "عمر الفاروق",
    "hebrew": "דוד לוי",
    "chinese": "李雷",
    "japanese": "山田太郎",
    "korean": "김민수",
    "greek": "Σωκράτης Παπαδόπουλος",
}


def staffed_team(plan: Plan, names: list[str]) -> int:
    sales = new_id(plan, K.FUNCTION, name="Sales", colour="#1f77b4")
    ident = task_force(plan, "International")
    for name in names:
        services.add_member(plan, ident, new_id(plan, K.PERSON, name=name, function_id=sales))
    return ident


def test_names_in_every_script_come_back_as_typed(plan: Plan, tmp_path: Path) -> None:
    ident = staffed_team(plan, list(SCRIPTS.values()))
    services.update(plan, K.TASK_FORCE, ident, lead_id=found(plan, Person)[2].id)

    text = readable(pdf_text(write(plan, ident, tmp_path / "intl.pdf")))

    for script, name in SCRIPTS.items():
        assert name in text, f"the {script} name {name!r} did not come back"
    lead = flat(pdf_text(tmp_path / "intl.pdf", first=1, last=1)).split("Lead", 1)[1]
    assert "عمر الفاروق" in readable(lead), "the lead (Arabic) is missing from the title block"


@pytest.mark.parametrize("typed", ["Budget year ٢٠٢٦", "Growth ٪25 expected", "Pulse ١٢ launch"])
def test_arabic_indic_numbers_print_in_their_order(plan: Plan, tmp_path: Path, typed: str) -> None:
    ident = task_force(plan, objective=typed)

    text = readable(
        pdf_text(write(plan, ident, tmp_path / "digits.pdf", sections=frozenset({Section.OBJECTIVE})))
    )

    assert typed in text


def test_a_long_arabic_word_with_empty_boxes_prints(plan: Plan, tmp_path: Path) -> None:
    text = ("\u0d05\u0639\u0645\u0631" * 500)[:1715]  # Malayalam A (in no font of ours), Arabic 'Umar
    ident = task_force(plan, objective=text)

    printed = readable(pdf_text(write(plan, ident, tmp_path / "boxes.pdf")))

    # The boxes split the right-to-left run, so pdftotext puts the pieces back in an odd order: count.
    assert all(printed.count(letter) == text.count(letter) for letter in "\u0639\u0645\u0631")


@pytest.mark.parametrize("typed", ["عمر الفاروق and 山田太郎", "דוד לוי and 李雷"])
def test_right_to_left_words_beside_cjk_print_in_order(plan: Plan, tmp_path: Path, typed: str) -> None:
    ident = task_force(plan, objective=typed)

    text = readable(
        pdf_text(write(plan, ident, tmp_path / "mixed.pdf", sections=frozenset({Section.OBJECTIVE})))
    )

    assert typed.split(" and ")[0] in text


def test_a_hebrew_word_glued_to_a_symbol_only_the_cjk_font_has_prints(plan: Plan, tmp_path: Path) -> None:
    # ReportLab shaped a word with the font of its first piece, and stopped on this one (circled 11
    # is in the CJK font only); each piece of a word is now shaped in its own font, or not at all.
    ident = task_force(plan, objective="Step \u05d3\u05d5\u05d3\u246a")

    path = write(plan, ident, tmp_path / "glued.pdf", sections=frozenset({Section.OBJECTIVE}))

    text = pdf_text(path)
    assert "Step" in text and "\u05d3\u05d5\u05d3" in readable(text) and "\u246a" in text


def test_text_the_pdf_library_stops_on_gets_a_clear_message(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stop(*_: object) -> None:
        raise AttributeError("'TTFont' object has no attribute 'hbAddPrivate'")

    monkeypatch.setattr(ScriptParagraph, "wrap", stop)  # as ReportLab did on some mixes of scripts
    ident = task_force(plan, objective="Step \u05d3\u05d5\u05d3")
    target = tmp_path / "stopped.pdf"

    with pytest.raises(CharterError, match=r"could not be typeset.*print again"):
        write(plan, ident, target)

    assert not target.exists() and not list(tmp_path.glob(".*"))  # no draft left behind


def test_latin_words_beside_hebrew_print_without_historic_ligatures(plan: Plan, tmp_path: Path) -> None:
    ident = task_force(plan, objective="The most important strategy: שלום")

    text = pdf_text(write(plan, ident, tmp_path / "st.pdf", sections=frozenset({Section.OBJECTIVE})))

    assert "most important strategy" in text


def test_a_soft_hyphen_in_a_hebrew_goal_prints(plan: Plan, tmp_path: Path) -> None:
    ident = task_force(plan)
    new_id(plan, K.GOAL, task_force_id=ident, title="Launch with שלום\u00ad team")

    text = readable(pdf_text(write(plan, ident, tmp_path / "shy.pdf")))

    assert "Launch with" in text and "team" in text


def test_arabic_with_marks_on_a_later_line_prints(plan: Plan, tmp_path: Path) -> None:
    shukran = "\u0634\u0643\u0631\u0627\u064b"  # with a tanween (fathatan) on its last letter
    ident = task_force(plan, objective=f"Thank you all\n{shukran}")

    text = readable(pdf_text(write(plan, ident, tmp_path / "shukran.pdf")))

    assert "Thank you all" in text


@pytest.mark.parametrize("kind", [K.GOAL, K.RISK, K.DECISION])
def test_a_text_of_many_short_lines_in_a_table_prints(plan: Plan, tmp_path: Path, kind: K) -> None:
    ident = task_force(plan)
    lines = "\n".join(f"Step {number:03d}" for number in range(100))
    text = {"data": lines} if kind is K.DECISION else {"description": lines}
    new_id(plan, kind, task_force_id=ident, title=f"Long {kind.label}", **text)

    words = pdf_text(write(plan, ident, tmp_path / "lines.pdf")).split()

    assert all(f"{number:03d}" in words for number in range(100))


# Words that take no room (a joiner, a direction mark, a zero-width space) between tabs, after an
# '&': ReportLab measured each line one space short per such word and set its end off the paper.
NO_ROOM = [
    "\t\u200d\t".join("&" * 31),
    "0" * 29
    + "\x0c \x0c0\x0c!\x0c0\t\u200b\tC"
    + "".join(f"\t{mark}\t&" for mark in "\u200b" * 7 + "\u200f" * 14),
]


@pytest.mark.parametrize("typed", NO_ROOM, ids=["joiners", "zero-width-spaces-and-marks"])
def test_words_that_take_no_room_keep_a_line_on_the_paper(plan: Plan, tmp_path: Path, typed: str) -> None:
    ident = task_force(plan, objective=typed)

    path = write(plan, ident, tmp_path / "no-room.pdf", sections=frozenset({Section.OBJECTIVE}))

    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True)
    right_edges = [float(edge) for edge in re.findall(r'xMax="([\d.]+)"', boxes.stdout)]
    assert right_edges and max(right_edges) <= A4[0]  # on the paper
    assert pdf_text(path).count("&") == typed.count("&")


HOSTILE = [
    "<b>bold</b> &amp; <font size=99>big</font>",
    "</para><para>",
    "&lt; &#60; &nbsp; & <",
    '<img src="x"/> <br/> <a href="javascript:x">link</a>',
    "<![CDATA[x]]> <seq/> <onDraw name=x/> \"quoted\" 'single'",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markup_in_any_field_prints_literally(tmp_path: Path, hostile: str) -> None:
    with services.new_plan(tmp_path / "plan.smplan", title=f"Plan {hostile}") as plan:
        function = new_id(plan, K.FUNCTION, name=f"Function {hostile}", colour="#1f77b4")
        person = new_id(plan, K.PERSON, name=f"Person {hostile}", function_id=function, title=hostile)
        ident = task_force(plan, f"Team {hostile}", objective=f"Objective {hostile}", lead_id=person)
        services.add_member(plan, ident, person)
        goal = new_id(
            plan, K.GOAL, task_force_id=ident, title=f"Goal {hostile}", owner_function_ids=[function]
        )
        new_id(plan, K.KPI, goal_id=goal, title=f"KPI {hostile}", target=5)
        new_id(plan, K.RISK, task_force_id=ident, title=f"Risk {hostile}", description=f"Why {hostile}")
        path = write(plan, ident, tmp_path / "hostile.pdf")

    text = flat(pdf_text(path))
    for field in ("Plan", "Function", "Person", "Team", "Objective", "Goal", "KPI", "Risk", "Why"):
        assert f"{field} {hostile}" in text, f"the {field.lower()} did not print literally"


def sequence_word(length: int) -> str:
    """A word of lower-case letters in which every stretch differs: 'xaaaaxaaabxaaac...' (0, 1, 2...)."""
    numbers = (f"{index:04d}".translate(str.maketrans("0123456789", "abcdefghij")) for index in range(2000))
    return "".join(f"x{number}" for number in numbers)[:length]


def test_very_long_words_wrap_and_print_whole(plan: Plan, tmp_path: Path) -> None:
    ident = task_force(plan)
    # Titles hold at most 200 characters; a goal's description and a risk's do not.
    title, long = sequence_word(199), sequence_word(3000)
    new_id(plan, K.GOAL, task_force_id=ident, title="T" + title, description="G" + long)
    new_id(plan, K.RISK, task_force_id=ident, title="R" + title, description="D" + long)

    tokens = pdf_text(write(plan, ident, tmp_path / "words.pdf")).split()

    # The pieces of the words, joined up again; page footers, repeated table headers and the cells
    # beside them are left out (each of their words holds a character no such word has).
    text = "".join(token for token in tokens if re.fullmatch(r"[TGRD]?[a-jx]+", token))
    for word in ("T" + title, "G" + long, "R" + title, "D" + long):
        assert word in text


def long_text(sentinel: str) -> str:
    """Some 100,000 characters of words, ending in a sentinel word."""
    body = " ".join(f"word{index}" for index in range(16_000))
    return body[: 100_000 - len(sentinel) - 1].rstrip() + " " + sentinel


@pytest.mark.parametrize("field", ["objective", "why", "risk"])
def test_a_100000_character_text_flows_over_many_pages(plan: Plan, tmp_path: Path, field: str) -> None:
    ident = task_force(plan, objective="Short", why="Short")
    short = page_count(write(plan, ident, tmp_path / "short.pdf"))
    sentinel = f"Sentinel{field.title()}End"
    text = long_text(sentinel)
    assert len(text) == 100_000
    if field == "risk":
        new_id(plan, K.RISK, task_force_id=ident, title="Huge risk", description=text)
    else:
        services.update(plan, K.TASK_FORCE, ident, **{field: text})

    path = write(plan, ident, tmp_path / "long.pdf")

    assert page_count(path) >= short + 15
    words = pdf_text(path).split()
    assert words.count(sentinel) == 1
    assert words.count("word15000") == 0 and words.count("word1234") == 1


def test_sections_can_be_left_out(demo: Plan, tmp_path: Path) -> None:
    ident = launch_id(demo)
    goals = found(demo, Goal, task_force_id=ident)
    kpi_titles = [kpi.title for kpi in found(demo, Kpi, goal_id=[goal.id for goal in goals])]

    only_members = flat(
        pdf_text(write(demo, ident, tmp_path / "m.pdf", sections=frozenset({Section.MEMBERS})))
    )
    no_raci = flat(
        pdf_text(write(demo, ident, tmp_path / "r.pdf", sections=frozenset(Section) - {Section.RACI}))
    )
    everything = flat(pdf_text(write(demo, ident, tmp_path / "all.pdf")))

    assert all(name in only_members for name in names_on(demo, ident))
    assert not any(title in only_members for title in kpi_titles)
    assert all(title in everything for title in kpi_titles)
    heading = re.compile(r"^RACI$", re.MULTILINE)  # not the health score's "RACI completeness"
    assert heading.search(pdf_text(tmp_path / "all.pdf"))
    assert not heading.search(pdf_text(tmp_path / "r.pdf"))
    assert "RACI completeness" in no_raci
    assert "Objective" not in only_members and "Signatures" not in only_members


def test_a_raci_of_fourteen_columns_goes_on_a_landscape_page(plan: Plan, tmp_path: Path) -> None:
    ident = task_force(plan, "Wide")
    functions = [new_id(plan, K.FUNCTION, name=f"Function {n}", colour="#336699") for n in range(14)]
    for number, function in enumerate(functions):
        services.add_member(
            plan, ident, new_id(plan, K.PERSON, name=f"Person {number}", function_id=function)
        )
    for number in range(4):
        activity = new_id(plan, K.ACTIVITY, task_force_id=ident, name=f"Activity number {number}")
        for column, function in enumerate(functions):
            services.set_raci(
                plan, activity, "A" if column == number else "RCI"[column % 3], function_id=function
            )

    path = write(plan, ident, tmp_path / "raci.pdf")

    sizes = page_sizes(path)
    raci_pages = [
        n for n in range(1, len(sizes) + 1) if "Activity number 0" in pdf_text(path, first=n, last=n)
    ]
    assert raci_pages, "the RACI grid is missing"
    assert all(sizes[n - 1] == A4[::-1] for n in raci_pages), sizes
    assert sizes[0] == A4 and sizes[-1] == A4, "the pages after a wide section turn back to portrait"
    text = flat(pdf_text(path))
    assert all(f"Activity number {n}" in text for n in range(4))


def test_a_large_dependency_graph_is_split_over_landscape_pages(plan: Plan, tmp_path: Path) -> None:
    ident = task_force(plan, "Deep")
    chain = [new_id(plan, K.DELIVERABLE, task_force_id=ident, title=f"Step {n:02d}") for n in range(60)]
    for upstream, downstream in pairwise(chain):
        services.add_dependency(plan, upstream, downstream)
    for n in range(20):
        branch = new_id(plan, K.DELIVERABLE, task_force_id=ident, title=f"Branch {n:02d}")
        services.add_dependency(plan, chain[n * 3], branch)

    path = write(plan, ident, tmp_path / "graph.pdf")

    sizes = page_sizes(path)
    assert sizes.count(A4[::-1]) >= 2, sizes
    text = pdf_text(path)
    titles = [f"Step {n:02d}" for n in range(60)] + [f"Branch {n:02d}" for n in range(20)]
    # A box's title is a line of its own; links to boxes on other parts name them in quotes.
    missing = [title for title in titles if not re.search(rf"^{title}$", text, re.MULTILINE)]
    assert not missing, f"boxes missing from the graph: {missing}"
    assert "Part 2 " in text


def test_a_dependency_cycle_prints(plan: Plan, tmp_path: Path) -> None:
    ident = task_force(plan, "Loop")
    a, b, c = (new_id(plan, K.DELIVERABLE, task_force_id=ident, title=f"Cycle {t}") for t in "ABC")
    for upstream, downstream in ((a, b), (b, c), (c, a)):
        services.add_dependency(plan, upstream, downstream)

    text = pdf_text(write(plan, ident, tmp_path / "cycle.pdf"))

    assert all(re.search(rf"^Cycle {t}$", text, re.MULTILINE) for t in "ABC")


def test_an_empty_task_force_prints_friendly_sentences(plan: Plan, tmp_path: Path) -> None:
    ident = task_force(plan, "Nothing yet")

    text = flat(pdf_text(write(plan, ident, tmp_path / "empty.pdf")))

    for sentence in (
        "No objective has been written yet.",
        "No regular meeting has been agreed yet.",
        "No one is on this task force yet.",
        "No goals have been agreed yet.",
        "No KPIs have been set yet.",
        "No activities have been given a RACI yet.",
        "No deliverables have been planned yet.",
        "No risks have been raised.",
        "No decisions have been logged yet.",
    ):
        assert sentence in text
    assert "Nothing yet" in text and "Page 1 of" in text
