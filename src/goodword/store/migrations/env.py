"""Alembic environment: runs on the engine goodword hands over (see store.engine)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from goodword.store.models import Base

config = context.config
engine = config.attributes.get("engine")
if not isinstance(engine, Engine):  # pragma: no cover - only via goodword.store.engine
    raise RuntimeError("goodword migrations run through goodword.store.engine.upgrade()")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
