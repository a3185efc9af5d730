"""Communication: the chance that this person answers the owner within 14 days, and how fast.

The unit is the one the back-test judges (:mod:`goodword.evidence.threads`):
a direct message of the owner's to them, answered when they write back
within 14 days. The score is a calibrated probability from a logistic
model over everything the tie shows as of the day (:data:`FEATURES`):

* their record: direct messages of yours they answered, and those they left
  unanswered (requests made through goodword count too);
* how much they write to you, in all and in the last six months, and how
  many conversations they started;
* how long since they last wrote to you (never counts as longest);
* how much you write to them, and group threads you share.

**How much each signal matters is learned.** A default for each channel
(mail, LinkedIn messages) was fitted on real archives, pooled over their
owners with rolling cuts (``bench/fit_communication.py``; the weights and
what they were fitted on are in :mod:`goodword.evidence.communication_default`).
Then the owner's own history before the as-of day refits them (:func:`fit`),
one model for every channel that kept its answers (:func:`network_prior`):
at cuts every :data:`CUT_DAYS` back through the history, each person's
features as of the cut against what became of the owner's next direct
messages to them, a penalised fit centred on the default. A thin history
leaves the default almost as it is; a long one moves it where the owner's
people differ. Nothing after the as-of day is read.

**Signs are held, so the score cannot contradict itself.** Each weight is
kept on the side that makes sense (answers raise, silence lowers, writing
to you raises, a long quiet lowers), and the owner's own messages can
never outweigh their record: one more answered message never lowers the
score, one more ignored one never raises it (a test checks both). The
fit's weights are projected onto these bounds (:func:`_project`).

The why names the two or three signals that moved this person's chance
most from a typical contact's (:data:`TYPICAL`), in words and points.
Speed is told as the median and slowest tenth of their reply times; it is
not in the probability (a slow answer must not count against answering).

**An archive that lost your received mail says nothing of answers.** Old
mail archives often keep the sent folder and little else: a mailbox holding
fewer messages from people than a quarter of the owner's direct messages
(:data:`ONE_SIDED_SHARE`), or answers to fewer than one in fifty of them
(:data:`ONE_SIDED_ANSWERED`), shows every message as unanswered. For such a
channel the record and everything they wrote are set aside, not read as
silence: the chance rests on what the owner sent alone (:data:`OUTGOING`),
with weights learned where answers were kept (the LinkedIn archives, their
record masked the same way), its confidence capped, and the why says so.

Coverage: anyone with a message either way gets a score; someone seen
only in group threads gets a low-confidence one that says so; no exchange
at all is unknown.

The clock counts whole days (from the day of a message to the as-of day),
so a judgement made in the morning still holds in the evening: the
kept scores (``goodword.service.scores``) rely on it to reuse a
day's scores.

Availability (an out-of-office reply, a bounced address; see
:mod:`goodword.evidence.availability`) is told in the why and the
``availability`` detail. Being away says nothing of how someone answers,
so it leaves the chance alone; a bounce halves the confidence: the address
you would write to may be dead.
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from goodword.evidence import communication_default as default
from goodword.evidence.availability import Availability
from goodword.evidence.criterion import EvidenceRef, Score, human_hours, plural
from goodword.evidence.prior import Prior as Prior
from goodword.evidence.prior import Weights as Weights
from goodword.evidence.prior import shipped as shipped
from goodword.evidence.threads import CHANNEL_NAMES, REPLY_WINDOW, Ask, Exchange

FEATURES = (
    "answered",  # log(1 + their answers to your direct messages)
    "unanswered",  # log(1 + your direct messages they left unanswered)
    "wrote",  # log(1 + messages they sent you in small threads)
    "lately",  # log(1 + the same, in the last LATELY_DAYS)
    "started",  # log(1 + conversations they started)
    "quiet",  # log(1 + days since they last wrote to you) / log(1 + QUIET_CAP_DAYS); 1 if never
    "sent",  # log(1 + messages you sent them in small threads, goodword's requests included)
    "group",  # log(1 + messages in group threads with you)
)
# Each weight's allowed side: +1 never below 0, -1 never above 0, 0 free. "answered" and
# "unanswered" are held further against "sent" (see _project).
SIGNS = (1, -1, 1, 1, 1, -1, 0, 0)
# What an archive that lost its received mail still shows: the owner's own sending.
OUTGOING = ("sent", "group")
ONE_SIDED_SHARE = 0.25  # fewer of their messages than this share of your direct ones: mail was lost
ONE_SIDED_ANSWERED = 0.02  # fewer answered than this share of your direct ones: answers were lost
ONE_SIDED_LEAST = 20  # direct messages of yours on a channel before it can be judged one-sided
ONE_SIDED_CONFIDENCE = 0.3
CHANNELS = ("email", "linkedin_message")
LATELY_DAYS = 182
QUIET_CAP_DAYS = 1000
CUT_DAYS = 91  # the owner's own fit takes a cut this often, walking back from the as-of day
HORIZON_DAYS = 182  # each cut is judged on the direct messages of the half-year after it
MOST_CUTS = 8
MOST_ROWS = 20_000  # past direct messages the owner's fit reads at most (a stride of them)
RIDGE = 8.0  # how hard the owner's fit is held to the default, per weight
RIDGE_INTERCEPT = 0.5  # the owner's base rate moves more freely than the weights
HELD = 1e6  # the ridge that holds a one-sided channel's weights where they were learned
CONFIDENCE_HALF = 4.0  # asks (or two messages of theirs) worth half the confidence
GROUP_ONLY_CONFIDENCE = 0.1
BOUNCED_CONFIDENCE = 0.5  # confidence kept when their address bounced
SAID_POINTS = 0.02  # a signal that moves the chance less than this is not mentioned
MOST_SAID = 3
_EDGE = 1e-6


def _before(times: list[datetime], moment: datetime) -> int:
    return bisect_left(times, moment)


def features(exchange: Exchange, moment: datetime, outgoing: bool = False) -> tuple[float, ...]:
    """The tie as of ``moment`` (nothing at or after it), in the order of :data:`FEATURES`.

    ``outgoing`` keeps :data:`OUTGOING` alone (the rest 0), for an archive
    that lost its received messages.
    """
    if outgoing:
        return outgoing_only(features(exchange, moment))
    # Answered and unanswered as known at the moment (a recent unanswered one is pending), and
    # goodword's requests among them: one walk of the asks, which are in time order.
    yes = no = requests = 0
    for ask in exchange.asks:
        opened = ask.opened_at
        if opened >= moment:
            break
        if ask.source == "ask":
            requests += 1
        replied = ask.replied_at
        if replied is not None and replied < moment:
            yes += 1
        elif moment - opened >= REPLY_WINDOW:
            no += 1
    wrote = _before(exchange.received_at, moment)
    lately = wrote - _before(exchange.received_at, moment - timedelta(days=LATELY_DAYS))
    last_heard = _last_heard(exchange, moment)
    if last_heard is None:
        quiet = 1.0
    else:
        days = max(0, (moment.date() - last_heard.date()).days)
        quiet = min(1.0, math.log1p(days) / math.log1p(QUIET_CAP_DAYS))
    sent = _before(exchange.sent_at, moment) + requests
    return (
        math.log1p(yes),
        math.log1p(no),
        math.log1p(wrote),
        math.log1p(lately),
        math.log1p(_before(exchange.started, moment)),
        quiet,
        math.log1p(sent),
        math.log1p(_before(exchange.group_at, moment)),
    )


def outgoing_only(x: tuple[float, ...]) -> tuple[float, ...]:
    """Features ``x`` with all but :data:`OUTGOING` set to 0."""
    return tuple(v if name in OUTGOING else 0.0 for name, v in zip(FEATURES, x, strict=True))


def one_sided(
    found: dict[int, Exchange], moment: datetime
) -> tuple[tuple[str, int, int, int], ...]:
    """Channels whose archive lost the answers people sent the owner, as of ``moment``.

    A channel is one-sided when the owner had sent at least
    :data:`ONE_SIDED_LEAST` direct messages on it and either it holds fewer
    messages from people than :data:`ONE_SIDED_SHARE` of them, or fewer than
    :data:`ONE_SIDED_ANSWERED` of them found an answer. Whole archives hold
    about as many either way (half to one and a half times as many, on the
    real LinkedIn exports); the real mailboxes that kept only their sent
    folder hold one in fifty or fewer. And in whole archives 15% to 92% of
    the owner's direct messages were answered (the real mailboxes that kept
    their received mail, and the LinkedIn exports); a mailbox that kept a
    later year's received mail but lost the answers to the years before
    shows hundreds of direct messages and not one answer. Each is
    (channel, received, sent, answered).
    """
    sent: dict[str, int] = dict.fromkeys(CHANNELS, 0)
    answered: dict[str, int] = dict.fromkeys(CHANNELS, 0)
    received: dict[str, int] = dict.fromkeys(CHANNELS, 0)
    for exchange in found.values():
        for ask in exchange.asks:
            if ask.opened_at >= moment:
                break  # asks, and messages received, are in time order
            if ask.channel in sent:
                sent[ask.channel] += 1
                if ask.replied_at is not None and ask.replied_at < moment:
                    answered[ask.channel] += 1
        kinds = exchange.received_channels[: _before(exchange.received_at, moment)]
        for channel in CHANNELS:
            received[channel] += kinds.count(channel)
    return tuple(
        (channel, received[channel], sent[channel], answered[channel])
        for channel in CHANNELS
        if sent[channel] >= ONE_SIDED_LEAST
        and (
            received[channel] < ONE_SIDED_SHARE * sent[channel]
            or answered[channel] < ONE_SIDED_ANSWERED * sent[channel]
        )
    )


def _last_heard(exchange: Exchange, moment: datetime) -> datetime | None:
    at = _before(exchange.received_at, moment)
    return exchange.received_at[at - 1] if at else None


def has_exchange(exchange: Exchange | None, moment: datetime) -> bool:
    """Whether anything passed between them before ``moment`` (so a score can be given)."""
    if exchange is None:
        return False
    return bool(
        _before(exchange.sent_at, moment)
        or _before(exchange.received_at, moment)
        or _before(exchange.group_at, moment)
        or any(a.opened_at < moment for a in exchange.asks)
    )


# -- fitting


Row = tuple[tuple[float, ...], bool]


def examples(
    found: dict[int, Exchange],
    cuts: Iterable[datetime],
    until: datetime,
    horizon: timedelta = timedelta(days=HORIZON_DAYS),
    outgoing: frozenset[str] = frozenset(),
    most: int | None = None,
) -> dict[str, list[Row]]:
    """At each cut, every later direct message: the tie as of the cut, and its answer, by channel.

    The channels in ``outgoing`` lost their received messages: their rows
    keep :data:`OUTGOING` alone.

    A message counts when it was opened in the ``horizon`` after the cut and
    before ``until`` - 14 days or answered before ``until`` (so nothing is
    read that ``until`` did not know), and only for people with some
    exchange before the cut (nobody can be judged on a first message).
    Requests made through goodword are no channel's and are left out.

    With ``most``, a channel with more rows keeps a stride of them (every
    ``ceil(rows / most)``-th, from the first: what slicing the whole list
    would keep), and the tie is worked out only at the cuts that give a row
    kept: on a large network that is a fraction of them.
    """
    rows: dict[str, list[Row]] = {channel: [] for channel in CHANNELS}
    people = [e for e in found.values() if e.asks]
    opened = [[a.opened_at for a in e.asks] for e in people]  # asks are in time order
    groups: list[tuple[Exchange, datetime, list[Ask]]] = []
    counts = dict.fromkeys(CHANNELS, 0)
    for cut in sorted(cuts):
        end = min(cut + horizon, until)
        for exchange, times in zip(people, opened, strict=True):
            later = [
                a
                for a in exchange.asks[bisect_left(times, cut) : bisect_left(times, end)]
                if a.channel in rows and _settled(a, until)
            ]
            if not later or not has_exchange(exchange, cut):
                continue
            groups.append((exchange, cut, later))
            for a in later:
                counts[a.channel] += 1
    stride = {
        channel: math.ceil(n / most) if most is not None and n > most else 1
        for channel, n in counts.items()
    }
    seen = dict.fromkeys(CHANNELS, 0)
    for exchange, cut, later in groups:
        kept: list[Ask] = []
        for a in later:
            if seen[a.channel] % stride[a.channel] == 0:
                kept.append(a)
            seen[a.channel] += 1
        if not kept:
            continue
        x = features(exchange, cut)
        masked = outgoing_only(x) if outgoing else x
        for a in kept:
            answered = a.replied_at is not None and a.replied_at < until
            rows[a.channel].append((masked if a.channel in outgoing else x, answered))
    return rows


def _settled_asks(
    found: dict[int, Exchange], until: datetime
) -> dict[str, list[tuple[Exchange, Ask]]]:
    """Each channel's settled asks before ``until``, person by person in time order (one walk)."""
    by_channel: dict[str, list[tuple[Exchange, Ask]]] = {channel: [] for channel in CHANNELS}
    for exchange in found.values():
        for ask in exchange.asks:
            kept = by_channel.get(ask.channel)
            if kept is not None and (
                until - ask.opened_at >= REPLY_WINDOW  # _settled(), inline: it runs for every ask
                if ask.replied_at is None
                else ask.replied_at < until
            ):
                kept.append((exchange, ask))
    return by_channel


