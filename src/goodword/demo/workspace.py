"""The owner's mail, calendar and address book for a synthetic network, beside the LinkedIn export.

Written from the same ground truth as the export (``Network``), so the
demo shows every importer and identity resolution at work:

* a Google Takeout mbox: threads with colleagues, clients and mentors at
  their work address while the relationship was active, answered as each
  contact's responsiveness at the time of the message says; threads the
  contact starts, as often as the tie is close and active
  (``Contact.writes_first``), which the owner answers and the contact may
  answer in turn; out-of-office replies, a bounce from an
  address at a former employer, mailing-list noise, and notes the owner sent
  themselves from a private address the LinkedIn export does not list
  (``Owner.other_emails``: mail from the owner's own other account);
* a calendar (.ics): weekly one-to-ones with each manager and report while
  you worked together, and monthly small meetings with peers;
* an address book (.vcf): some contacts with a mobile number and both their
  work and private addresses, which joins the two records mail made.

LinkedIn connections carry no email here (as in real exports), so the same
people arrive twice and goodword has to find that they are one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from random import Random

from goodword.demo import names
from goodword.demo.conversations import geometric
from goodword.demo.truth import Contact, Network

MAIL_NAME = "All mail Including Spam and Trash.mbox"
CALENDAR_NAME = "calendar.ics"
CONTACTS_NAME = "contacts.vcf"
MAIL_ROLES = frozenset({"manager", "report", "peer", "client", "mentor"})
SUBJECTS = (
    "Quarterly planning",
    "Draft for review",
    "Numbers for the board deck",
    "Can we move our sync?",
    "Feedback on the proposal",
    "Data pipeline incident",
    "Hiring loop next week",
    "Notes from today",
)

OWNER_THREADS_PER_CLOSENESS = 4.0
"""Mail threads the owner starts with a contact beyond the first: this times closeness squared."""
THEIR_THREADS_PER_WRITES_FIRST = 6.0
"""Mail threads a contact starts, on average: this times their ``writes_first`` squared."""
OWNER_ANSWERS = 0.85
"""How often the owner answers a thread a contact started."""

SELF_SUBJECTS = ("CV, latest version", "Fwd: reference list", "notes to self")
"""What the owner sends themselves from their other address."""


def slug(text: str) -> str:
    """``Zoë Bašić`` → ``zoe.basic``; ``Acme Analytics Inc.`` → ``acmeanalytics``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", ".", plain).strip(".")


def work_address(contact: Contact, organization: str) -> str:
    """The contact's address at ``organization`` (a made-up ``.example`` domain)."""
    company = re.sub(r"\b(inc|ltd|llc|plc|s\.a|gmbh|corp)\b\.?", "", organization.lower())
    return f"{slug(contact.clean_name)}@{slug(company).replace('.', '')}.example"


def private_address(contact: Contact) -> str:
    """The contact's private address (free mail: says nothing about where they work)."""
    return f"{slug(contact.clean_name)}{contact.index}@gmail.com"


def _mailed(network: Network) -> list[tuple[Contact, str]]:
    """Who the owner wrote to at work, and at which organisation."""
    found = []
    for contact in network.contacts:
        if contact.ghost or contact.role not in MAIL_ROLES:
            continue
        found.append((contact, contact.worked_at or contact.company))
    return found


def _left(contact: Contact) -> bool:
    """True when a colleague no longer works where they worked with the owner.

    Their profile may spell the same employer another way ("Acme Analytics"):
    that is no move, and their work address still works.
    """
    if not contact.worked_at:
        return False
    spellings = {contact.worked_at, *dict(names.ORGANIZATIONS).get(contact.worked_at, ())}
    return contact.company not in spellings


def _header(
    n: int, when: datetime, sender: str, to: str, subject: str, labels: str, extra: str = ""
) -> str:
    stamp = format_datetime(when)
    return (
        f"From {1700000000000000000 + n}@xxx {when:%a %b %d %H:%M:%S} +0000 {when:%Y}\n"
        f"X-GM-THRID: {1700000000000000000 + n // 8}\n"
        f"X-Gmail-Labels: {labels}\n"
        f"Message-ID: <demo.{n}@mail.example>\n"
        f"From: {sender}\nTo: {to}\nDate: {stamp}\nSubject: {subject}\n{extra}"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\n"
        "(synthetic message: goodword reads headers only)\n\n"
    )


