"""SkillSync's rate limits per plan: the limiter, where its buckets live, and the `/v1` middleware."""