def _every_ask(asks: list[tuple[Exchange, Ask]], outgoing: bool) -> list[Row]:
    """Each settled ask on a channel (:func:`_settled_asks`), with the tie as it stood when sent.

    These rows set a channel's base rate, its weights held: every ask
    counts, not only those after a cut (at most :data:`MOST_ROWS`, a stride).
    """
    if len(asks) > MOST_ROWS:
        asks = asks[:: math.ceil(len(asks) / MOST_ROWS)]
    return [(features(e, a.opened_at, outgoing), a.replied_at is not None) for e, a in asks]


def _settled(ask: Ask, until: datetime) -> bool:
    if ask.replied_at is not None:
        return ask.replied_at < until
    return until - ask.opened_at >= REPLY_WINDOW


def own_cuts(found: dict[int, Exchange], as_of: datetime) -> list[datetime]:
    """Cuts through the owner's history before ``as_of``: every :data:`CUT_DAYS`, walking back."""
    first = min((e.asks[0].opened_at for e in found.values() if e.asks), default=None)
    if first is None:
        return []
    cuts: list[datetime] = []
    cut = as_of - REPLY_WINDOW - timedelta(days=CUT_DAYS)
    while cut > first and len(cuts) < MOST_CUTS:
        cuts.append(cut)
        cut -= timedelta(days=CUT_DAYS)
    return cuts


