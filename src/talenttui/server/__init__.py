"""The server for both APIs (SkillSync v1 at `/v1`, skilldeo v1 at `/api/v1`): a house of layers.

Each layer imports only the layers below it; `pyproject.toml` holds the same plan as
import-linter contracts, checked by `tests/test_code_quality.py`. Top to bottom:

1. `cli` over `runner`, `environment`: `talenttui server`, its settings from flags and
   `TALENTTUI_*` variables, and uvicorn (foreground, or a thread for the app and tests).
2. `app`: assembles the application: it mounts every router, adds the middleware and
   the error handlers, and runs the lifespan (migrate, context, background workers).
3. `demo`: deterministic demo data, written through the features' own row builders.
4. Features, each independent of the others: `skilldeo/` (login codes, campaigns,
   interviews), `skillsync/` (one package per feature: `matches/`, `profiles/`,
   `messages/`, `analytics/`, `keys/` over `matching/`, plus `ratelimit/`),
   `realtime/` (the WebSocket and event retention), `webhooks/` (registration and
   delivery), `dev` (the dev outbox) and `health`. In `skillsync/` and `webhooks/` a
   feature's `routes.py` is thin: it reads the request through `web.deps` and hands
   it to its `service.py`, which owns the rules and the queries and returns the
   answer's pydantic model (skilldeo's `*_routes.py` still hold their queries).
5. `web/`: the request plumbing every route shares: the `Annotated` dependencies
   (`Ctx`, `Db`, `CurrentPrincipal`, `CurrentCaller`), one unit of work per request
   (the `Db` dependency commits once, before the answer is sent), the caller's
   credentials, both APIs' envelopes as response models, the one validation-error
   translator, the OpenAPI error answers and the ASGI middleware.
6. Core: `context` (what a request reaches: settings, database, tokens, mailer, hub, bus)
   over `bus` (realtime across processes: PostgreSQL LISTEN/NOTIFY) over `hub` (this
   process's fan-out of committed events), `mail`, `tokens`, `secret_store`
   (the one server secret), `logs`, `credential_cache` (credentials checked just now), over
   `events` (the event log), `migrations/`, `commit_hooks`, `group_commit` (writes
   that wait together share one transaction), `errors`, `request_context`, over `models/`, over `db`, `clock`, `settings`, `data_lock` (one
   server per SQLite data dir).
"""
