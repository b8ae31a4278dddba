"""The two screens the app switches between: the login and the shell (the tabs)."""
