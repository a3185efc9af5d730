"""Who answered whom: direct messages, their replies, and everything else one tie shows.

A *direct message* is one the owner sent to at most :data:`FEW` people (a
mass mail or a big group is no question to one person), and, for mail, with
a real subject (an empty one is a forward or an automatic note). Each goes
to every recipient it addresses as one *ask* (someone only copied, in Cc,
is told, not asked: no answer is owed): the recipient answered when they wrote
back to the owner within :data:`REPLY_WINDOW` (14 days), in the same thread
or under the same subject once ``Re:``/``Fwd:`` are taken off (old mail
archives carry no In-Reply-To headers, so the subject is what threads
them). The time between is the latency. This is exactly what the back-test
(:mod:`goodword.evidence.backtest`) judges after a cut date, so the model is
taught and graded on one unit.

The owner's answer to a question of theirs is a direct message like any
other: the unit is what the person did with the owner's mail, not whether
they owed an answer.

Beside the asks, an :class:`Exchange` keeps when each message passed either
way (:attr:`Exchange.sent_at`, :attr:`Exchange.received_at`), the
conversations they opened (:attr:`Exchange.started`: the first message of a
thread, or the first after a quiet week) and group traffic, so the
communication model can read any of it as of an earlier day (its fit walks
back through the owner's own history) without re-reading the messages.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

from goodword.identity.normalise import subject_key
from goodword.store.facts import AskFact, MessageFact

# A direct message goes to at most this many people besides the owner.
FEW = 3
# An answer later than this is no reply: the ask went unanswered.
REPLY_WINDOW = timedelta(days=14)
# An ask younger than this at the as-of moment is too recent to judge.
JUDGE_AFTER = REPLY_WINDOW
# A thread quiet this long is over: their next message in it starts a new conversation.
QUIET = timedelta(days=7)


@dataclass(slots=True)
class Ask:
    """One direct message of the owner's to one person, and their answer if any.

    ``channel`` is the message's kind (``email``, ``linkedin_message``) or
    ``ask`` for a request made through goodword.
    """

    opened_at: datetime
    message_id: int
    replied_at: datetime | None = None
    reply_id: int | None = None
    source: str = "interaction"  # or "ask": a request made through goodword
    channel: str = "email"

    @property
    def latency_hours(self) -> float | None:
        """Hours until the reply, or None without one."""
        if self.replied_at is None:
            return None
        return (self.replied_at - self.opened_at).total_seconds() / 3600


@dataclass(slots=True)
class Exchange:
    """What passed between the owner and one person.

    ``sent_by_owner`` and ``sent_by_them`` count the messages of threads with
    at most :data:`FEW` others (``sent_at`` and ``received_at`` say when);
    ``group_messages`` those of larger threads with the owner in them.
    """

    asks: list[Ask] = field(default_factory=list)
    pending: list[Ask] = field(default_factory=list)
    sent_by_owner: int = 0
    sent_by_them: int = 0
    started: list[datetime] = field(default_factory=list)  # when they wrote first
    group_messages: int = 0
    first_at: datetime | None = None
    last_at: datetime | None = None
    message_ids: list[int] = field(default_factory=list)
    sent_at: list[datetime] = field(default_factory=list)
    received_at: list[datetime] = field(default_factory=list)
    received_channels: list[str] = field(
        default_factory=list
    )  # beside received_at: each one's kind
    group_at: list[datetime] = field(default_factory=list)
    channel: str = "email"  # the kind of the latest message either way: where you reach them

    def note(self, message: MessageFact) -> None:
        """Track the span of contact."""
        if self.first_at is None or message.occurred_at < self.first_at:
            self.first_at = message.occurred_at
        if self.last_at is None or message.occurred_at > self.last_at:
            self.last_at = message.occurred_at


# Interactions that are conversation (invitations, meetings and notes are not).
CONVERSATION_KINDS = frozenset({"linkedin_message", "email"})
CHANNEL_NAMES = {"linkedin_message": "on LinkedIn", "email": "by email"}


def is_direct(message: MessageFact, self_id: int) -> bool:
    """A direct message of the owner's: to at most :data:`FEW` others, with a subject on mail."""
    if message.kind not in CONVERSATION_KINDS or message.sender_id != self_id:
        return False
    others = sum(1 for r in message.recipient_ids if r != self_id)
    if not 0 < others <= FEW:
        return False
    return message.kind != "email" or bool(subject_key(message.subject))


