"""Draw the demo owner (a ~12-year data career) and their contacts.

The contact mix: about 5 % managers, 5 % reports, 20 % peers, 5 % clients, a
few mentors and professors, 10 % classmates, 10 % recruiters, 30 % strangers at
the owner's current employer, the owner's own second account, and
acquaintances for the rest. Name quirks (stray spaces, credentials after a
comma, emoji, mathematical letters) and ghost rows are assigned here so that
``Contact`` records hold both the raw and the clean spelling.

Responsiveness changes over time, as it does in real mailboxes
(``with_changes``): about half of the ties whose shared work ended (colleagues
after one of you left, clients after the project, classmates after the
degree) cool over the following months to one to two years, answering less
often and later; a few people go quiet for good, some get busier, and a
smaller share become more responsive. The shares and sizes are rough figures
for how people behave (ties fade once the shared context is gone, as
tie-decay studies such as Burt's "Decay functions", Social Networks 2000,
report; job moves and promotions change how fast people answer), not fitted
to goodword's scoring.

How readily someone answers follows the tie, not a coin tossed per person
(``draw_responsiveness``). Each contact gets a ``closeness`` from their role
(reports and managers closest, then mentors, peers and clients, then
classmates and professors, recruiters and acquaintances, and last the
strangers at the owner's employer), raised by a long overlap at work, plus a
personal habit (some people are poor correspondents whatever the tie). The
closer the tie, the likelier and faster the answer, and the more often the
contact writes first and the more they write: in real mailboxes the people
who write to you most, unprompted, are the ones who answer you most. Busy
senior people answer less and later, the more so the weaker the tie: an
executive you never worked with rarely answers at all, one who managed you
usually does. Close ties also fade less once the shared work ends.

Real networks hold traps, and the demo carries them: hundreds of strangers
at the owner's large current employer (``coworker``), executives among them
and senior-sounding titles that are nobody's manager (``COWORKER_TITLES``),
the owner's own second account under their exact name (``self``), and two
different people with the same name at different organisations
(``plant_namesake``).
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from random import Random

from goodword.demo import names
from goodword.demo._dates import (
    at_midnight,
    month_first,
    month_from_index,
    month_last,
    random_date,
    random_instant,
    working_time,
)
from goodword.demo.truth import (
    COLLEAGUE_ROLES,
    Change,
    Contact,
    Education,
    Owner,
    Position,
    Responsiveness,
    Role,
    Seniority,
    logit,
    sigmoid,
)

ROLE_SHARES: dict[Role, float] = {
    "manager": 0.05,
    "report": 0.05,
    "peer": 0.20,
    "client": 0.05,
    "mentor": 0.02,
    "professor": 0.015,
    "classmate": 0.10,
    "recruiter": 0.10,
    "coworker": 0.30,
}
"""Share of each role; acquaintances take whatever is left, and networks of 20
or more hold one ``self`` (the owner's second account)."""

LEVELS: tuple[Seniority, ...] = ("ic", "lead", "manager", "director", "executive")
_LEVEL_WEIGHTS: dict[Role, tuple[int, int, int, int, int]] = {
    "manager": (0, 0, 5, 3, 1),
    "report": (4, 1, 0, 0, 0),
    "peer": (3, 2, 1, 0, 0),
    "client": (0, 1, 3, 2, 1),
    "mentor": (0, 0, 0, 2, 2),
    "classmate": (3, 3, 2, 1, 0),
    "acquaintance": (4, 2, 2, 1, 1),
    "coworker": (12, 6, 4, 2, 1),
}
ROLE_CLOSENESS: dict[Role, float] = {
    "report": 0.72,
    "manager": 0.68,
    "mentor": 0.6,
    "peer": 0.5,
    "client": 0.45,
    "professor": 0.3,
    "classmate": 0.3,
    "acquaintance": 0.12,
    "recruiter": 0.1,
    "coworker": 0.03,
    "self": 0.0,
}
"""Typical closeness of a tie per role, before the person's own spread."""
SENIOR_LOAD: dict[Seniority, float] = {
    "ic": 0.0,
    "lead": 0.05,
    "manager": 0.15,
    "director": 0.3,
    "executive": 0.45,
}
"""How much busier a level is: the share of answers lost to a complete stranger."""
CLOSENESS_SPREAD = 1.0
"""How far one person's tie strays from their role's typical closeness (log-odds, one sd)."""
REPLY_BASE = 1.0
REPLY_SLOPE = 2.0
"""The reply chance's log-odds: ``REPLY_BASE + REPLY_SLOPE * logit(closeness)`` plus the habit."""
HABIT_SPREAD = 0.5
"""A person's own habit: how far it moves the reply chance's log-odds (one sd)."""
POOR_CORRESPONDENT_ODDS = 0.08
POOR_HABIT = 1.5
"""Share of people who answer badly whatever the tie ("some colleagues are not
strong communicators"), and how much lower their reply log-odds are."""
COWORKER_TITLES: tuple[tuple[str, Seniority], ...] = (
    ("Chief People Officer", "executive"),
    ("Chief Executive Officer", "executive"),
    ("Chief Financial Officer", "executive"),
    ("SVP, Global Sales", "executive"),
    ("VP Engineering", "executive"),
    ("Senior Software Engineer", "lead"),
    ("Key Account Manager", "ic"),
    ("Senior Director, Strategy", "director"),
)
"""Titles the first coworkers drawn always hold: executives nobody met, and
senior-sounding titles of people who are not the owner's manager."""
_MAY_SOUR: tuple[Role, ...] = ("manager", "report", "peer", "client")
_EMAIL_DOMAINS = ("example.com", "example.org", "example.net", "mail.example")
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i"})


@functools.lru_cache(maxsize=65536)
def ascii_fold(text: str) -> str:
    """Strip accents the way LinkedIn does for ASCII profile slugs ("Bašić" -> "Basic")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65536)
def slugify(text: str, *, keep_unicode: bool) -> str:
    """Turn a display name into a profile slug stem: ``Zoë Bašić, Ph.D.`` -> ``zoë-bašić-ph-d``."""
    base = text if keep_unicode else ascii_fold(text)
    chars = [c if c.isalnum() else "-" for c in base.replace("'", "").lower()]
    return "-".join(part for part in "".join(chars).split("-") if part)


def fancy_letters(text: str) -> str:
    """Render ASCII letters in MATHEMATICAL BOLD SCRIPT (NFKC maps them back)."""
    out = []
    for c in text:
        if "A" <= c <= "Z":
            out.append(chr(0x1D4D0 + ord(c) - ord("A")))
        elif "a" <= c <= "z":
            out.append(chr(0x1D4EA + ord(c) - ord("a")))
        else:
            out.append(c)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Tenure:
    """The owner's whole stay at one organisation (promotions merged)."""

    company: str
    start: date
    end: date
    current: bool


def owner_tenures(owner: Owner, export_date: date) -> tuple[Tenure, ...]:
    """The owner's employers with the span they worked there, oldest first."""
    spans: dict[str, Tenure] = {}
    for p in owner.positions:
        end = month_last(p.end) if p.end else export_date - timedelta(days=1)
        known = spans.get(p.company)
        start = known.start if known else month_first(p.start)
        spans[p.company] = Tenure(p.company, start, end, p.end is None)
    return tuple(spans.values())


class IdAllocator:
    """Hands out unique member ids and profile slugs from one seeded generator."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.members: set[int] = set()
        self.slugs: set[str] = set()

    def member_id(self) -> int:
        """A fresh nine-digit member id (as in ``urn:li:member:NNN``)."""
        while True:
            value = self.rng.randrange(10**8, 10**9)
            if value not in self.members:
                self.members.add(value)
                return value

    def slug(self, stem: str) -> str:
        """A unique slug: ``stem`` plus a numeric or hex suffix, or bare (a vanity URL)."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            slug = f"{stem}-{rng.randrange(10**7, 10**8)}"
        elif roll < 0.8:
            slug = f"{stem}-{rng.getrandbits(40):010x}"
        elif roll < 0.9:
            slug = f"{stem}{rng.randrange(1, 1000)}"
        else:
            slug = stem
        while slug in self.slugs:
            slug = f"{stem}-{rng.randrange(10**7, 10**8)}"
        self.slugs.add(slug)
        return slug


def make_owner(rng: Random, export_date: date, ids: IdAllocator) -> Owner:
    """Draw the owner: 4-5 positions at 3-4 organisations over ~12 years, plus a degree.

    The owner lists 24 skills (enough for an endorsement burst of 20 or more)
    and also writes from a private address the export does not list.
    """
    first = rng.choice(names.OWNER_FIRST_NAMES)
    last = rng.choice(names.LAST_NAMES)
    n_orgs = rng.choice((3, 4))
    n_positions = rng.choice((4, 5)) if n_orgs == 4 else rng.choice((4, 4, 5))
    orgs = rng.sample(names.OWNER_EMPLOYERS, n_orgs)
    per_org = [1] * n_orgs
    for _ in range(n_positions - n_orgs):
        per_org[rng.randrange(n_orgs)] += 1
    employers = [org for org, count in zip(orgs, per_org, strict=True) for _ in range(count)]
    ladder = list(names.OWNER_LADDER)
    if n_positions == 4:
        del ladder[rng.choice((1, 2, 3))]

    end_index = export_date.year * 12 + export_date.month - 1
    start_index = end_index - rng.randint(138, 150)
    weights = [rng.uniform(0.7, 1.3) for _ in range(n_positions)]
    bounds = [start_index]
    for w in weights[:-1]:
        bounds.append(bounds[-1] + round(w / sum(weights) * (end_index - start_index)))
    location = rng.choice(names.LOCATIONS[:3])
    positions = []
    for k, (org, title) in enumerate(zip(employers, ladder, strict=True)):
        topics = rng.sample(names.TOPICS, 2)
        desc = (
            f"Owned {topics[0].removeprefix('the ')} and {topics[1].removeprefix('the ')}; "
            "partnered with product, finance and engineering, and mentored junior analysts."
        )
        end = month_from_index(bounds[k + 1] - 1) if k + 1 < n_positions else None
        loc = location if k >= n_positions - 2 else rng.choice(names.LOCATIONS)
        positions.append(Position(org, title, desc, loc, month_from_index(bounds[k]), end))

    career_year = positions[0].start[0]
    school = rng.choice(names.UNIVERSITIES)
    education = Education(
        school, career_year - 4, career_year, rng.choice(names.DEGREES), "", "Statistics Society"
    )
    plain = ascii_fold(f"{first}.{last}").lower().replace(" ", "")
    registered = working_time(rng, date(career_year - 1, rng.randint(1, 12), 15))
    updated = (registered, working_time(rng, random_date(rng, registered.date(), export_date)))
    return Owner(
        first=first,
        last=last,
        headline=f"{ladder[-1]} at {positions[-1].company} | Forecasting, experimentation, "
        "analytics leadership",
        summary="I help teams make decisions with data: forecasting, experimentation and "
        "clear dashboards, built with Python, SQL and dbt.",
        industry="Technology, Information and Internet",
        location=location,
        birth_date=date(career_year - 22, rng.randint(1, 12), rng.randint(1, 28)),
        emails=(f"{plain}@example.com", f"{plain[0]}{plain.split('.')[-1]}@example.org"),
        email_updated_at=(updated[1], updated[0]),
        slug=ids.slug(slugify(f"{first} {last}", keep_unicode=False)),
        member_id=ids.member_id(),
        registered_at=registered,
        positions=tuple(positions),
        education=(education,),
        skills=tuple(rng.sample(names.OWNER_SKILLS, 24)),
        other_emails=(f"{plain.replace('.', '')}{(career_year - 22) % 100:02d}@gmail.com",),
    )


def _role_list(rng: Random, n: int) -> list[Role]:
    roles: list[Role] = []
    for role, share in ROLE_SHARES.items():
        roles.extend([role] * round(n * share))
    own = 1 if n >= 20 else 0
    roles = roles[: n - own]
    roles.extend(["self"] * own)
    roles.extend(["acquaintance"] * (n - len(roles)))
    rng.shuffle(roles)
    return roles


def _plan_quirks(rng: Random, roles: list[Role]) -> tuple[set[int], dict[int, str]]:
    """Choose ghost rows (~1 %) and one name quirk per affected contact."""
    n = len(roles)
    loose = [i for i, r in enumerate(roles) if r in ("acquaintance", "recruiter")]
    n_ghosts = min(len(loose), round(n * 0.01) or (1 if n >= 50 else 0))
    ghosts = set(rng.sample(loose, n_ghosts))
    colleagues = [i for i, r in enumerate(roles) if r in COLLEAGUE_ROLES]
    quirks: dict[int, str] = {}
    # Two colleagues with credentials, so group chats show commas inside names.
    for k, i in enumerate(rng.sample(colleagues, min(2, len(colleagues)))):
        quirks[i] = "cred:FICS (UK), MSc (SE)" if k == 0 else "cred:Ph.D."
    pool = [i for i in range(n) if i not in ghosts and i not in quirks]
    if pool and n >= 10:
        quirks[pool.pop(rng.randrange(len(pool)))] = "fancy"
    counts = {
        "space": round(n * 0.02),
        "cred": round(n * 0.02),
        "emoji": min(10, max(1, n // 150)) if n >= 20 else 0,
    }
    for quirk, count in counts.items():
        for i in rng.sample(pool, min(count, len(pool))):
            quirks.setdefault(i, quirk)
    return ghosts, quirks


def _weighted_level(rng: Random, role: Role) -> Seniority:
    return rng.choices(LEVELS, _LEVEL_WEIGHTS[role])[0]


def _promote(rng: Random, level: Seniority, odds: float) -> Seniority:
    k = LEVELS.index(level)
    return LEVELS[k + 1] if k < 4 and rng.random() < odds else level


def _logit(p: float) -> float:
    return logit(min(0.999, max(0.001, p)))


def draw_closeness(rng: Random, role: Role, overlap: tuple[date, date] | None) -> float:
    """How close and active the tie is, 0-1: the role's typical closeness, spread per person.

    The spread is wide (:data:`CLOSENESS_SPREAD` on the log-odds), because it
    is on real networks: among the owner's peers some are friends who write
    every week and many are names they once worked beside. Working together
    longer makes a tie closer (up to +0.25 on the log-odds for three years or
    more, -0.25 for a few months).
    """
    if role == "self":
        return 0.0
    odds = _logit(ROLE_CLOSENESS[role]) + rng.gauss(0.0, CLOSENESS_SPREAD)
    if overlap is not None:
        years = (overlap[1] - overlap[0]).days / 365.25
        odds += 0.5 * min(1.0, years / 3.0) - 0.25
    return round(min(0.95, max(0.01, sigmoid(odds))), 3)


def draw_responsiveness(
    rng: Random, closeness: float, level: Seniority
) -> tuple[float, float, float, Responsiveness]:
    """(reply chance, median reply hours, share of exchanges they open, profile) for a tie.

    One latent engagement, the tie's ``closeness``, drives both how much the
    contact writes to the owner and how readily they answer, as on real
    networks (five real LinkedIn exports: the people who write to you most,
    unprompted, answer nearly all you send, those who never write answer
    about half). The reply chance's log-odds are :data:`REPLY_SLOPE` times
    the closeness's plus :data:`REPLY_BASE` (about 0.1 for an acquaintance, 0.7
    for a typical peer, 0.9 and more for a close colleague), and the share of
    exchanges they open follows closeness alone. A personal habit takes a
    smaller part: it moves the reply chance's log-odds by
    :data:`HABIT_SPREAD` either way, and a few poor correspondents answer far
    less whatever the tie. The median delay falls with closeness (about four
    days to a few hours) and rises for a poor habit. Seniority takes its
    share of answers and adds delay in proportion to how weak the tie is. The
    profile names the outcome: quick (answers at least 80 % of the time within
    12 hours), silent (under 25 %), slow otherwise.
    """
    load = SENIOR_LOAD[level]
    habit = rng.gauss(0.0, HABIT_SPREAD)
    if rng.random() < POOR_CORRESPONDENT_ODDS:
        habit -= POOR_HABIT
    distance = 1.0 - closeness
    engaged = sigmoid(REPLY_BASE + REPLY_SLOPE * _logit(closeness) + habit)
    reply_prob = min(0.97, max(0.01, engaged * (1.0 - load * distance)))
    hours = 2.0 * 60.0**distance * (1.0 + 2.0 * load * distance) * rng.lognormvariate(0.0, 0.35)
    hours *= math.exp(0.7 * max(0.0, -habit))
    writes_first = min(0.8, max(0.0, 0.9 * closeness**1.5 + rng.gauss(0.0, 0.04)))
    profile: Responsiveness = "slow"
    if reply_prob >= 0.8 and hours <= 12.0:
        profile = "quick"
    elif reply_prob < 0.25:
        profile = "silent"
    return round(reply_prob, 3), round(hours, 2), round(writes_first, 3), profile


def _spelling(rng: Random, company: str) -> str:
    """How a current employee's profile spells ``company`` (sometimes another way)."""
    aliases = dict(names.ORGANIZATIONS).get(company, ())
    return rng.choice(aliases) if aliases and rng.random() < 0.4 else company


class ContactFactory:
    """Draws contacts one by one for a given owner; see ``make_contacts``."""

    def __init__(self, rng: Random, owner: Owner, export_date: date, ids: IdAllocator) -> None:
        self.rng = rng
        self.owner = owner
        self.ids = ids
        self.last_day = export_date - timedelta(days=1)
        self.tenures = owner_tenures(owner, export_date)
        self.tenure_weights = [(t.end - t.start).days for t in self.tenures]
        self.others = [o for o, _ in names.ORGANIZATIONS if o not in owner.organizations]
        self.current = next(t for t in self.tenures if t.current)
        self.coworkers_made = 0
        self.names_used = {(owner.first, owner.last)}
        school = owner.education[0]
        self.school = school.school
        self.school_span = (date(school.start_year, 9, 1), date(school.end_year, 6, 30))
        self.career_start = month_first(owner.positions[0].start)

    def _name(self, fancy: bool) -> tuple[str, str]:
        """A first and last name nobody drawn so far has, if a few draws find one.

        Real networks hold few namesakes; the small name pools would make many
        by chance, so the demo's namesakes are the ones ``plant_namesake`` makes
        (and chance ones only in very large networks).
        """
        rng = self.rng
        for _ in range(5):
            first = rng.choice(names.ASCII_FIRST_NAMES if fancy else names.FIRST_NAMES)
            last = rng.choice(names.LAST_NAMES)
            if (first, last) not in self.names_used:
                break
        self.names_used.add((first, last))
        return first, last

    def _moment(self, start: date, end: date, *, early: bool = False) -> datetime:
        start = min(start, self.last_day)
        end = max(start, min(end, self.last_day))
        if early:  # people connect soon after they start working together
            day = start + timedelta(days=int((end - start).days * self.rng.random() ** 2))
            return random_instant(self.rng, *_day_bounds(day))
        return random_instant(self.rng, *_day_bounds(random_date(self.rng, start, end)))

    def make(self, index: int, role: Role, ghost: bool, quirk: str, at_target: bool) -> Contact:
        """Draw contact ``index``; ``at_target`` puts them at the sample job's organisation."""
        rng = self.rng
        first, last = self._name(quirk == "fancy")
        worked_at: str | None = None
        overlap: tuple[date, date] | None = None
        met_at = ""
        if role in COLLEAGUE_ROLES:
            tenure = rng.choices(self.tenures, self.tenure_weights)[0]
            latest_start = max(tenure.start, tenure.end - timedelta(days=120))
            o_start = random_date(rng, tenure.start, latest_start)
            stays = not at_target and rng.random() < (0.75 if tenure.current else 0.35)
            o_end = tenure.end
            if not stays and (tenure.current or rng.random() < 0.6):
                # Someone who has left the current employer stopped working with the owner.
                # (At a former employer, many stayed until the owner left.)
                o_end = random_date(
                    rng, o_start + timedelta(days=90), tenure.end - timedelta(days=14)
                )
            worked_at, met_at, overlap = tenure.company, tenure.company, (o_start, o_end)
            period = (o_start, o_end)
            connected = self._moment(o_start, o_end + timedelta(days=180), early=True)
            level = _promote(rng, _weighted_level(rng, role), 0.3 if stays else 0.4)
            company = _spelling(rng, tenure.company) if stays else rng.choice(self.others)
            title = rng.choice(names.TITLES[level])
        elif role == "client":
            tenure = rng.choices(self.tenures, self.tenure_weights)[0]
            met_at = rng.choice(self.others)
            start = random_date(rng, tenure.start, tenure.end - timedelta(days=200))
            period = (start, min(tenure.end, start + timedelta(days=rng.randint(180, 720))))
            connected = self._moment(period[0], period[1], early=True)
            level = _weighted_level(rng, role)
            stays = rng.random() < 0.6
            company = _spelling(rng, met_at) if stays else rng.choice(self.others)
            title = rng.choice(names.TITLES[level])
        elif role in ("professor", "classmate"):
            met_at = self.school
            period = self.school_span
            lo = period[0] + timedelta(days=365) if role == "classmate" else period[1]
            connected = self._moment(lo, period[1] + timedelta(days=900))
            if role == "professor":
                level, company = "director", self.school
                title = rng.choice(names.PROFESSOR_TITLES)
            else:
                level = _weighted_level(rng, role)
                company, title = rng.choice(self.others), rng.choice(names.TITLES[level])
        elif role == "recruiter":
            connected = self._moment(self.last_day - timedelta(days=8 * 365), self.last_day)
            period = (connected.date(), self.last_day)
            level, title = "ic", rng.choice(names.RECRUITER_TITLES)
            agency = rng.random() < 0.7
            company = rng.choice(names.RECRUITING_AGENCIES if agency else self.others)
        elif role == "coworker":
            # Connected at the owner's current employer, never worked with them.
            met_at = self.current.company
            connected = self._moment(self.current.start, self.last_day)
            period = (connected.date(), self.last_day)
            company = _spelling(rng, self.current.company)
            if self.coworkers_made < len(COWORKER_TITLES):
                title, level = COWORKER_TITLES[self.coworkers_made]
            else:
                level = _weighted_level(rng, role)
                title = rng.choice(names.TITLES[level])
            self.coworkers_made += 1
        elif role == "self":
            # The owner's own second account, opened early in their career and left idle.
            first, last, quirk, at_target = self.owner.first, self.owner.last, "", False
            job = self.owner.positions[0]
            start = month_first(job.start)
            connected = self._moment(start, start + timedelta(days=365))
            period = (connected.date(), connected.date())
            level, company, title = "ic", job.company, job.title
        else:  # mentor, acquaintance
            connected = self._moment(self.career_start, self.last_day)
            period = (connected.date(), self.last_day)
            level = _weighted_level(rng, role)
            company, title = rng.choice(self.others), rng.choice(names.TITLES[level])
        if at_target:
            company = rng.choice(names.TARGET_ALIASES)

        closeness = draw_closeness(rng, role, overlap)
        reply_prob, hours, writes_first, profile = draw_responsiveness(rng, closeness, level)
        if role == "self":
            reply_prob, hours, writes_first, profile = 0.0, 400.0, 0.0, "silent"

        raw_first, raw_last, slug_name = first, last, f"{first} {last}"
        if quirk == "fancy":
            raw_first = fancy_letters(first)
        elif quirk.startswith("cred"):
            cred = quirk[5:] or rng.choice(names.CREDENTIALS)
            raw_last = f"{last}, {cred}"
            slug_name = f"{first} {raw_last}"
        elif quirk == "emoji":
            emoji, before = rng.choice(names.NAME_EMOJI)
            raw_first = f"{emoji} {first}" if before else f"{first} {emoji}"
        elif quirk == "space":
            raw_first, raw_last = rng.choice(
                ((f" {first}", last), (f"{first} ", last), (first, f"{last} "))
            )
        has_accent = ascii_fold(slug_name) != slug_name
        stem = slugify(slug_name, keep_unicode=has_accent and rng.random() < 0.5)
        email = ""
        if rng.random() < 0.03 and not ghost and role != "self":
            plain = ascii_fold(f"{first}.{last}").lower().replace(" ", "").replace("'", "")
            email = f"{plain}@{rng.choice(_EMAIL_DOMAINS)}"
        return Contact(
            index=index,
            first_name=raw_first,
            last_name=raw_last,
            clean_first=first,
            clean_last=last,
            slug=self.ids.slug(stem),
            member_id=self.ids.member_id(),
            email=email,
            company=company,
            position=title,
            seniority=level,
            connected_at=connected,
            role=role,
            worked_at=worked_at,
            overlap_start=overlap[0] if overlap else None,
            overlap_end=overlap[1] if overlap else None,
            met_at=met_at,
            period_start=period[0],
            period_end=period[1],
            responsiveness=profile,
            reply_prob=round(reply_prob, 3),
            median_reply_hours=round(hours, 2),
            soured=role in _MAY_SOUR and rng.random() < 0.04,
            ghost=ghost,
            skills=tuple(rng.sample(names.SKILLS, 3)),
            closeness=closeness,
            writes_first=writes_first,
        )


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return start, start + timedelta(days=1)


def make_contacts(
    rng: Random, owner: Owner, n: int, export_date: date, ids: IdAllocator
) -> list[Contact]:
    """Draw ``n`` contacts with the role mix, quirks and ghost rows described above."""
    roles = _role_list(rng, n)
    ghosts, quirks = _plan_quirks(rng, roles)
    peers = [i for i, r in enumerate(roles) if r == "peer"]
    acquaintances = [i for i, r in enumerate(roles) if r == "acquaintance" and i not in ghosts]
    at_target = set(peers[:2]) | set(acquaintances[:1])
    factory = ContactFactory(rng, owner, export_date, ids)
    drawn = [
        factory.make(i, role, i in ghosts, quirks.get(i, ""), i in at_target)
        for i, role in enumerate(roles)
    ]
    return plant_namesake(rng, drawn, ids)


def _plainly_named(contact: Contact) -> bool:
    return not contact.ghost and contact.display_name == contact.clean_name


def plant_namesake(rng: Random, contacts: list[Contact], ids: IdAllocator) -> list[Contact]:
    """Give an acquaintance (or recruiter) exactly the name of a former peer elsewhere.

    Two different people, two profiles, two organisations, one name: a merge
    by name alone would join them. Networks without a plainly named peer and
    someone at another organisation are returned unchanged.
    """
    peers = [
        c
        for c in contacts
        if c.role == "peer" and _plainly_named(c) and not c.email and c.company == c.worked_at
    ]
    if not peers:
        return contacts
    peer = peers[0]
    others = [
        c
        for c in contacts
        if c.role in ("acquaintance", "recruiter")
        and _plainly_named(c)
        and c.company.split()[0] != peer.company.split()[0]
    ]
    if not others:
        return contacts
    other = rng.choice(others)
    twin = replace(
        other,
        first_name=peer.clean_first,
        last_name=peer.clean_last,
        clean_first=peer.clean_first,
        clean_last=peer.clean_last,
        slug=ids.slug(slugify(peer.clean_name, keep_unicode=False)),
        email="",
    )
    return [twin if c.index == other.index else c for c in contacts]


COOLING_ODDS: dict[Role, float] = {
    "manager": 0.5,
    "report": 0.5,
    "peer": 0.5,
    "client": 0.5,
    "professor": 0.35,
    "classmate": 0.35,
}
"""Chance that a tie whose shared period has ended cools afterwards, per role."""
QUIET_ODDS = 0.04
BUSIER_ODDS = 0.08
WARMER_ODDS = 0.06
"""Chances of the changes that can strike any contact at any moment (at most one change each)."""


def draw_change(rng: Random, contact: Contact, end: datetime) -> Change | None:
    """The one lasting change in ``contact``'s responsiveness before ``end``, if any.

    A tie whose shared period ended more than a month before ``end`` may cool:
    from up to six months after ``period_end`` it fades, over six months to
    two years, to 25-85 % of its reply chance (close ties keep more) and
    answers 1.5-3 times slower.
    Otherwise, from a moment drawn between connecting and ``end``, the contact
    may go quiet at once (a reply chance of at most 5 %, and at most half
    what it was), get busier over one
    to six months (55-85 % of the chance, 2-4 times slower) or become more
    responsive within two months (closing 30-70 % of the gap to 95 %, 1.5-3
    times faster).
    """
    if contact.ghost or contact.role == "self":
        return None
    p, hours = contact.reply_prob, contact.median_reply_hours
    ended = at_midnight(contact.period_end)
    odds = COOLING_ODDS.get(contact.role, 0.0)
    if ended + timedelta(days=30) < end and rng.random() < odds:
        start = random_instant(rng, ended, ended + timedelta(days=180))
        if start >= end:
            return None
        return Change(
            "cooled",
            start,
            rng.randint(180, 730),
            round(
                p * min(0.85, max(0.25, 0.25 + 0.5 * contact.closeness + rng.uniform(-0.1, 0.1))), 3
            ),
            round(hours * rng.uniform(1.5, 3.0), 2),
        )
    roll = rng.random()
    start = random_instant(rng, contact.connected_at, end)
    if roll < QUIET_ODDS:
        return Change(
            "quiet", start, 0, round(min(p / 2, rng.uniform(0.0, 0.05)), 3), round(hours * 3, 2)
        )
    if roll < QUIET_ODDS + BUSIER_ODDS:
        return Change(
            "busier",
            start,
            rng.randint(30, 180),
            round(p * rng.uniform(0.55, 0.85), 3),
            round(hours * rng.uniform(2.0, 4.0), 2),
        )
    if roll < QUIET_ODDS + BUSIER_ODDS + WARMER_ODDS:
        return Change(
            "warmer",
            start,
            rng.randint(0, 60),
            round(p + (0.95 - p) * rng.uniform(0.3, 0.7), 3),
            round(max(0.5, hours / rng.uniform(1.5, 3.0)), 2),
        )
    return None


def with_changes(rng: Random, contacts: list[Contact], export_date: date) -> list[Contact]:
    """``contacts`` with their responsiveness changes drawn (see ``draw_change``).

    Drawn from a generator of its own, so adding changes leaves every other
    draw of the network (names, dates, threads' timing) as it was.
    """
    end = at_midnight(export_date)
    return [replace(c, change=draw_change(rng, c, end)) for c in contacts]
