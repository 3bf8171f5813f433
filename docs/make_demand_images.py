"""Take the pictures of pencil and ink in the portfolio: the demand chart and the heat map's pencil cells.

    .venv/bin/python docs/make_demand_images.py [--out docs/images] [--dark]

Runs offscreen on a fresh demo plan, the demo as it is, with the portfolio's today on the demo's
own date (2026-11-23) so the pictures do not drift. Writes demand-chart.png (the Demand by
Function page: a year of weeks for every function, ink, pencil and open roles against capacity)
and heatmap-pencil.png (the timeline with its pencilled bars over the heat map, scrolled to the
people the forming and proposed teams book, where a week over capacity only in pencil is hatched).
With ``--dark`` the same pictures in the dark colour scheme, named with a ``-dark`` suffix.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from smarket_planner import services
from smarket_planner.demo.northwind import generate_demo
from smarket_planner.domain import EntityKind
from smarket_planner.ui.app.portfolio_view import PortfolioView
from smarket_planner.ui.app.smoke import settle
from smarket_planner.ui.kit.scheme import Appearance, ColourScheme
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.portfolio.portfolio_heatmap import PENCIL_OVER_ROLE

TODAY = date(2026, 11, 23)
SIZE = (1280, 760)
SHOWN = "Priya Raman"  # over capacity only if DACH Market Entry goes ahead


def save(widget: QWidget, path: Path) -> Path:
    """Save what a widget shows as a PNG."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path)):
        raise OSError(f"{path} could not be written")
    return path


def demand_picture(view: PortfolioView, path: Path, seconds: float = 30) -> Path:
    """The Demand by Function page once its demand is worked out (that happens on a worker thread)."""
    view.pages.setCurrentWidget(view.demand)
    deadline = time.monotonic() + seconds
    while view.demand.chart.demand is None or view.demand.runner.busy:
        if time.monotonic() > deadline:
            raise RuntimeError("the demand was not worked out")
        settle()
        time.sleep(0.05)
    settle()
    return save(view, path)


def heatmap_picture(view: PortfolioView, path: Path) -> Path:
    """The timeline over the heat map, scrolled so the weeks over capacity only in pencil show."""
    view.pages.setCurrentIndex(0)
    settle()
    model, table = view.heatmap.model, view.heatmap.table
    (person,) = services.find(view.session.plan, EntityKind.PERSON, name=SHOWN)
    row = model.row_of_person(person.id)
    while row is None and model.canFetchMore():
        model.fetchMore()
        row = model.row_of_person(person.id)
    if row is None:
        raise RuntimeError(f"{SHOWN} is not in the heat map")
    pencilled = [
        c for c in range(1, model.columnCount()) if model.data(model.index(row, c), PENCIL_OVER_ROLE)
    ]
    if not pencilled:
        raise RuntimeError(f"{SHOWN} has no week over capacity only in pencil")
    table.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
    settle()
    return save(view, path)


def main() -> int:
    """Write both pictures and list them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "images")
    parser.add_argument("--dark", action="store_true", help="in the dark colour scheme, as NAME-dark.png")
    args = parser.parse_args()
    suffix = "-dark" if args.dark else ""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    Appearance.of().choose(ColourScheme.DARK if args.dark else ColourScheme.LIGHT)
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "Northwind demo.smplan"
        generate_demo(path, today=TODAY)
        session = PlanSession(services.open_existing(path))
        view = PortfolioView(session, today=TODAY)
        view.resize(*SIZE)
        view.show()
        settle()
        written.append(demand_picture(view, args.out / f"demand-chart{suffix}.png"))
        written.append(heatmap_picture(view, args.out / f"heatmap-pencil{suffix}.png"))
        view.close()
        session.close()
    del app
    for picture in written:
        print(picture)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
