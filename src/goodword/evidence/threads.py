"""Who answered whom: reply detection in one-to-one threads.

An *ask* is the owner reaching out and expecting an answer: a message that
opens a conversation (the first of a thread, or the first after a week or
more of quiet in it), or one that follows up their own message a day or more
later while the other person has not written back (a nudge). The owner's
answer to the other person's message — they wrote last, the owner replies
within the week — is not an ask: the conversation may well end there (a
"thanks", an answer to their question), and counting its silence as an
unanswered ask would blame them for it. Neither is a second message of the
owner's the same day as their answer (an afterthought).

The other person's next message closes the ask as a reply, and the time
between is the latency. Further messages from the owner within a week of
opening it are nudges of the same ask; later ones leave the first
unanswered and open a new ask. An answer after more than 30 days is a new
conversation, not a reply. A message of theirs while nothing of the
owner's waits, a week or more after the thread's last message (or opening
it), *starts* a conversation: how often someone writes to you first is
evidence of how engaged they are. Group threads, invitations and
unattributable senders never count: a reply in a group is not an answer to
you.

The same definition judges the target of the back-test
(:mod:`goodword.evidence.backtest`), so the model and its baseline are
graded on the same asks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from goodword.store.facts import AskFact, MessageFact

# An ask younger than this at the as-of moment is too recent to judge.
JUDGE_AFTER = timedelta(days=14)
# A message this long after an unanswered one is a new ask, not a nudge.
FOLLOW_UP_WINDOW = timedelta(days=7)
# An answer later than this is a new conversation, not a reply: the ask went unanswered.
REPLY_WINDOW = timedelta(days=30)
# A thread quiet this long is over: the next message opens (or starts) a new conversation.
QUIET = timedelta(days=7)
# The owner's second message sooner than this after their own answer belongs to the answer.
AFTERTHOUGHT = timedelta(days=1)


@dataclass(slots=True)
class Ask:
    """One message (or run of messages) from the owner awaiting an answer."""

    opened_at: datetime
    message_id: int
    replied_at: datetime | None = None
    reply_id: int | None = None
    source: str = "interaction"  # or "ask": a request made through goodword

    @property
    def latency_hours(self) -> float | None:
        """Hours until the reply, or None without one."""
        if self.replied_at is None:
            return None
        return (self.replied_at - self.opened_at).total_seconds() / 3600


@dataclass(slots=True)
class Exchange:
    """What passed between the owner and one person in one-to-one threads."""

    asks: list[Ask] = field(default_factory=list)
    pending: list[Ask] = field(default_factory=list)
    sent_by_owner: int = 0
    sent_by_them: int = 0
    started: list[datetime] = field(default_factory=list)  # when they wrote first
    group_messages: int = 0
    first_at: datetime | None = None
    last_at: datetime | None = None
    message_ids: list[int] = field(default_factory=list)

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
    """A one-to-one message between the owner and one other person."""
    if message.kind not in CONVERSATION_KINDS:
        return False
    if message.sender_id is None or message.participant_count != 2:
        return False
    if len(message.recipient_ids) != 1:
        return False
    return self_id in (message.sender_id, message.recipient_ids[0])


def exchanges(messages: list[MessageFact], self_id: int, as_of: datetime) -> dict[int, Exchange]:
    """Per person: asks and replies in one-to-one threads, plus group-thread counts.

    ``messages`` must be sorted by time. Asks still open younger than
    :data:`JUDGE_AFTER` at ``as_of`` are kept apart as pending.
    """
    found: dict[int, Exchange] = defaultdict(Exchange)
    threads: dict[tuple[str, int], list[MessageFact]] = defaultdict(list)
    for message in messages:
        if is_direct(message, self_id):
            other = message.recipient_ids[0] if message.sender_id == self_id else message.sender_id
            assert other is not None
            threads[(message.thread_key, other)].append(message)
        elif message.kind in CONVERSATION_KINDS and message.participant_count > 2:
            involved = {message.sender_id, *message.recipient_ids}
            if self_id in involved:
                for person_id in involved - {self_id, None}:
                    assert person_id is not None
                    found[person_id].group_messages += 1
    for (_thread, other), thread in threads.items():
        _walk(found[other], thread, self_id, as_of)
    for exchange in found.values():
        exchange.asks.sort(key=lambda ask: ask.opened_at)
        exchange.started.sort()
    return dict(found)


def _opens_ask(
    message: MessageFact, previous: MessageFact | None, answered: bool, self_id: int
) -> bool:
    """Whether the owner's ``message``, with no ask of theirs open, reaches out for an answer.

    ``answered`` says the owner's previous message in the thread was their
    answer to the other person (not an ask).
    """
    if previous is None or message.occurred_at - previous.occurred_at >= QUIET:
        return True  # opens the thread, or a new conversation in a quiet one
    if previous.sender_id != self_id:
        return False  # answers their message
    # After their own answer: the same day is an afterthought, later a follow-up.
    return not answered or message.occurred_at - previous.occurred_at >= AFTERTHOUGHT


def _walk(exchange: Exchange, thread: list[MessageFact], self_id: int, as_of: datetime) -> None:
    """Asks, replies and started conversations in one one-to-one thread, in time order."""
    open_ask: Ask | None = None
    previous: MessageFact | None = None
    answered = False  # the owner's last message answered theirs rather than asking
    for message in thread:
        exchange.note(message)
        exchange.message_ids.append(message.id)
        if message.sender_id == self_id:
            exchange.sent_by_owner += 1
            if open_ask is not None and message.occurred_at - open_ask.opened_at > FOLLOW_UP_WINDOW:
                exchange.asks.append(open_ask)
                open_ask = None
            if open_ask is None:
                if _opens_ask(message, previous, answered, self_id):
                    open_ask, answered = Ask(message.occurred_at, message.id), False
                elif previous is not None and previous.sender_id != self_id:
                    answered = True
        else:
            exchange.sent_by_them += 1
            answered = False
            if open_ask is None and (
                previous is None or message.occurred_at - previous.occurred_at >= QUIET
            ):
                exchange.started.append(message.occurred_at)
            if open_ask is not None:
                if message.occurred_at - open_ask.opened_at <= REPLY_WINDOW:
                    open_ask.replied_at, open_ask.reply_id = message.occurred_at, message.id
                exchange.asks.append(open_ask)
                open_ask = None
        previous = message
    if open_ask is not None:
        if as_of - open_ask.opened_at < JUDGE_AFTER:
            exchange.pending.append(open_ask)
        else:
            exchange.asks.append(open_ask)


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
            ask = Ask(fact.asked_at, fact.ask_id, source="ask")
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
