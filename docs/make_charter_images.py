"""Print the demo launch team's charter and save every page as docs/images/charter-page-N.png.

    .venv/bin/python docs/make_charter_images.py

Needs `pdftoppm` (Debian poppler-utils). The demo plan is written for a fixed day, so the
pictures only change when the charter's look does.
"""

from __future__ import annotations

import subprocess
import tempfile
from datetime import date
from pathlib import Path

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.services.reports.analysis import task_force_ids_named
from smarket_planner.services.reports.charter import write_task_force_charter

TODAY = date(2026, 11, 23)
IMAGES = Path(__file__).resolve().parent / "images"


def main() -> int:
    """Write the demo plan and its launch charter in a temporary folder, then render the pages."""
    with tempfile.TemporaryDirectory() as folder:
        plan_path = Path(folder) / "demo.smplan"
        generate_demo(plan_path, force=True, today=TODAY)
        pdf = Path(folder) / "charter.pdf"
        with services.open_existing(plan_path) as plan:
            (launch,) = task_force_ids_named(plan, ["Pulse 3.0 Launch"])
            write_task_force_charter(plan, launch, pdf, today=TODAY)
        for old in IMAGES.glob("charter-page-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(IMAGES / "charter-page")], check=True)
    pages = sorted(IMAGES.glob("charter-page-*.png"))
    for page in pages:  # pdftoppm numbers pages 1..9 as -1 or -01 depending on the count
        number = int(page.stem.rsplit("-", 1)[1])
        page.rename(IMAGES / f"charter-page-{number}.png")
    print(f"Wrote {len(pages)} pages to {IMAGES}/charter-page-N.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
