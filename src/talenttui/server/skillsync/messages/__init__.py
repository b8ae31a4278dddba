"""Messages: conversations (one per pair of users), idempotent sends, reading and read marks."""
