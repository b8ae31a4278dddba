"""SkillSync v1 (`/v1`), one package per feature; `server.app` mounts their routers.

Features import down this list only: `matches` (feed, details, actions) over
`profiles` (read, edit, photos; an edit re-scores matches) over `messages`
(conversations, sends) and `matching` (the engine and the stored scores);
`analytics`, `keys` and `ratelimit` stand alone; `user_refs` is shared by all.
"""
