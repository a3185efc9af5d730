"""Which scoring kept scores came from: an explicit version, bumped by whoever changes scoring.

Kept scores are read back only while two things match: the *data version*
(a fingerprint of every stored row scoring reads, see
:func:`goodword.store.kept.data_version`) and :data:`SCORING_VERSION`, the
version of the code that turns those rows into scores (the evidence stage,
the fit, and how facts are read). A change to that code that moves any
score must bump :data:`SCORING_VERSION`; scores kept by the older code are
then not used, and everyone is scored afresh on the next call.

Nobody has to remember: ``tests/service/scores/test_version.py`` scores a
fixed synthetic network and compares a fingerprint of every score, why and
document with :data:`FINGERPRINTS` [:data:`SCORING_VERSION`]. When scoring
changes, it fails with "scoring changed: bump SCORING_VERSION and update the
fingerprint": add the next version with the fingerprint the test prints
(never edit an earlier entry).
"""

from __future__ import annotations

FINGERPRINTS: dict[int, str] = {
    1: "95b16aebcf6a00ab2b4636251c2d57e1",
    2: "f0e59c53612d2d52e1ee5813e17de744",  # one-sided archives, calibration, Cc told not asked
    3: "daec43aa84ea7c75aa33a1ef0341ed00",  # no possible manager or report without a working tie
    4: "0a954ebe06dd444e4634a5bc5e59bb80",  # mail base rate; answers lost: one-sided; one model
    5: "38e13fb2bf06975d83abf30fe4e5e864",  # the record told against the usual rate
    6: "b54383d843e82d63cba4ceb04fa25148",  # a shared employer's span says it is yours
}
"""The fingerprint of the fixed network's scores, per scoring version (the newest is current)."""

SCORING_VERSION = max(FINGERPRINTS)
"""The version of the scoring code: kept scores of another version are not used."""
