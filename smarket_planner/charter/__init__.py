"""Printable task force charters, typeset with ReportLab from plain data."""
