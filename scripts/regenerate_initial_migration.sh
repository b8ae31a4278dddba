#!/usr/bin/env bash
# Rebuild 0001_initial_schema.py from the models. Only while no release exists:
# once a database in the wild has 0001, add new revisions with make_migration.py.
set -euo pipefail
cd "$(dirname "$0")/.."
versions=src/talenttui/server/migrations/versions
rm -f "$versions"/*.py
.venv/bin/python scripts/make_migration.py "initial schema" >/dev/null
f=$(ls "$versions"/*.py)
sed -i "s/^revision = '[0-9a-f]*'/revision = '0001'/; s/^Revision ID: [0-9a-f]*/Revision ID: 0001/; s/^Revises: $/Revises:/" "$f"
mv "$f" "$versions/0001_initial_schema.py"