def fit(
    rows: Sequence[Row],
    centre: Weights,
    ridge: float = RIDGE,
    ridge_intercept: float = RIDGE_INTERCEPT,
) -> Weights:
    """The penalised logistic fit of ``rows``, held to ``centre`` and to :data:`SIGNS`.

    Newton steps on the log-likelihood less ``ridge/2`` times the squared
    distance from ``centre`` (the intercept's own ``ridge_intercept``), each
    step projected back onto the allowed signs. With no rows the centre is
    returned as it is.
    """
    if not rows:
        return centre
    import numpy as np  # only a fit needs it; reading scores back does not load it

    x = np.array([[1.0, *r[0]] for r in rows])
    y = np.array([float(r[1]) for r in rows])
    mu = np.array([centre.intercept, *centre.weights])
    penalty = np.full(len(mu), ridge)
    penalty[0] = ridge_intercept
    theta = _newton(x, y, mu, penalty, _project)
    return Weights(
        centre.channel,
        float(theta[0]),
        tuple(float(v) for v in theta[1:]),
        len(rows),
        int(y.sum()),
    )


def calibrate(model: Weights, rows: Sequence[Row], scale: bool = True) -> Weights:
    """``model`` with its base rate, and with ``scale`` its sureness, set on ``rows``.

    A two-parameter logistic fit of the answers on the model's own score
    (``a + b * w·x``), held to ``a`` = the model's intercept (a ridge of
    :data:`RIDGE_INTERCEPT`) and ``b`` = 1 (:data:`RIDGE`), ``b`` never
    below 0; then every weight is multiplied by ``b``. The order of
    anyone's chances is unchanged, so are the signs and the bounds of
    :func:`_project`: only how high and how spread out the chances are. Without
    ``scale``, ``b`` stays 1. ``rows`` and ``answered`` stay those of the
    weights' own fit: the why never says weights were refitted when only the
    base rate and spread were set.
    """
    if not rows:
        return model
    import numpy as np

    z = np.array([sum(w * v for w, v in zip(model.weights, x, strict=True)) for x, _ in rows])
    y = np.array([float(answered) for _, answered in rows])
    x = np.column_stack([np.ones(len(z)), z])
    mu = np.array([model.intercept, 1.0])
    penalty = np.array([RIDGE_INTERCEPT, RIDGE if scale else HELD])
    theta = _newton(x, y, mu, penalty, lambda t: [t[0], max(0.0, t[1])])
    a, b = float(theta[0]), float(theta[1])
    return Weights(
        model.channel, a, tuple(b * w for w in model.weights), model.rows, model.answered
    )


