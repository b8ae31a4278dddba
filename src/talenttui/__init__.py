"""talenttui: a keyboard-driven terminal app for candidates and recruiters."""

__version__ = "0.1.0"
