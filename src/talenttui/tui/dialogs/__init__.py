"""Dialogs (modal screens) the panes and the app open: accept, filters, invite, match details, help."""
