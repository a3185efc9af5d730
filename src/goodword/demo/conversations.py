"""Draw the owner's LinkedIn message threads.

One 1:1 conversation per contact who messages at all (LinkedIn keeps a single
thread per pair). Closer ties are likelier to have a thread and hold more
exchanges (``Contact.closeness``). A thread is a series of exchanges: the
contact opens one with their ``writes_first`` share, the owner the rest; the
other side replies with their reply probability after a log-normal delay
around their median (the contact's as of the message being answered, and
lower the longer since they last wrote: see ``Contact.answers_at``), sometimes several times back and forth; when the contact
stays silent the owner occasionally nudges once. Recruiters write first and
the owner often ignores them; strangers at the owner's employer and the
owner's own second account never write. On top come group chats, sponsored InMail, SPAM,
"LinkedIn Member" threads and a few unsent drafts. All messages are strictly
before the export date.
"""

from __future__ import annotations

import base64
import math
from datetime import datetime, timedelta
from random import Random

from goodword.demo import names, texts
from goodword.demo._dates import at_midnight, random_instant
from goodword.demo.people import IdAllocator, slugify
from goodword.demo.truth import (
    Contact,
    Conversation,
    ConversationKind,
    Folder,
    Message,
    Owner,
    Party,
    Role,
)

OWNER_REPLY_PROB = 0.85
OWNER_MEDIAN_HOURS = 3.0
NUDGE_PROB = 0.3

THREAD_ODDS: dict[Role, tuple[float, int]] = {
    "manager": (0.8, 4),
    "report": (0.85, 5),
    "peer": (0.6, 3),
    "client": (0.7, 3),
    "mentor": (0.6, 3),
    "professor": (0.3, 1),
    "classmate": (0.25, 2),
    "recruiter": (0.5, 1),
    "acquaintance": (0.08, 1),
    "coworker": (0.0, 0),
    "self": (0.0, 0),
}
"""Per role: typical chance of having a 1:1 thread at all, and how many exchanges
it holds; both grow with the tie's closeness (see ``ConversationFactory.direct``)."""
EXCHANGES_PER_CLOSENESS = 2.0
"""Exchanges in a thread beyond the first: on average the role's count times this
times closeness squared, drawn geometric, so a few close ties hold most of the
traffic (on five real LinkedIn exports the tenth of people who wrote most sent
two thirds of the messages people sent the owner)."""


def geometric(rng: Random, mean: float) -> int:
    """A count from 0 up, geometric with ``mean`` (0 for a mean of 0): few large, many small."""
    if mean <= 0.0:
        return 0
    return int(math.log(1.0 - rng.random()) / math.log(mean / (1.0 + mean)))


_FOLDERS: tuple[Folder, ...] = ("INBOX", "ARCHIVE", "")


def _heard(messages: list[Message]) -> datetime | None:
    """When the contact last wrote in ``messages`` (a 1:1 thread, oldest first), None if never."""
    for message in reversed(messages):
        if not message.sender.is_owner:
            return message.sent_at
    return None


def conversation_id(rng: Random) -> str:
    """A LinkedIn-looking conversation id: ``2-`` + base64 of a uuid-ish token."""
    h = f"{rng.getrandbits(128):032x}"
    token = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}_{rng.randrange(1000):03d}"
    return "2-" + base64.b64encode(token.encode("ascii")).decode("ascii")


def contact_party(contact: Contact) -> Party:
    """The contact as a message party."""
    return Party(contact.display_name, contact.slug, contact.index, False, contact.member_id)


def outsider(rng: Random, ids: IdAllocator) -> Party:
    """Someone outside the network (a spammer, a pending invitee) with a profile URL."""
    first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
    slug = ids.slug(slugify(f"{first} {last}", keep_unicode=False))
    return Party(f"{first} {last}", slug, None, False, ids.member_id())


