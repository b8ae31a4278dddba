"""Webhooks: registration, signed deliveries with retries, and the SSRF guard."""
