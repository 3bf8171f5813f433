"""The graph view: the four dependency and collaboration graphs, drawn, explored and exported."""
