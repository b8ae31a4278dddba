"""Reusable widgets of the app: the feed list, the match detail and the status bar."""
