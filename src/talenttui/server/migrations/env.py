from alembic import context

from talenttui.server.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("talenttui runs migrations on a live connection; see migrations/runner.py")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