def _newton(
    x: Any, y: Any, mu: Any, penalty: Any, project: Callable[[list[float]], list[float]]
) -> Any:
    """The logistic fit of ``y`` on ``x`` held to ``mu`` by ``penalty``, within ``project``'s bounds.

    Newton steps on the log-likelihood less half the penalised squared
    distance from ``mu``, each projected onto the bounds and halved while it
    does not improve: an undamped step from a start far from the answer (a
    mail base rate met by an owner whose mail is answered half the time)
    overshoots, and the steps that follow run away.
    """
    import numpy as np

    def objective(t: Any) -> float:
        z = np.clip(x @ t, -30, 30)
        return float(y @ z - np.logaddexp(0, z).sum() - 0.5 * penalty @ ((t - mu) ** 2))

    theta = np.array(project([float(v) for v in mu]))
    best = objective(theta)
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(x @ theta, -30, 30)))
        gradient = x.T @ (y - p) - penalty * (theta - mu)
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        for _halving in range(30):  # damped: a step that does not improve is halved
            new = np.array(project([float(v) for v in theta + step]))
            value = objective(new)
            if value >= best - 1e-12:
                break
            step = step / 2
        moved = float(np.abs(new - theta).max())
        if value < best - 1e-12:
            break
        theta, best = new, value
        if moved < 1e-7:
            break
    return theta


