"""The Textual app. It reaches servers only through ``talenttui.api``."""
