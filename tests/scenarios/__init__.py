"""End-to-end scenario tests: the demo's traps driven through the service and the CLI.

Each module imports the demo network (``goodword demo``'s generator, default
size) into a home through the real service, on SQLite and on PostgreSQL, and
asserts what the user sees for one behaviour of "right advice on real
networks": who is picked, what is asked, what is refused, what is said. The
people to look at come from ``goodword.demo.traps.find_traps`` (the
generator's truth), not from hard-coded names.
"""
