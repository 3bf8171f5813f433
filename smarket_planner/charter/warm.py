"""Loaded once by the batch's process server, so every charter worker starts with its fonts read."""

from __future__ import annotations

from smarket_planner.charter.fonts import register_fonts

register_fonts()
