"""Realtime events over a WebSocket: our extension of SkillSync (see ARCHITECTURE.md)."""
