"""The one bounded integer for ids, offsets and counts in queries and bodies: what a database column holds.

A larger integer would overflow SQLite's and PostgreSQL's 64-bit columns inside the
query (a 500); bounded here it is a 422 naming the field.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictInt

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
StrictInt64 = Annotated[StrictInt, Field(ge=INT64_MIN, le=INT64_MAX)]