def _mail_threads(
    network: Network, contact: Contact, span: tuple[datetime, datetime]
) -> list[tuple[datetime, bool, Random]]:
    """When each mail thread with ``contact`` starts, whether they start it, and its draws.

    Both counts follow how close and active the tie is, drawn geometric so
    a few close ties carry most of the mail: the owner starts one and on
    average :data:`OWNER_THREADS_PER_CLOSENESS` times closeness squared more;
    the contact on average :data:`THEIR_THREADS_PER_WRITES_FIRST` times their
    ``writes_first`` squared, each kept with the share of it left at the time
    (``Contact.writes_first_at``: a tie that cooled writes less). So how much
    someone writes to you says how the tie stands, as in real mail. Each
    thread draws from a stream of its own, so one thread's outcome never
    shifts another's.
    """
    rng = Random(f"{network.seed}-mail-{contact.index}")
    start, stop = span
    owner_threads = 1 + geometric(rng, OWNER_THREADS_PER_CLOSENESS * contact.closeness**2)
    their_threads = geometric(rng, THEIR_THREADS_PER_WRITES_FIRST * contact.writes_first**2)
    threads = []
    for k in range(owner_threads + their_threads):
        theirs = k >= owner_threads
        at = start + timedelta(seconds=(stop - start).total_seconds() * rng.random())
        if theirs and rng.random() * contact.writes_first >= contact.writes_first_at(at):
            continue
        threads.append((at, theirs, Random(f"{network.seed}-mail-{contact.index}-{k}")))
    return sorted(threads, key=lambda thread: thread[0])


def _heard(theirs: list[datetime], moment: datetime) -> datetime | None:
    """The latest of ``theirs`` (when the contact wrote) before ``moment``, None if none."""
    return max((t for t in theirs if t < moment), default=None)


def _answer(
    contact: Contact, asked: datetime, theirs: list[datetime], rng: Random
) -> datetime | None:
    """When ``contact`` answers the owner's message of ``asked``, or None.

    The chance is theirs at the time, lower the longer since they last
    wrote (``Contact.answers_at``).
    """
    if rng.random() >= contact.answers_at(asked, _heard(theirs, asked)):
        return None
    delay = timedelta(hours=contact.reply_hours_at(asked) * rng.lognormvariate(0, 0.6))
    return asked + delay


def _contact_mail(
    network: Network, contact: Contact, them: str, me: str, span: tuple[datetime, datetime], n: int
) -> tuple[list[str], int]:
    """The mail threads with one contact (see :func:`_mail_threads`), and the last id used."""
    end = datetime.combine(network.export_date, datetime.min.time(), UTC)
    parts: list[str] = []
    theirs: list[datetime] = []
    for at, started_by_them, rng in _mail_threads(network, contact, span):
        n += 8 - n % 8  # each thread its own block of ids
        subject = rng.choice(SUBJECTS)
        asked = at
        if started_by_them:
            parts.append(_header(n, at, them, me, subject, "Inbox"))
            theirs.append(at)
            if rng.random() >= OWNER_ANSWERS:
                continue
            asked = at + timedelta(hours=rng.lognormvariate(1.0, 0.8))
            if asked >= end:
                continue
            extra = f"In-Reply-To: <demo.{n}@mail.example>\n"
            parts.append(_header(n + 1, asked, me, them, f"Re: {subject}", "Sent", extra))
        else:
            parts.append(_header(n, asked, me, them, subject, "Sent"))
        answered = _answer(contact, asked, theirs, rng)
        if answered is not None:
            if answered < end:
                asked_id = n + 1 if started_by_them else n
                extra = f"In-Reply-To: <demo.{asked_id}@mail.example>\n"
                parts.append(_header(n + 2, answered, them, me, f"Re: {subject}", "Inbox", extra))
                theirs.append(answered)
        elif not started_by_them and rng.random() < 0.3:
            away = asked + timedelta(minutes=2)
            back = (away + timedelta(days=rng.randint(3, 12))).strftime("%d %B %Y")
            parts.append(
                _header(
                    n + 3,
                    away,
                    them,
                    me,
                    f"Out of office until {back}",
                    "Inbox",
                    "Auto-Submitted: auto-replied\n",
                )
            )
    return parts, n


