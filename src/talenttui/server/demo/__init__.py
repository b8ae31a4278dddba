"""Deterministic demo data for `--demo`."""

from talenttui.server.demo.seed import seed_demo

__all__ = ["seed_demo"]