class ConversationFactory:
    """Draws every conversation of one network; call ``make_all``."""

    def __init__(self, rng: Random, owner: Owner, export_date: datetime, ids: IdAllocator):
        self.rng = rng
        self.owner = owner
        self.me = Party(owner.full_name, owner.slug, None, True, owner.member_id)
        self.end = export_date - timedelta(seconds=1)
        self.ids = ids

    def _delay(self, median_hours: float) -> timedelta:
        hours = median_hours * math.exp(self.rng.gauss(0.0, 0.6))
        return timedelta(seconds=max(90, int(hours * 3600)))

    def _text(self, templates: tuple[str, ...], name: str, org: str = "") -> str:
        topic = self.rng.choice(names.TOPICS)
        return self.rng.choice(templates).format(name=name, topic=topic, org=org)

    def direct(self, contact: Contact) -> Conversation | None:
        """The 1:1 thread with ``contact``, or None if they never wrote to each other."""
        rng = self.rng
        odds, most = THREAD_ODDS[contact.role]
        count = 1
        if contact.role != "recruiter":
            odds = min(0.97, odds * (0.5 + contact.closeness))
            count += geometric(rng, most * EXCHANGES_PER_CLOSENESS * contact.closeness**2)
        if contact.ghost or rng.random() >= odds:
            return None
        lo = max(contact.connected_at, at_midnight(contact.period_start))
        hi = min(at_midnight(contact.period_end) + timedelta(days=365), self.end)
        hi -= timedelta(days=2)
        if hi <= lo:
            lo, hi = contact.connected_at, self.end - timedelta(days=1)
        if hi <= lo:
            return None
        starts = sorted(random_instant(rng, lo, hi) for _ in range(count))
        them = contact_party(contact)
        messages: list[Message] = []
        org = rng.choice(names.ORGANIZATIONS)[0]
        subject = ""
        if contact.role == "recruiter" and rng.random() < 0.4:
            subject = rng.choice(texts.RECRUITER_SUBJECTS).format(org=org)
        for start in starts:
            if messages:
                start = max(start, messages[-1].sent_at + timedelta(days=1))
            if start >= self.end:
                break
            self._exchange(start, contact, them, messages, (subject, org))
        title = subject if contact.role == "recruiter" else ""
        folder = rng.choices(_FOLDERS, (85, 12, 3))[0]
        return Conversation(conversation_id(rng), title, "direct", folder, (them,), tuple(messages))

    def _exchange(
        self,
        t: datetime,
        contact: Contact,
        them: Party,
        out: list[Message],
        subject_org: tuple[str, str],
    ) -> None:
        """One burst: an opening message and up to four reply attempts."""
        rng = self.rng
        subject, org = subject_org
        recruiter = contact.role == "recruiter"
        owner_first = not recruiter and rng.random() >= contact.writes_first_at(t)
        sender = self.me if owner_first else them
        if recruiter:
            text = self._text(texts.RECRUITER_OPENERS, self.owner.first, org)
        elif owner_first:
            text = self._text(texts.OPENERS, contact.clean_first)
        else:
            text = self._text(texts.OPENERS, self.owner.first)
        out.append(self._msg(sender, them, t, text, subject if not out else ""))
        for _ in range(rng.randint(1, 4)):
            to_me = sender is them
            if to_me:
                p = 0.35 if recruiter else OWNER_REPLY_PROB
                hours = OWNER_MEDIAN_HOURS
            else:
                p, hours = contact.answers_at(t, _heard(out)), contact.reply_hours_at(t)
            if rng.random() >= p:
                if not to_me and rng.random() < NUDGE_PROB:
                    t += timedelta(days=rng.randint(3, 10), seconds=rng.randrange(3600))
                    if t >= self.end:
                        return
                    nudge = self._text(texts.NUDGES, contact.clean_first)
                    out.append(self._msg(self.me, them, t, nudge))
                    if rng.random() < contact.answers_at(t, _heard(out)):
                        t += self._delay(contact.reply_hours_at(t))
                        if t < self.end:
                            reply = self._text(texts.REPLIES, self.owner.first)
                            out.append(self._msg(them, them, t, reply))
                return
            t += self._delay(hours)
            if t >= self.end:
                return
            responder = self.me if to_me else them
            if recruiter and to_me:
                text = self._text(texts.OWNER_TO_RECRUITER, contact.clean_first)
            else:
                name = contact.clean_first if to_me else self.owner.first
                text = self._text(texts.REPLIES, name)
            out.append(self._msg(responder, them, t, text))
            if rng.random() < 0.15:
                t += timedelta(seconds=rng.randint(20, 300))
                if t < self.end:
                    out.append(self._msg(responder, them, t, rng.choice(texts.AFTERTHOUGHTS)))
            sender = responder

    def _msg(
        self, sender: Party, them: Party, t: datetime, text: str, subject: str = ""
    ) -> Message:
        """A 1:1 message between the owner and ``them``."""
        to = them if sender.is_owner else self.me
        return Message(sender, (to,), t, text, subject)

    def group(self, members: list[Contact], title: str) -> Conversation | None:
        """A group chat between the owner and 2-5 former or current colleagues."""
        rng = self.rng
        parties = [self.me, *(contact_party(c) for c in members)]
        lo = max(c.connected_at for c in members)
        ends = [c.overlap_end or c.period_end for c in members]
        hi = min(at_midnight(max(ends)) + timedelta(days=180), self.end)
        if hi <= lo:
            hi = self.end
        t = random_instant(rng, lo, hi - timedelta(days=3))
        messages: list[Message] = []
        for _ in range(rng.randint(4, 10)):
            if t >= self.end:
                break
            sender = rng.choice(parties)
            recipients = tuple(p for p in parties if p is not sender)
            messages.append(Message(sender, recipients, t, rng.choice(texts.GROUP_LINES)))
            t += timedelta(minutes=rng.randint(2, 600))
        if not messages:
            return None
        folder = rng.choices(_FOLDERS[:2], (4, 1))[0]
        others = tuple(parties[1:])
        return Conversation(conversation_id(rng), title, "group", folder, others, tuple(messages))

    def one_way(
        self, kind: ConversationKind, sender: Party, texts_: list[str], folder: Folder
    ) -> Conversation:
        """A thread where only ``sender`` writes to the owner (InMail, SPAM, deleted member)."""
        rng = self.rng
        t = random_instant(rng, self.end - timedelta(days=400), self.end - timedelta(days=20))
        messages = []
        for text in texts_:
            messages.append(Message(sender, (self.me,), t, text))
            t += timedelta(hours=rng.randint(20, 200))
        if kind == "member" and rng.random() < 0.5:
            reply = "Thanks, happy to connect!"
            messages.append(Message(self.me, (sender,), t, reply))
        title = "Sponsored Conversation" if kind == "sponsored" else ""
        return Conversation(conversation_id(rng), title, kind, folder, (sender,), tuple(messages))

    def with_draft(self, conv: Conversation) -> Conversation:
        """``conv`` plus an unsent draft by the owner after its last message."""
        rng = self.rng
        last = conv.messages[-1]
        t = min(last.sent_at + timedelta(hours=rng.randint(1, 72)), self.end)
        to = conv.participants
        draft = Message(self.me, to, t, "Hi! Sorry, I meant to answer this sooner -", draft=True)
        return Conversation(
            conv.id, conv.title, conv.kind, conv.folder, to, (*conv.messages, draft)
        )

    def make_all(self, contacts: list[Contact]) -> list[Conversation]:
        """Every conversation of the network, in generation order."""
        rng = self.rng
        convs = [c for c in map(self.direct, contacts) if c is not None]
        convs.extend(self._groups(contacts))
        for sponsor in rng.sample(names.SPONSORS, rng.choice((2, 3))):
            html = rng.choice(texts.SPONSORED_HTML).format(name=self.owner.first, org=sponsor)
            convs.append(self.one_way("sponsored", Party(sponsor, ""), [html], "INBOX"))
        for line in texts.SPAM_LINES:
            convs.append(self.one_way("spam", outsider(rng, self.ids), [line], "SPAM"))
        member = Party("LinkedIn Member", "")
        for k in range(2):
            lines = list(texts.MEMBER_LINES[: k + 1])
            convs.append(self.one_way("member", member, lines, "INBOX"))
        self._add_drafts(convs, contacts)
        return convs

    def _groups(self, contacts: list[Contact]) -> list[Conversation]:
        by_org: dict[str, list[Contact]] = {}
        for c in contacts:
            if c.worked_at and not c.ghost:
                by_org.setdefault(c.worked_at, []).append(c)
        orgs = [org for org in self.owner.organizations if len(by_org.get(org, ())) >= 2]
        if not orgs:
            return []
        # Start with a colleague whose display name holds commas ("X, FICS (UK), MSc (SE)").
        comma = [c for c in contacts if c.worked_at and not c.ghost and "," in c.last_name]
        out: list[Conversation] = []
        for k in range(max(2, min(12, len(contacts) // 60))):
            seed = comma[0] if k == 0 and comma else None
            org = seed.worked_at if seed and seed.worked_at else self.rng.choice(orgs)
            if len(by_org[org]) < 2:
                seed, org = None, self.rng.choice(orgs)
            pool = [c for c in by_org[org] if c is not seed]
            lead = [seed] if seed else []
            size = self.rng.randint(2, min(5, len(pool) + len(lead)))
            members = lead + self.rng.sample(pool, size - len(lead))
            title = self.rng.choice(texts.GROUP_TITLES) if self.rng.random() < 0.5 else ""
            conv = self.group(members, title)
            if conv:
                out.append(conv)
        return out

    def _add_drafts(self, convs: list[Conversation], contacts: list[Contact]) -> None:
        rng = self.rng
        direct = [i for i, c in enumerate(convs) if c.kind == "direct" and c.folder == "INBOX"]
        for i in rng.sample(direct, min(3, len(direct))):
            convs[i] = self.with_draft(convs[i])
        talked = {p.contact for c in convs for p in c.participants}
        silent = [c for c in contacts if not c.ghost and c.index not in talked]
        if silent:
            contact = rng.choice(silent)
            them = contact_party(contact)
            t = random_instant(rng, self.end - timedelta(days=30), self.end)
            text = f"Hi {contact.clean_first}, it's been a while! I wanted to ask you"
            draft = Message(self.me, (them,), t, text, draft=True)
            convs.append(Conversation(conversation_id(rng), "", "draft", "", (them,), (draft,)))


def make_conversations(
    rng: Random, owner: Owner, contacts: list[Contact], export_at: datetime, ids: IdAllocator
) -> list[Conversation]:
    """Draw all message threads for ``owner`` and ``contacts``, before ``export_at``."""
    return ConversationFactory(rng, owner, export_at, ids).make_all(contacts)