def mbox_text(network: Network) -> str:
    """The owner's mailbox as one Takeout-shaped mbox."""
    rng = Random(f"{network.seed}-mail")
    owner = network.owner
    me = f"{owner.full_name} <{owner.emails[0]}>"
    parts: list[str] = []
    n = 0
    end = datetime.combine(network.export_date, datetime.min.time(), UTC)
    for contact, organization in _mailed(network):
        them = f"{contact.clean_name} <{work_address(contact, organization)}>"
        start = datetime.combine(contact.period_start, datetime.min.time(), UTC)
        stop = min(datetime.combine(contact.period_end, datetime.min.time(), UTC), end)
        if stop <= start:
            continue
        threads, n = _contact_mail(network, contact, them, me, (start, stop), n)
        parts.extend(threads)
        if _left(contact) and rng.random() < 0.5:
            # They left: the old work address now bounces.
            n += 8 - n % 8
            when = min(stop + timedelta(days=rng.randint(30, 300)), end - timedelta(days=1))
            parts.append(_header(n, when, me, them, "Catching up?", "Sent"))
            parts.append(
                _header(
                    n + 1,
                    when + timedelta(minutes=1),
                    "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
                    me,
                    "Delivery Status Notification (Failure)",
                    "Inbox",
                    f"X-Failed-Recipients: {work_address(contact, organization)}\n",
                )
            )
    for k, address in enumerate(owner.other_emails):
        # The owner mails themselves from an old private address: that sender is the owner.
        for j, subject in enumerate(SELF_SUBJECTS):
            n += 8 - n % 8
            when = end - timedelta(days=40 + 170 * j + 9 * k, hours=5)
            parts.append(_header(n, when, f"{owner.full_name} <{address}>", me, subject, "Inbox"))
    for week in range(0, 52 * 3, 2):  # a newsletter: list mail, skipped with its reason
        n += 8 - n % 8
        when = end - timedelta(weeks=week, hours=3)
        parts.append(
            _header(
                n,
                when,
                "Data Weekly <news@dataweekly.example>",
                me,
                "This week in data",
                "Inbox,Category Updates",
                "List-Id: <weekly.dataweekly.example>\nPrecedence: list\n",
            )
        )
    return "".join(parts)


def _ics_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(
    uid: str,
    start: datetime,
    title: str,
    organizer: str,
    attendees: list[str],
    rule: str = "",
) -> str:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_ics_time(start)}",
        f"DTSTART:{_ics_time(start)}",
        f"DTEND:{_ics_time(start + timedelta(minutes=30))}",
        *([f"RRULE:{rule}"] if rule else []),
        f"SUMMARY:{title}",
        f"ORGANIZER:mailto:{organizer}",
        *(f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{address}" for address in attendees),
        "END:VEVENT",
    ]
    return "\r\n".join(lines) + "\r\n"


def calendar_text(network: Network) -> str:
    """One-to-ones with managers and reports, small meetings with peers, as one calendar."""
    owner = network.owner
    me = owner.emails[0]
    events: list[str] = []
    for contact in network.contacts:
        if contact.ghost or contact.overlap is None or not contact.worked_at:
            continue
        start, end = contact.overlap
        end = min(end, network.export_date)
        address = work_address(contact, contact.worked_at)
        if contact.role in {"manager", "report"}:
            # Weekly: the manager organises, or the owner does for their report.
            first = datetime.combine(start, datetime.min.time(), UTC) + timedelta(hours=15)
            organizer, other = (address, me) if contact.role == "manager" else (me, address)
            until = end.strftime("%Y%m%d")
            events.append(
                _event(
                    f"one-on-one-{contact.index}@demo.example",
                    first,
                    f"1:1 {owner.first} / {contact.clean_first}",
                    organizer,
                    [other],
                    rule=f"FREQ=WEEKLY;UNTIL={until}T235959Z",
                )
            )
        elif contact.role == "peer":
            day = start + timedelta(days=20)
            while day < end:
                moment = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=10)
                events.append(
                    _event(
                        f"sync-{contact.index}-{day:%Y%m%d}@demo.example",
                        moment,
                        "Project sync",
                        me,
                        [address],
                    )
                )
                day += timedelta(days=30)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//goodword demo//EN\r\n"
        f"X-WR-CALNAME:{me}\r\nX-WR-TIMEZONE:UTC\r\n" + "".join(events) + "END:VCALENDAR\r\n"
    )


def _carded(network: Network) -> list[tuple[Contact, str]]:
    """The mailed contacts the address book has a card for (about a third)."""
    rng = Random(f"{network.seed}-contacts")
    return [pair for pair in _mailed(network) if rng.random() <= 0.35]


def vcard_text(network: Network) -> str:
    """Cards for about a third of the mailed contacts: mobile, work and private address."""
    return "".join(
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"FN:{contact.clean_name}\r\nN:{contact.clean_last};{contact.clean_first};;;\r\n"
        f"EMAIL;TYPE=WORK:{work_address(contact, organization)}\r\n"
        f"EMAIL;TYPE=HOME:{private_address(contact)}\r\n"
        f"TEL;TYPE=CELL:+1 415 555 {1000 + contact.index:04d}\r\n"
        f"ORG:{contact.company}\r\nTITLE:{contact.position}\r\nEND:VCARD\r\n"
        for contact, organization in _carded(network)
    )


def write_workspace(network: Network, folder: Path) -> list[Path]:
    """Write the mailbox, calendar and address book into ``folder``; their paths, in import order."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (
        (MAIL_NAME, mbox_text(network)),
        (CALENDAR_NAME, calendar_text(network)),
        (CONTACTS_NAME, vcard_text(network)),
    ):
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    return written


def private_mail(network: Network) -> Iterator[tuple[Contact, str]]:
    """The contacts whose private address the address book gives (for tests)."""
    for contact, _organization in _carded(network):
        yield contact, private_address(contact)
