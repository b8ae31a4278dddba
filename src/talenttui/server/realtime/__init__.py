"""Realtime events over a WebSocket (DESIGN.md, "Realtime")."""
