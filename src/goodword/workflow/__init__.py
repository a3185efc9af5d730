"""Workflow: the ask as a state machine, the honest conversation, follow-ups."""
