"""Names and ids of the demo data that people, tests and scripts rely on: keep them stable."""

from __future__ import annotations

from datetime import UTC, datetime

SEED = 20250120
ANCHOR = datetime(2025, 1, 20, 10, 42, tzinfo=UTC)
"""The reference's "now" (its examples' date); a seeding moves every demo date by as much
as it is later (``DemoRun.at``)."""
RUNS_UNTIL = datetime(2027, 12, 31, tzinfo=UTC)

ACME_ORG_ID = 88
JANE_USER_ID = 1042
JANE_PUBLIC_ID = "user_456"
JANE_EMAIL = "jane.doe@acme.example"

REFERENCE_CAMPAIGNS = (
    (22554, "Dotnet AI walk-in", "dotnet", "Chennai"),
    (22553, "Angular AI walk-in", "angular", "Bengaluru"),
    (22552, "Java AI walk-in", "java", "Hyderabad"),
)
REFERENCE_INTERVIEW_ID = 5012
REFERENCE_CANDIDATE_EMAIL = "arjun.mehta@example.com"

# (org id, name, plan, recruiter id, first, last, email)
ORGANIZATIONS = (
    (ACME_ORG_ID, "Acme Corp", "enterprise", JANE_USER_ID, "Jane", "Doe", JANE_EMAIL),
    (89, "Globex Corporation", "free", 1043, "Hank", "Scorpio", "hank.scorpio@globex.example"),
    (90, "Initech", "pro", 1044, "Bill", "Lumbergh", "bill.lumbergh@initech.example"),
    (91, "Umbrella Labs", "custom", 1045, "Alice", "Abernathy", "alice.abernathy@umbrella.example"),
)
