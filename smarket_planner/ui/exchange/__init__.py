"""Rosters and plans in and out of the app: File ▸ Import Roster and File ▸ Export."""
