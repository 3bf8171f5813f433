"""Time a charter whose objective is a 100,000-character note in six scripts against a plain-Latin one.

    .venv/bin/python benchmarks/mixed_scripts.py [--characters 100000] [--repeat 5] [--keep DIR] [--profile]

Builds, through the services, a plan in a temporary folder holding two task forces alike but
for their objective: (a) a note of plain Latin words and numbers, (b) a note of the same length
mixing Latin, Cyrillic, Arabic (Arabic-Indic digits too), Hebrew, Chinese and Korean words,
sentence by sentence, some sentences starting right to left. Each charter holds its title
block and objective only, so the time is that of building, wrapping and drawing the note's
paragraph over some fifty pages. Both are timed in one process, taking turns, after one
warm-up each; the ratio of the medians and of the fastest runs is printed.

The goal is (b)/(a) of at most 5.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from random import Random

from smarket_planner import services
from smarket_planner.charter.document import charter_bytes
from smarket_planner.charter.model import CharterContent, CharterOptions, Section
from smarket_planner.domain.records import EntityKind as K
from smarket_planner.services.reports.charter import charter_content

_PAGE = re.compile(rb"/Type /Page\b(?!s)")
LATIN = [
    "budget",
    "launch",
    "market",
    "pricing",
    "review",
    "partner",
    "channel",
    "forecast",
    "quarter",
    "retail",
]
CYRILLIC = ["бюджет", "запуск", "рынок", "цена", "обзор", "партнёр", "канал", "прогноз", "квартал"]
ARABIC = ["الميزانية", "إطلاق", "السوق", "التسعير", "مراجعة", "الشريك", "القناة", "توقعات", "الربع"]
HEBREW = ["תקציב", "השקה", "שוק", "תמחור", "סקירה", "שותף", "ערוץ", "תחזית", "רבעון"]
CHINESE = ["预算", "发布会", "市场", "定价", "评审", "合作伙伴", "渠道", "预测"]
KOREAN = ["예산", "출시", "시장", "가격", "검토", "협력사", "채널", "예측", "분기"]
NUMBERS = ["2026", "12.5%", "٢٠٢٦", "١٢", "Q3", "3,400"]
SCRIPTS = (LATIN, CYRILLIC, ARABIC, HEBREW, CHINESE, KOREAN)


def _note(characters: int, sentence: Callable[[Random], str]) -> str:
    """Sentences from ``sentence`` up to exactly ``characters`` characters."""
    rng = Random(7)
    parts: list[str] = []
    length = 0
    while length < characters:
        parts.append(sentence(rng))
        length += len(parts[-1]) + 1
    return " ".join(parts)[: characters - 1].rstrip() + "."


def _plain_sentence(rng: Random) -> str:
    words = [rng.choice(LATIN) for _ in range(rng.randint(8, 14))] + [rng.choice(NUMBERS[:2])]
    return " ".join(rng.sample(words, len(words))).capitalize() + "."


def _mixed_sentence(rng: Random) -> str:
    script = rng.choice(SCRIPTS)  # the sentence's own script, with words of the others in it
    words = [rng.choice(script if rng.random() < 0.6 else rng.choice(SCRIPTS)) for _ in range(8, 14)]
    words.insert(rng.randrange(len(words)), rng.choice(NUMBERS))
    return " ".join(words) + "."


def plain_note(characters: int) -> str:
    """A note of plain Latin words and numbers."""
    return _note(characters, _plain_sentence)


def mixed_note(characters: int) -> str:
    """A note of Latin, Cyrillic, Arabic, Hebrew, Chinese and Korean words and numbers."""
    return _note(characters, _mixed_sentence)


def pages(pdf: bytes) -> int:
    """The number of pages of a PDF ReportLab wrote."""
    return len(_PAGE.findall(pdf))


def contents(folder: Path, characters: int) -> tuple[CharterContent, CharterContent]:
    """The charters' contents of two task forces, one with the plain note, one with the mixed one."""
    made: list[CharterContent] = []
    with services.new_plan(folder / "mixed.smplan", title="Mixed scripts") as plan:
        for name, note in (("Plain", plain_note(characters)), ("Mixed", mixed_note(characters))):
            team = services.create(plan, K.TASK_FORCE, name=name, kind="other", status="proposed").value
            services.update(plan, K.TASK_FORCE, team.id, objective=note)
            made.append(charter_content(plan, team.id))
    return made[0], made[1]


def timed(repeat: int, *works: Callable[[], bytes]) -> list[list[float]]:
    """Seconds of each work, ``repeat`` times, taking turns after one warm-up each."""
    for work in works:
        work()
    seconds: list[list[float]] = [[] for _ in works]
    for _ in range(repeat):
        for work, kept in zip(works, seconds, strict=True):
            began = time.perf_counter()
            work()
            kept.append(time.perf_counter() - began)
    return seconds


def main() -> int:
    """Build the two task forces, then time their charters and print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--characters", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write plain.pdf and mixed.pdf into this folder")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top 25 for the mixed note")
    args = parser.parse_args()
    options = CharterOptions(sections=frozenset({Section.OBJECTIVE}))

    with tempfile.TemporaryDirectory() as folder:
        plain, mixed = contents(Path(folder), args.characters)
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(charter_bytes, mixed, options)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    plain_runs, mixed_runs = timed(
        args.repeat, lambda: charter_bytes(plain, options), lambda: charter_bytes(mixed, options)
    )
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        (args.keep / "plain.pdf").write_bytes(charter_bytes(plain, options))
        (args.keep / "mixed.pdf").write_bytes(charter_bytes(mixed, options))
    print(f"Objective of {args.characters:,} characters, {args.repeat} runs each after a warm-up")
    for label, content, runs in (
        ("(a) plain Latin", plain, plain_runs),
        ("(b) mixed scripts", mixed, mixed_runs),
    ):
        pdf = charter_bytes(content, options)
        print(
            f"  {label:<20} median {statistics.median(runs):6.2f} s  fastest {min(runs):6.2f} s  "
            f"{pages(pdf)} pages, {len(pdf) / 1024:,.0f} KiB"
        )
    print(
        f"  {'(b)/(a)':<20} median {statistics.median(mixed_runs) / statistics.median(plain_runs):5.1f}x    "
        f"fastest {min(mixed_runs) / min(plain_runs):5.1f}x  goal: at most 5x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
