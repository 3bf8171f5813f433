"""Plans and rosters in and out of the app: HR spreadsheets, the full plan as JSON, calendars."""