def _project(theta: list[float]) -> list[float]:
    """Intercept and weights moved onto the allowed side of :data:`SIGNS`, and the record held.

    Your own messages to them (``sent``) may not outweigh their record:
    ``answered`` is at least minus its weight and ``unanswered`` at most
    minus it, so an answered message always adds and an ignored one never
    does, whatever ``sent`` weighs (the record's count is never above
    ``sent``'s, so its log grows at least as fast).
    """
    intercept, *weights = theta
    for at, sign in enumerate(SIGNS):
        if sign > 0:
            weights[at] = max(0.0, weights[at])
        elif sign < 0:
            weights[at] = min(0.0, weights[at])
    sent = weights[FEATURES.index("sent")]
    answered, unanswered = FEATURES.index("answered"), FEATURES.index("unanswered")
    weights[answered] = max(weights[answered], -sent)
    weights[unanswered] = min(weights[unanswered], -sent)
    return [intercept, *weights]


def network_prior(exchanges: dict[int, Exchange], as_of: datetime) -> Prior:
    """Refit the default on the owner's own history before ``as_of`` (no look-ahead).

    One model for every channel that kept its answers: fitted on their cut
    rows pooled, centred on the shipped default of the channel the owner
    asked most on, and calibrated on all their past asks. Whether someone
    answers is a matter of the person and the tie, and the channel the next
    ask goes by is not known: a person is scored on the channel of their
    latest message, and on the demo 43% of the asks judged after a cut went
    by the other one. Fitted and calibrated apart, the two channels' base
    rates differ by the accident of who was asked where, and applied by the
    latest message they reorder people by it (within-owner AUC 0.636 apart,
    0.655 as one; real archives each hold one channel, and score the same).
    A channel that lost its answers keeps its own model on what the owner
    sent (:func:`one_sided`).
    """
    everyone = [e for e in exchanges.values() if e.asks]
    asks = [a for e in everyone for a in e.asks]
    sides = one_sided(exchanges, as_of)
    lost = frozenset(side[0] for side in sides)
    # A stride of at most MOST_ROWS rows per channel.
    found = examples(exchanges, own_cuts(exchanges, as_of), as_of, outgoing=lost, most=MOST_ROWS)
    settled = _settled_asks(exchanges, as_of)
    # Calibrated on every past ask: the cuts alone see too few asks of a short history to
    # tell an owner whose mail is seldom answered, or how sure the weights may be.
    asked = {channel: _every_ask(settled[channel], channel in lost) for channel in CHANNELS}
    whole = [channel for channel in CHANNELS if channel not in lost]
    joint: Weights | None = None
    if any(found[channel] or asked[channel] for channel in whole):
        main = max(whole, key=lambda channel: len(asked[channel]))
        rows = [row for channel in whole for row in found[channel]]
        joint = calibrate(
            fit(rows, shipped(main)), [row for channel in whole for row in asked[channel]]
        )
    models = []
    for channel in CHANNELS:
        if channel in lost:
            # A one-sided channel's past answers were lost as its future ones will be: the
            # owner's asks can set the base rate of answers the archive keeps, not what
            # sending says.
            models.append(calibrate(shipped(channel, True), asked[channel], scale=False))
        elif joint is None:
            models.append(shipped(channel))
        else:
            rows = found[channel]  # each channel counts its own rows: the why adds them up
            models.append(
                Weights(channel, joint.intercept, joint.weights, len(rows), sum(y for _, y in rows))
            )
    latencies: list[float] = []
    answered = 0
    for a in asks:
        if a.replied_at is not None:
            answered += 1
            latencies.append((a.replied_at - a.opened_at).total_seconds() / 3600)  # latency_hours
    return Prior(
        tuple(models),
        len(asks),
        len(everyone),
        answered / len(asks) if asks else None,
        statistics.median(latencies) if latencies else None,
        sides,
    )


