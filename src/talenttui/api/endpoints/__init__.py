"""One function per endpoint of both APIs, each returning a ``Call`` (see ``api.call``)."""