def exchanges(messages: list[MessageFact], self_id: int, as_of: datetime) -> dict[int, Exchange]:
    """Per person: direct messages and their replies, plus the traffic either way.

    ``messages`` must be sorted by time and dated before ``as_of``. Asks
    younger than :data:`JUDGE_AFTER` at ``as_of`` and still unanswered are
    kept apart as pending.

    One pass over a million messages is most of the cost of scoring a large
    network, so the loop reads each message's fields once (a message is a
    plain tuple), makes a set of recipients only for a message to several,
    works out each subject's key once, and finds replies as it goes: each
    direct message waits, per person asked, for the first message of
    theirs in the reply window in the same thread or under the same
    subject, and messages come in time order, so the first that matches is
    the reply (the window closes at the first message past it). The result
    is that of the plain reading, people in the same order.
    """
    found: dict[int, Exchange] = {}
    keys: dict[str, str] = {}

    def subject(text: str) -> str:
        key = keys.get(text)
        if key is None:
            key = keys[text] = subject_key(text)
        return key

    direct: list[tuple[MessageFact, Sequence[int]]] = []  # and whom each one asks
    # Per person asked: (sent at, window end, thread, subject key, message id, its reply's slot).
    waiting: dict[int, list[tuple[datetime, datetime, str, str, int, int]]] = {}
    replies: list[MessageFact | None] = []  # per ask, in the order they are judged below
    last_in_thread: dict[str, datetime] = {}
    conversation = CONVERSATION_KINDS
    for message in messages:
        message_id, kind, at, sender, recipients, thread, _, _, title, _, roles = message
        if at >= as_of:
            break  # nothing after the as-of moment is known yet
        if kind not in conversation or sender is None:
            continue
        single = len(recipients) == 1
        if single:  # most messages: no set needed, the same people in the same order
            others: Collection[int] = () if recipients[0] == self_id else recipients
        else:
            others = {r for r in recipients if r != self_id}
        previous = last_in_thread.get(thread)
        last_in_thread[thread] = at
        if sender == self_id:
            small = 0 < len(others) <= FEW
            for person_id in others:
                exchange = found.get(person_id)
                if exchange is None:
                    exchange = found[person_id] = Exchange()
                _tally(exchange, message_id, kind, at, small)
                if small:
                    exchange.sent_by_owner += 1
                    exchange.sent_at.append(at)
            # is_direct(), with each subject's key worked out once
            addressed = len(others) if single else sum(1 for r in recipients if r != self_id)
            if 0 < addressed <= FEW and (kind != "email" or subject(title)):
                asked = _asked(recipients, roles, self_id)
                direct.append((message, asked))
                key, limit = subject(title), at + REPLY_WINDOW
                for person_id in asked:
                    waiting.setdefault(person_id, []).append(
                        (at, limit, thread, key, message_id, len(replies))
                    )
                    replies.append(None)
            continue
        if self_id not in recipients:
            continue  # mail among others that the owner only saw (a list, a Bcc)
        if single:
            others = () if recipients[0] == sender else others
        else:
            cast(set[int], others).discard(sender)  # a set of this message's own
        exchange = found.get(sender)
        if exchange is None:
            exchange = found[sender] = Exchange()
        small = len(others) < FEW
        _tally(exchange, message_id, kind, at, small)
        asks = waiting.get(sender)
        if asks:
            open_asks = []
            for ask in asks:
                sent_at, limit, sent_thread, key, sent_id, slot = ask
                if at > limit:
                    continue  # past the window: no later message can answer it
                if (
                    at > sent_at
                    and message_id != sent_id
                    and (thread == sent_thread or (key and subject(title) == key))
                ):
                    replies[slot] = message
                else:
                    open_asks.append(ask)
            waiting[sender] = open_asks
        if small:
            exchange.sent_by_them += 1
            exchange.received_at.append(at)
            exchange.received_channels.append(kind)
            if previous is None or at - previous >= QUIET:
                exchange.started.append(at)
        for person_id in others:
            exchange = found.get(person_id)
            if exchange is None:
                exchange = found[person_id] = Exchange()
            _tally(exchange, message_id, kind, at, False)
    slot = 0
    for message, asked in direct:
        for person_id in asked:
            _judge(found[person_id], message, replies[slot], as_of)
            slot += 1
    for exchange in found.values():
        exchange.asks.sort(key=_opened)
    return found


def _asked(recipients: tuple[int, ...], roles: tuple[str, ...], self_id: int) -> Sequence[int]:
    """Who a direct message asks: each recipient once, but the owner and those only copied."""
    if len(recipients) == 1:  # most direct messages
        alone = recipients[0]
        return () if alone == self_id or (roles and roles[0] == "cc") else recipients
    copied = {person for person, role in zip(recipients, roles, strict=False) if role == "cc"}
    return [p for p in dict.fromkeys(recipients) if p != self_id and p not in copied]


def _opened(ask: Ask) -> datetime:
    return ask.opened_at


def _tally(exchange: Exchange, message_id: int, kind: str, at: datetime, small: bool) -> None:
    """What :func:`_count` does, from the message's fields."""
    if exchange.first_at is None or at < exchange.first_at:
        exchange.first_at = at
    if exchange.last_at is None or at > exchange.last_at:
        exchange.last_at = at
    exchange.channel = kind
    if small:
        exchange.message_ids.append(message_id)
    else:
        exchange.group_messages += 1
        exchange.group_at.append(at)


def _judge(
    exchange: Exchange, message: MessageFact, reply: MessageFact | None, as_of: datetime
) -> None:
    ask = Ask(message.occurred_at, message.id, channel=message.kind)
    if reply is not None and reply.occurred_at < as_of:
        ask.replied_at, ask.reply_id = reply.occurred_at, reply.id
        exchange.asks.append(ask)
    elif as_of - message.occurred_at < JUDGE_AFTER:
        exchange.pending.append(ask)
    else:
        exchange.asks.append(ask)


def add_goodword_asks(
    found: dict[int, Exchange], asks: dict[int, list[AskFact]], as_of: datetime
) -> None:
    """Count the owner's requests made through goodword as asks too: an answer is agreed or declined.

    How fast someone answers a request to vouch is the most direct evidence
    there is of how they will answer a recruiter.
    """
    for person_id, facts in asks.items():
        exchange = found.setdefault(person_id, Exchange())
        for fact in facts:
            ask = Ask(fact.asked_at, fact.ask_id, source="ask", channel="ask")
            if fact.answered_at is not None and fact.answered_at - fact.asked_at <= REPLY_WINDOW:
                ask.replied_at, ask.reply_id = fact.answered_at, fact.ask_id
                exchange.asks.append(ask)
            elif (
                fact.answered_at is not None
                or fact.marked_unanswered
                or as_of - fact.asked_at >= JUDGE_AFTER
            ):
                exchange.asks.append(ask)
            else:
                exchange.pending.append(ask)
        exchange.asks.sort(key=lambda a: a.opened_at)