def prior_share(exchange: Exchange) -> tuple[object, ...]:
    """Everything of one person's that :func:`network_prior` reads: if it is unchanged, so is their part."""
    return (
        tuple((a.opened_at, a.replied_at, a.channel, a.source) for a in exchange.asks),
        tuple(exchange.started),
        tuple(exchange.sent_at),
        tuple(exchange.received_at),
        tuple(exchange.received_channels),
        tuple(exchange.group_at),
    )


# -- one person


@dataclass(frozen=True, slots=True)
class Driver:
    """One signal's pull on this person's chance, against a typical contact's."""

    name: str
    points: float
    text: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"signal": self.name, "points": round(self.points * 100, 1), "text": self.text}


def score(
    exchange: Exchange | None,
    prior: Prior,
    as_of: datetime,
    availability: Availability | None = None,
) -> Score:
    """Communication for one person from everything that passed between them and the owner."""
    available = {"availability": availability.as_dict() if availability else None}
    if exchange is None or not has_exchange(exchange, as_of):
        why = "no message either way with you yet; nothing to judge their replies by"
        pending = len(exchange.pending) if exchange else 0
        if pending:
            why = f"{plural(pending, 'message')} to them still too recent to judge"
        if availability is not None:
            why += f"; {availability.describe()}"
        evidence: tuple[EvidenceRef, ...] = (_signal_ref(availability),) if availability else ()
        return Score(
            None,
            0.0,
            why,
            evidence,
            details={
                "replied": 0,
                "asked": 0,
                "median_reply_hours": None,
                "probability": None,
                "drivers": [],
                **available,
            },
        )
    model = prior.model(exchange.channel)
    lost = prior.lost(exchange.channel)
    x = features(exchange, as_of, outgoing=lost is not None)
    chance = model.chance(x)
    asks = exchange.asks
    replied = [a for a in asks if a.replied_at is not None]
    latencies = sorted(a.latency_hours for a in replied if a.latency_hours is not None)
    median = statistics.median(latencies) if latencies else None
    p90 = latencies[min(len(latencies) - 1, int(0.9 * len(latencies)))] if latencies else None
    direct = exchange.sent_by_owner + exchange.sent_by_them + len(asks)
    group_only = not direct
    weight = len(asks) + exchange.sent_by_them / 2
    confidence = weight / (weight + CONFIDENCE_HALF)
    if group_only:
        confidence = min(confidence, GROUP_ONLY_CONFIDENCE)
    if lost is not None:
        confidence = min(confidence, ONE_SIDED_CONFIDENCE)
    drivers = _drivers(model, x, chance, exchange, as_of, median, lost is not None)
    parts = [d.text + f" ({d.points * 100:+.0f} points)" for d in drivers]
    if lost is not None:
        parts.insert(0, _lost_record(exchange.channel, *lost))
        if not drivers:
            parts.append(_say("group" if group_only else "sent", exchange, as_of, median))
    elif group_only:
        parts.insert(
            0,
            f"seen only in group threads with you ({plural(exchange.group_messages, 'message')});"
            " no direct exchange to judge by",
        )
    else:
        # The record is the plainest fact there is: always said, after what moved the chance.
        if not any(d.name == "record" for d in drivers) and asks:
            parts.append(_record(len(replied), len(asks), median))
        if not parts:
            parts.append(_volume(exchange))
    silent = "" if lost else went_silent(asks)
    trend = "" if lost else recent_trend(asks)
    if silent:
        parts.append(silent)
    if trend:
        parts.append(trend)
    why = f"{chance:.0%} chance of an answer within 14 days: " + "; ".join(parts)
    why += f" ({prior.describe()})"
    evidence = tuple(
        EvidenceRef(
            ask.source,
            ask.message_id,
            f"{ask.opened_at.date().isoformat()} you "
            + ("asked them to vouch; " if ask.source == "ask" else "wrote; ")
            + (
                f"replied after {human_hours(ask.latency_hours)}"
                if ask.latency_hours is not None
                else "no reply within 14 days"
            ),
        )
        for ask in asks[-10:]
    )
    if not evidence and exchange.message_ids:
        evidence = (EvidenceRef("interaction", exchange.message_ids[-1], "latest message"),)
    if availability is not None:
        why += f"; {availability.describe()}"
        evidence += (_signal_ref(availability),)
        if availability.status == "bounced":
            confidence *= BOUNCED_CONFIDENCE
    return Score(
        chance,
        confidence,
        why,
        evidence,
        details={
            "replied": len(replied),
            "asked": len(asks),
            "median_reply_hours": None if median is None else round(median, 2),
            "p90_reply_hours": None if p90 is None else round(p90, 2),
            "reply_rate": round(chance, 3),
            "probability": round(chance, 3),
            "drivers": [d.as_dict() for d in drivers],
            "started_by_them": len(exchange.started),
            "wrote_to_you": exchange.sent_by_them,
            "you_wrote": exchange.sent_by_owner,
            "group_messages": exchange.group_messages,
            "channel": exchange.channel,
            "reply_record": "kept" if lost is None else "lost",
            "slower_lately": bool(trend),
            "went_silent": bool(silent),
            **available,
        },
    )


