"""Whole screens: login, the shell, and the modals they open."""
