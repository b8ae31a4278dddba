"""Reusable widgets of the app: the feed list, the match detail, the status bar, the footer and the panes' text blocks."""