def _lost_record(channel: str, received: int, sent: int, answered: int) -> str:
    """Why a one-sided channel's answers cannot be read (:func:`one_sided`)."""
    where = CHANNEL_NAMES.get(channel, "there")
    if received < ONE_SIDED_SHARE * sent:
        found = (
            f"your archive holds few of the messages people sent you {where} ({received} "
            f"against {plural(sent, 'direct message')} of yours)"
        )
    else:
        found = (
            f"your archive holds an answer to {answered} of your "
            f"{plural(sent, 'direct message')} {where}"
        )
    return f"{found}, so their answers cannot be read from it: judged on what you sent them alone"


def _drivers(
    model: Weights,
    x: tuple[float, ...],
    chance: float,
    exchange: Exchange,
    as_of: datetime,
    median: float | None,
    outgoing: bool = False,
) -> list[Driver]:
    """The signals that moved this chance most from a typical contact's, largest first.

    A signal's pull is the chance with it at the typical contact's value
    instead (:data:`TYPICAL`), less the chance as it is. The record
    (answered and unanswered) is one signal, as are the two counts of
    their messages. The record is set against the typical contact's reply
    rate *over as many messages as theirs*: answering 24 of 30 beats a
    typical 3 of 4, though 6 silences weigh more than one, and a record
    said to pull the chance down must be a worse rate than usual. How many
    messages you sent them is the "sent" signal's to say.
    """
    typical = outgoing_only(default.TYPICAL) if outgoing else default.TYPICAL
    answered, unanswered = FEATURES.index("answered"), FEATURES.index("unanswered")
    usual = list(typical)
    yes, no = math.expm1(x[answered]), math.expm1(x[unanswered])
    typical_yes, typical_no = math.expm1(typical[answered]), math.expm1(typical[unanswered])
    rate = typical_yes / (typical_yes + typical_no) if typical_yes + typical_no else 0.0
    usual[answered] = math.log1p((yes + no) * rate)
    usual[unanswered] = math.log1p((yes + no) * (1 - rate))
    groups = {
        "record": ("answered", "unanswered"),
        "writes": ("wrote", "lately", "started"),
        "quiet": ("quiet",),
        "sent": ("sent",),
        "group": ("group",),
    }
    if not exchange.received_at:  # never wrote: how long since is the same fact, said once
        groups["writes"] += groups.pop("quiet")
    found = []
    for name, members in groups.items():
        swapped = list(x)
        for member in members:
            at = FEATURES.index(member)
            swapped[at] = usual[at]
        points = chance - model.chance(swapped)
        if abs(points) >= SAID_POINTS:
            found.append(Driver(name, points, _say(name, exchange, as_of, median)))
    found.sort(key=lambda d: -abs(d.points))
    return found[:MOST_SAID]


