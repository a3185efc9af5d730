"""The communication model's default weights, fitted on real archives.

Written by ``bench/fit_communication.py --write`` on 2026-12-07: eleven real
mailboxes and five real LinkedIn exports, each owner's history cut every
91 days from a quarter of the way in, every person's features as
of a cut against what became of the owner's direct messages to them in the
half-year after it, pooled per channel. Leave-one-owner-out figures of that
run (pooled within-owner AUC; the baselines ranked by the same rows):

    email: 10 owners, 6882 rows, 99 answered; leave-one-owner-out within-owner AUC: model 0.365, exchanged 0.636, from them 0.498, raw rate 0.537
    linkedin_message: 5 owners, 2797 rows, 1741 answered; leave-one-owner-out within-owner AUC: model 0.789, exchanged 0.530, from them 0.694, raw rate 0.655
    email ships the linkedin_message weights: the mailboxes' received mail is mostly deleted, so the email fit above learned the deletion

``WEIGHTS[channel]`` is the intercept, then one weight per
``communication.FEATURES``; ``TYPICAL`` is the average contact's features
over every row, against which the why measures what moved a chance.
Regenerate it rather than edit it.
"""

WEIGHTS: dict[str, tuple[float, ...]] = {
    "email": (0.3069, 0.1170, -0.6438, 1.2003, 0.0498, 0.0842, -0.7792, -0.1170, 0.0000),
    "linkedin_message": (0.3069, 0.1170, -0.6438, 1.2003, 0.0498, 0.0842, -0.7792, -0.1170, 0.0000),
}
TYPICAL: tuple[float, ...] = (0.4173, 1.9742, 0.5153, 0.3849, 0.1514, 0.8885, 2.5459, 1.4098)
