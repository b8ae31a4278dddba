"""Request plumbing every route shares: dependencies, the caller, envelopes, errors, middleware."""