def _say(name: str, exchange: Exchange, as_of: datetime, median: float | None) -> str:
    """One signal in words, from the same counts the JSON shows."""
    if name == "record":
        replied = sum(a.replied_at is not None for a in exchange.asks)
        return _record(replied, len(exchange.asks), median)
    if name == "writes":
        return _volume(exchange)
    if name == "quiet":
        last = exchange.received_at[-1] if exchange.received_at else None
        return "never wrote to you" if last is None else f"last wrote to you {last:%Y-%m-%d}"
    if name == "sent":  # the count the signal reads: messages in small threads, and requests
        requests = sum(a.source == "ask" for a in exchange.asks)
        if not exchange.sent_by_owner + requests:
            return "you have not written to them directly"
        text = f"you wrote to them {plural(exchange.sent_by_owner + requests, 'time')}"
        return text + (f" ({requests} through goodword)" if requests else "")
    return f"{plural(exchange.group_messages, 'group message')} together"


def _record(replied: int, asked: int, median: float | None) -> str:
    if not asked:
        return "you have not written to them directly yet"
    text = f"answered {replied} of your {plural(asked, 'direct message')} within 14 days"
    if median is not None:
        text += f", median {human_hours(median)}"
    return text


def _volume(exchange: Exchange) -> str:
    """How much they write to you, and how often unprompted."""
    if not exchange.sent_by_them:
        return "never wrote to you directly"
    text = f"wrote to you {plural(exchange.sent_by_them, 'time')}"
    started = exchange.started
    if len(started) >= 3:
        days = max(1, (started[-1] - started[0]).days) / (len(started) - 1)
        text += f", unprompted about {_every(days)}"
    elif started:
        text += f", starting {plural(len(started), 'conversation')}"
    return text


def _every(days: float) -> str:
    if days <= 10:
        return "weekly"
    if days <= 45:
        return "monthly"
    if days <= 120:
        return "every few months"
    return "once or twice a year"


def _signal_ref(availability: Availability) -> EvidenceRef:
    return EvidenceRef("interaction", availability.signal_id, availability.describe())


RECENT_ASKS = 3
SLOWER_FACTOR = 2.0


def recent_trend(asks: list[Ask]) -> str:
    """``slower than usual lately`` when their last replies took twice their usual time or more."""
    answered = [a for a in asks if a.latency_hours is not None]
    if len(answered) < RECENT_ASKS + 3:
        return ""
    usual = statistics.median(a.latency_hours or 0.0 for a in answered[:-RECENT_ASKS])
    lately = statistics.median(a.latency_hours or 0.0 for a in answered[-RECENT_ASKS:])
    if usual > 0 and lately >= SLOWER_FACTOR * usual and lately - usual >= 12:
        return (
            f"slower than usual lately (median {human_hours(lately)}, usually {human_hours(usual)})"
        )
    return ""


def went_silent(asks: list[Ask]) -> str:
    """``went silent`` when someone who used to answer left your last asks unanswered."""
    if len(asks) < RECENT_ASKS + 2:
        return ""
    earlier, recent = asks[:-RECENT_ASKS], asks[-RECENT_ASKS:]
    earlier_rate = sum(a.replied_at is not None for a in earlier) / len(earlier)
    if earlier_rate >= 0.6 and all(a.replied_at is None for a in recent):
        return (
            f"went silent: no answer to your last {RECENT_ASKS} messages since "
            f"{recent[0].opened_at:%Y-%m-%d}, after answering {earlier_rate:.0%} before"
        )
    return ""
