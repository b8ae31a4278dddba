"""API keys: created (shown once), listed and revoked by their owner."""
