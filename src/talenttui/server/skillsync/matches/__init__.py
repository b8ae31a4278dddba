"""Matches: a user's feed, one match with its insights, and the actions on a match."""
