"""The Findings dock: what the alignment analysis found, most serious first, each leading to its place."""
