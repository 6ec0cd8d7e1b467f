"""Writes of the circles app, one module per part: forming circles (runs, by hand, joining)."""
