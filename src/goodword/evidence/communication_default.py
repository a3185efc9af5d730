"""The communication model's default weights, fitted on real archives.

Written by ``bench/fit_communication.py --write`` on 2026-12-07: eleven real
mailboxes and five real LinkedIn exports, each owner's history cut every
91 days from a quarter of the way in, every person's features as
of a cut against what became of the owner's direct messages to them in the
half-year after it, pooled per channel. Leave-one-owner-out figures of that
run (pooled within-owner AUC; the baselines ranked by the same rows):

    email: 4 owners, 199 rows, 6 answered; leave-one-owner-out within-owner AUC: model 0.000, exchanged 0.167, from them 0.583, raw rate 0.083
    linkedin_message: 5 owners, 2797 rows, 1741 answered; leave-one-owner-out within-owner AUC: model 0.789, exchanged 0.528, from them 0.694, raw rate 0.655
    one-sided (what you sent alone): fitted on 2797 LinkedIn rows masked; on the mailboxes' 1765 one-sided rows (20 answered) within-owner AUC: model 0.692, exchanged 0.692
    email ships the linkedin_message weights with a base rate set on the 4 mailboxes that kept their answers (199 rows, 6 answered: too few to fit weights on); leave-one-owner-out Brier 0.0313, against 0.2049 with LinkedIn's base rate

``WEIGHTS[channel]`` is the intercept, then one weight per
``communication.FEATURES``; ``OUTGOING`` the same for an archive that lost
its received messages (weights but ``communication.OUTGOING``'s are 0);
``TYPICAL`` is the average contact's features
over every row, against which the why measures what moved a chance.
Regenerate it rather than edit it.
"""

WEIGHTS: dict[str, tuple[float, ...]] = {
    "email": (-2.9019, 0.1170, -0.6438, 1.2003, 0.0498, 0.0842, -0.7792, -0.1170, 0.0000),
    "linkedin_message": (0.3069, 0.1170, -0.6438, 1.2003, 0.0498, 0.0842, -0.7792, -0.1170, 0.0000),
}
OUTGOING: tuple[float, ...] = (
    0.0709,
    0.0000,
    0.0000,
    0.0000,
    0.0000,
    0.0000,
    0.0000,
    0.2242,
    0.0000,
)
TYPICAL: tuple[float, ...] = (1.3464, 0.6679, 1.6030, 1.1991, 0.4640, 0.6502, 1.8629, 0.0561)
