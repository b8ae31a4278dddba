"""SkillSync's rate limits per plan: the limiter (pure, in memory) and the `/v1` middleware."""
