from talenttui.server.context import ServerContext


async def seed_demo(ctx: ServerContext) -> None:
    """Placeholder replaced by the demo-data work."""
