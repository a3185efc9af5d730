"""Evidence: the three criteria (communication, familiarity, satisfaction) from stored facts.

Each criterion is a pure function of a :class:`~goodword.store.queries.Network`
and returns a :class:`~goodword.evidence.criterion.Score` with a value in [0, 1]
(or None for unknown), a confidence and a why built from evidence rows.
"""
