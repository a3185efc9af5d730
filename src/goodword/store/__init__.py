"""The store: engine and pragmas, models, migrations, the loader and owner-scoped queries.

Only this package opens database sessions.
"""
