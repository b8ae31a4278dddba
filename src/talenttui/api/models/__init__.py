"""Typed answers of both APIs (pydantic; unknown fields accepted)."""
