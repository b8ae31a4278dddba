"""Analytics: a user's own figures, and platform figures on the Enterprise plan."""
