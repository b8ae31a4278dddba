"""Profiles: who may read whose, strict partial edits (which re-score matches), photos."""
