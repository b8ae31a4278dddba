"""The contents of the shell's tabs."""
