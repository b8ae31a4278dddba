"""The base of every client model: tolerant of what a server adds, strict about what it uses.

The client has to read what the real hosted APIs send as well as our server, so unknown
fields are kept (``extra="allow"``) rather than refused. Models are frozen: screens change
them with ``model_copy(update=...)``, so an optimistic edit never mutates cached data.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)
