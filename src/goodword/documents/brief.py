"""The prep brief: what a reference, recommender or referrer reads before they vouch.

Written in the owner's voice to the person vouching ("you"): the role and what
the employer will care about, the stories they can tell, the dates and titles
they can confirm (disagreements flagged), the questions they will likely get,
when and how the contact will come, how to keep a reference-check service from
flagging their answers as fraud, the owner's current highlights, and thanks.

The brief is laid out once (:func:`brief_document`) and written as Markdown or PDF.
"""

from __future__ import annotations

import re
from pathlib import Path

from goodword.documents.inputs import Fact, PrepBrief, VoucherKind
from goodword.documents.layout import (
    Block,
    Bullets,
    Callout,
    Document,
    Fields,
    Heading,
    Paragraph,
    Run,
    line,
    long_date,
    to_markdown,
)

MAX_CARE_POINTS = 6
MAX_POINT_CHARS = 160

# A sentence or bullet line states a requirement when it contains one of these.
REQUIREMENT_WORDS = re.compile(
    r"\b(?:experience[ds]?|you will|you['’]ll|requir(?:ed|es|ements?)|must|skills?|skilled"
    r"|proficien(?:t|cy)|familiar(?:ity)?|knowledge of|ability to|track record|background in"
    r"|degree|qualifications?)\b",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*•·▪‣–+]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<=[.!?])\s+(?=[A-Z0-9“\"(])")

_NOUNS: dict[VoucherKind, str] = {
    "reference": "a reference",
    "recommendation": "a recommender",
    "referral": "a referrer",
}
_INTROS: dict[VoucherKind, str] = {
    "reference": (
        "Thank you for agreeing to be a reference for me. This brief has what you need for "
        "the call or questionnaire; it takes about five minutes to read."
    ),
    "recommendation": (
        "Thank you for agreeing to write a recommendation for me. This brief has what the "
        "letter can draw on; it takes about five minutes to read."
    ),
    "referral": (
        "Thank you for agreeing to refer me. This brief has what you need if the recruiter or "
        "hiring manager asks you about me; it takes about five minutes to read."
    ),
}
# Before they have said yes to this ask: no thanks for agreeing to what they have not agreed to.
_INTROS_BEFORE_YES: dict[VoucherKind, str] = {
    "reference": (
        "Thank you for considering being a reference for me. This brief has what you would "
        "need for the call or questionnaire; it takes about five minutes to read."
    ),
    "recommendation": (
        "Thank you for considering writing a recommendation for me. This brief has what the "
        "letter could draw on; it takes about five minutes to read."
    ),
    "referral": (
        "Thank you for considering referring me. This brief has what you would need if the "
        "recruiter or hiring manager asks you about me; it takes about five minutes to read."
    ),
}
_QUESTIONS_LEAD: dict[VoucherKind, str] = {
    "reference": (
        "A reference check is usually a 15–30 minute call, or an online questionnaire. "
        "Expect questions like these:"
    ),
    "recommendation": (
        "Letter forms and follow-up calls usually cover the same ground as a reference check. "
        "Expect questions like these:"
    ),
    "referral": (
        "When you refer me, the recruiter may ask you some of what a reference check would:"
    ),
}
LIKELY_QUESTIONS = (
    "How do you know the candidate, and in what capacity did you work together?",
    "What was your working relationship, and how long did it last?",
    "How would you rate their performance? What work of theirs stood out?",
    "What are their main strengths?",
    "Where could they improve?",
    "How did they handle pressure, tight deadlines or conflict?",
    "Would you hire them, or work with them, again?",
)
FRAUD_FLAG_ADVICE = (
    "Answer from your own phone or computer and your own network (home or office), "
    "not on my device or my Wi-Fi.",
    "Use your work email where you can; it shows who you are. If you have moved on, "
    "your personal address is fine.",
    "Don't forward the link to me or let me join the call; I won't ask to see your answers.",
    "Answer yourself, in your own words, rather than copying text from this brief.",
)


def _candidate_lines(description: str) -> list[str]:
    """Bullet lines as they are; other lines split into sentences."""
    candidates: list[str] = []
    for raw in description.splitlines():
        if _BULLET.match(raw):
            candidates.append(_BULLET.sub("", raw, count=1))
        else:
            candidates.extend(_SENTENCE_END.split(raw))
    return [" ".join(text.split()) for text in candidates]


def _shorten(text: str, limit: int = MAX_POINT_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def care_points(description: str) -> tuple[str, ...]:
    """Up to six "they will care about" points taken verbatim from a job description.

    A point is a bullet line or a sentence that contains a requirement word
    (:data:`REQUIREMENT_WORDS`: "experience", "you will", "required", "must",
    "skills", ...). Headers ending in a colon and fragments under three words
    are skipped, repeats dropped, long lines shortened. An empty result means
    the description states no requirements; nothing is invented.
    """
    points: list[str] = []
    seen: set[str] = set()
    for text in _candidate_lines(description):
        if text.endswith(":") or len(text.split()) < 3 or not REQUIREMENT_WORDS.search(text):
            continue
        point = _shorten(text.rstrip(" .;,"))
        if point.casefold() not in seen:
            seen.add(point.casefold())
            points.append(point)
        if len(points) == MAX_CARE_POINTS:
            break
    return tuple(points)


def _header(brief: PrepBrief) -> list[Block]:
    job = brief.opportunity
    byline = f"From {brief.owner_name}"
    if brief.owner_headline.strip():
        byline += f" — {brief.owner_headline}"
    return [
        Heading(f"Prep brief for {brief.reference_name}", 1),
        Paragraph(line(byline), muted=True),
        Paragraph(line(f"Hi {brief.reference_name},")),
        Paragraph(line((_INTROS if brief.agreed else _INTROS_BEFORE_YES)[brief.kind])),
        Fields(
            (
                ("Role", f"{job.title} at {job.organization}"),
                ("Deadline", long_date(job.deadline) if job.deadline else "none given"),
                ("How we know each other", brief.relationship),
                ("You are vouching as", _NOUNS[brief.kind]),
            )
        ),
    ]


def _role(brief: PrepBrief) -> list[Block]:
    job = brief.opportunity
    blocks: list[Block] = [Heading("The role and what they will care about")]
    points = care_points(job.description)
    if points:
        blocks.append(
            Paragraph(
                line(
                    f"For {job.title} at {job.organization}, these lines of the job description "
                    "state what they need (picked because they mention experience, skills, "
                    "“must”, “required” or “you will”):"
                )
            )
        )
        blocks.append(Bullets(tuple(line(point) for point in points)))
    else:
        blocks.append(
            Paragraph(
                line(
                    f"The job description for {job.title} at {job.organization} doesn't spell out "
                    "requirements (no line mentions experience, skills or what is required), so "
                    "I haven't guessed: speak to the work you saw first-hand."
                )
            )
        )
    return blocks


def _stories(brief: PrepBrief) -> list[Block]:
    blocks: list[Block] = [Heading("Stories you can tell")]
    if not brief.stories:
        blocks.append(
            Paragraph(
                line(
                    "I have no shared-work stories on record for us yet. If one or two projects "
                    "we did together come to mind, they are worth more than any adjective."
                )
            )
        )
        return blocks
    blocks.append(
        Paragraph(
            line(
                "Specific examples make a reference credible. These are pieces of work we "
                "shared that you saw first-hand; pick one or two that fit the questions:"
            )
        )
    )
    items = tuple(
        line(
            Run(story.when, "bold"), " · ", story.text, Run(f" (source: {story.source})", "italic")
        )
        for story in brief.stories
    )
    blocks.append(Bullets(items))
    return blocks


def _tenure(fact: Fact) -> str:
    return f"{fact.title}, {fact.start} – {fact.end or 'present'}"


def _mismatch(fact: Fact) -> Callout:
    """Both sides of a disagreement, then the note that explains it."""
    parts: list[str | Run] = [Run(fact.organization, "bold"), f" — my record: {_tenure(fact)}"]
    if fact.their_view:
        parts.append(f"; you may know it as: {fact.their_view}")
    parts.append(Run(f" ({fact.mismatch})", "italic"))
    return Callout("Records differ:", line(*parts))


def _confirmable(brief: PrepBrief) -> list[Block]:
    blocks: list[Block] = [Heading("What you can confirm")]
    if not brief.confirmable:
        blocks.append(
            Paragraph(line("I have no dates or titles on record that you could confirm."))
        )
        return blocks
    differing = [fact for fact in brief.confirmable if fact.mismatch]
    if differing:
        blocks.append(
            Paragraph(
                line(
                    Run(
                        "One of these differs"
                        if len(differing) == 1
                        else f"{len(differing)} of these differ",
                        "bold",
                    ),
                    " between my records and what you may remember. If you are asked, say what "
                    "you remember; if you are unsure of exact dates, say so rather than guess.",
                )
            )
        )
        blocks.extend(_mismatch(fact) for fact in differing)
    else:
        blocks.append(Paragraph(line("Dates and titles you may be asked to confirm:")))
    items = []
    for fact in brief.confirmable:
        parts: list[str | Run] = [Run(fact.organization, "bold"), f" — {_tenure(fact)}"]
        if fact.mismatch:
            parts.append(Run(" — records differ, see above", "bold"))
        elif fact.their_view:
            parts.append(Run(f" (you may know it as: {fact.their_view})", "italic"))
        items.append(line(*parts))
    blocks.append(Bullets(tuple(items)))
    return blocks


def _questions(brief: PrepBrief) -> list[Block]:
    return [
        Heading("The questions you will likely get"),
        Paragraph(line(_QUESTIONS_LEAD[brief.kind])),
        Bullets(tuple(line(question) for question in LIKELY_QUESTIONS)),
        Paragraph(
            line(
                "Concrete examples beat adjectives. For “where could they improve”, an honest, "
                "specific answer is more convincing than “nothing”. It is fine to say you don't know."
            )
        ),
    ]


def _contact(brief: PrepBrief) -> list[Block]:
    expected = brief.expected_contact.strip().rstrip(".")
    return [
        Heading("When to expect the call or email"),
        Paragraph(line("Expect ", Run(expected, "bold"), ".")),
        Paragraph(
            line(
                "It may come from a number you don't recognise, or as an email or text from a "
                "third-party reference-check service working for the employer; these can look "
                "like spam. Please check your spam folder, and pick up or call back unknown "
                "numbers around then. If you will be away or hard to reach, tell me and I will "
                "let the recruiter know."
            )
        ),
        Heading("Avoiding false fraud flags"),
        Paragraph(
            line(
                "Online reference-check services look for signs that candidates are vouching for "
                "themselves. To keep your answers from being flagged by mistake:"
            )
        ),
        Bullets(tuple(line(advice) for advice in FRAUD_FLAG_ADVICE)),
    ]


def _closing(brief: PrepBrief) -> list[Block]:
    blocks: list[Block] = []
    if brief.highlights:
        blocks += [
            Heading("What I am highlighting now"),
            Paragraph(
                line(
                    "My application leads with these; if they match what you saw, saying so helps:"
                )
            ),
            Bullets(tuple(line(highlight) for highlight in brief.highlights)),
        ]
    blocks += [
        Heading("Thank you"),
        Paragraph(
            line("Thank you for taking the time; it means a lot. I will let you know how it goes.")
        ),
        Paragraph(line(f"— {brief.owner_name}")),
    ]
    return blocks


def brief_document(brief: PrepBrief) -> Document:
    """Lay out the prep brief once, for both Markdown and PDF."""
    sections = (_header, _role, _stories, _confirmable, _questions, _contact, _closing)
    blocks = [block for section in sections for block in section(brief)]
    return Document(
        title=f"Prep brief for {brief.reference_name}",
        author=brief.owner_name,
        blocks=tuple(blocks),
    )


def render_brief_markdown(brief: PrepBrief) -> str:
    """The prep brief as Markdown, user text escaped."""
    return to_markdown(brief_document(brief))


def write_brief_pdf(brief: PrepBrief, path: Path) -> Path:
    """Write the prep brief as a PDF at ``path`` and return the path."""
    from goodword.documents.pdf import write_pdf  # fpdf loads slowly: only when needed

    return write_pdf(brief_document(brief), path)
