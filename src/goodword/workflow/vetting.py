"""The honest conversation: the two questions, asked verbatim, before anyone is asked to vouch.

Better that a disagreement surfaces now than behind your back (DESIGN.md).
"""

from __future__ import annotations

RECOMMEND = "Would you be able to honestly recommend me for a future job opportunity?"
CONCERNS = "Do you have any concerns about doing so?"

ANSWERS = {
    "yes": "yes",
    "concerns": "concerns",
    "yes-with-concerns": "concerns",
    "yes with concerns": "concerns",
    "no": "no",
    "not-yet": "not-yet",
    "not yet": "not-yet",
}
