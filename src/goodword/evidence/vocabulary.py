"""The words relevance counts: skills and phrases, never filler.

Relevance compares what a person saw of the owner's work with a job's
text. Job ads are full of words every job ad uses ("we", "from",
"passion", "every", "understand", "work", "team", "experience"), and a
match on them says nothing about the person. This module turns text into
*terms*:

- single words, lower-cased, with a plural folded to its singular
  ("pipelines" is "pipeline"), leaving out English stop words, the words
  every job ad uses and seniority words (:data:`STOP_WORDS`,
  :data:`GENERIC_WORDS`), and bare numbers;
- phrases of two to four words in a row, joined by ``_``
  ("stakeholder_management", "a/b_testing"), never across punctuation or
  a stop word, and never made only of generic words.

A job's text gives every such phrase (:func:`query_terms`): a phrase
nobody's document holds simply matches no one. A person's text gives only
the phrases it is known to hold (:func:`terms`): the skills in
:data:`SKILL_PHRASES` and, for each person, the skills they endorsed, so
that a recommendation saying "ran our A/B testing" matches a job asking for
"A/B testing" as one phrase. A term never contains a space (the evidence
summary keeps documents as space-separated terms).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple


def _listed(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS = _listed(
    """
    a about above across after again against all almost along already also although always am
    among an and another any anyone anything are around as at be became because become becomes
    been before being below between both but by can cannot could did do does doing done down
    during e.g each either else ever every everyone everything few for from further get gets
    getting give given go goes going had has have having he her here hers herself him himself his
    how however i i.e if in into is it its itself just least less like likely many may me might
    more most much must my myself need needs neither no nor not now of off often on once one only
    onto or other others otherwise our ours ourselves out over own per perhaps please quite
    rather really same several shall she should since so some someone something such than that
    the their theirs them themselves then there therefore these they this those though through
    throughout thus to together too toward towards under until up upon us very via was we well
    were what whatever when whenever where whether which while who whoever whom whose why will
    with within without would yet you your yours yourself yourselves etc eg ie
    """
)
"""English words that carry no meaning of their own."""

GENERIC_WORDS = _listed(
    """
    ability able accountability achieve achievement action actively add adapt adaptable
    advantage amazing ambitious apply applicant application approach area aspect attention
    attitude balance based basis benefit best better big bonus bring build building business
    candidate capability capable care career challenge challenging chance change client
    collaborate collaboration collaborative colleague commitment committed communicate
    communication communicator company competitive complex comprehensive confident contribute
    contribution core create creative critical cross-functional culture curious current customer
    day deadline dedicated deep deliver delivery demonstrated department desire detail
    detail-oriented develop development different diverse diversity driven drive dynamic eager
    effective effectively efficient employee employer employment energy engage enjoy ensure
    enthusiasm enthusiastic environment equal equivalent excellent exceptional excited exciting
    excellence execute execution expect expectation experience experienced expert expertise
    explore fast fast-paced field flexible focus focused follow friendly full full-time fun
    future goal good great grow growing growth hard hands-on happy help helping high highly
    hire hiring holiday hour hybrid idea ideal ideally impact impactful important improve include
    included including independently individual industry initiative innovation innovative
    insight inspire interest interested join joining journey key kind knowledge know knowing lead
    leader leadership leading learn learning level life location look looking love make making
    manage managed management manager managing meaningful meet member mindset mission motivated
    move multiple new next offer office opportunity organisation organization organisational
    organizational outstanding own ownership part part-time partner partnership passion
    passionate people perform performance person personal place plan player plus position
    positive possible practice preferred prior priority proactive problem problem-solving process
    professional proficiency proficient proven provide purpose quality quickly ready related
    relationship relevant remote report reporting required requirement resource responsibility
    responsible result right role salary scale seek seeking self-starter sense set share shape
    skill skilled solid solution solve solving standard start strong success successful support
    supporting take talent talented task team teamwork thing think thinking thrive time today
    together tool track trust type understand understanding unique use used using value variety
    vision want way week wide wide-ranging willing willingness work worked working world write
    year yearly
    brought built delivered did drove got helped led made ran run running took went
    two three four five six seven eight nine ten
    advanced behind clear clearly everywhere explain informed keep maintain matter nice number
    present read turn
    senior sr junior jr principal staff associate assistant intern internship head chief officer
    vice president vp svp evp executive entry mid ii iii iv
    """
)
"""Words every job ad uses, and seniority words: a match on them says nothing.

Kept in their folded form (see :func:`fold`), as terms are.
"""

SKILL_PHRASES = (
    "a/b testing",
    "account management",
    "agile coaching",
    "business development",
    "business intelligence",
    "change management",
    "ci/cd",
    "clinical research",
    "clinical trials",
    "cloud computing",
    "community management",
    "computer vision",
    "content marketing",
    "content strategy",
    "continuous integration",
    "customer success",
    "customer support",
    "data analysis",
    "data engineering",
    "data modeling",
    "data pipelines",
    "data science",
    "data visualization",
    "data warehousing",
    "deep learning",
    "design systems",
    "digital marketing",
    "distributed systems",
    "email marketing",
    "event planning",
    "financial analysis",
    "financial modeling",
    "grant writing",
    "growth marketing",
    "incident response",
    "information security",
    "large language models",
    "machine learning",
    "market research",
    "mobile development",
    "natural language processing",
    "network security",
    "penetration testing",
    "people management",
    "performance marketing",
    "product design",
    "product management",
    "program management",
    "project management",
    "public relations",
    "quality assurance",
    "revenue operations",
    "risk management",
    "sales operations",
    "search engine optimization",
    "site reliability",
    "social media",
    "software development",
    "software engineering",
    "stakeholder management",
    "supply chain",
    "technical writing",
    "test automation",
    "user experience",
    "user research",
    "vendor management",
    "web development",
)
"""Skills of more than one word known before any endorsement is read."""


_WORD = re.compile(r"[a-z0-9+#]+(?:[./'-][a-z0-9+#]+)*[+#]*")
# Punctuation that ends a phrase: a phrase never runs across these.
_BREAK = re.compile(r"[,;:.!?]+(?=\s|$)|[()\[\]{}|•·\n\r\t\"–—]|\s-\s")


def fold(word: str) -> str:
    """A word's plural folded to its singular, as terms hold it ("pipelines" is "pipeline")."""
    if not word.isalpha():
        return word  # "node.js", "a/b", "c++": names, not plurals
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


Word = tuple[str, str]
"""A word as its term ("" for a stop word, which only breaks phrases) and as written."""


def _words(segment: str) -> list[Word]:
    found: list[Word] = []
    lowered = segment.casefold()
    same = len(lowered) == len(segment)
    for match in _WORD.finditer(lowered):
        word = match.group()
        terms = _terms_of(word)
        if len(terms) > 1:
            found += zip(terms, word.split("/"), strict=True)
        else:
            surface = segment[match.start() : match.end()] if same else word
            found.append((terms[0], surface.removesuffix("'s")))
    return found


@functools.lru_cache(maxsize=1 << 16)
def _terms_of(word: str) -> tuple[str, ...]:
    """The term of a lower-cased word as written ("" for a stop word), or of each of its halves."""
    word = word.removesuffix("'s").replace("'", "")
    # "a/b" and "ci/cd" are one word; "python/sql" is two.
    if "/" in word and max(map(len, word.split("/"))) > 2:
        return tuple(_term(part) for part in word.split("/"))
    return (_term(word),)


def _term(word: str) -> str:
    word = word.strip(".-")
    if not word or word in STOP_WORDS or not any(c.isalpha() for c in word):
        return ""
    return fold(word)


def _segments(text: str) -> list[list[Word]]:
    """The text's runs of words between punctuation."""
    plain = unicodedata.normalize("NFKC", text)
    return [words for segment in _BREAK.split(plain) if (words := _words(segment))]


def _meaningful(word: str) -> bool:
    return bool(word) and word not in GENERIC_WORDS


def _phrases(words: list[Word], known: frozenset[str]) -> Iterable[Word]:
    """Every run of two to four words in a row (no stop word inside), known or not all generic."""
    for start in range(len(words)):
        for end in range(start + 2, min(start + 4, len(words)) + 1):
            run = words[start:end]
            if any(not term for term, _ in run):
                break
            joined = "_".join(term for term, _ in run)
            if joined in known or any(_meaningful(term) for term, _ in run):
                yield joined, " ".join(surface for _, surface in run)


def _joined(words: list[Word]) -> str:
    return "_".join(term for term, _ in words)


KNOWN_PHRASES = frozenset(
    _joined(words) for text in SKILL_PHRASES for words in _segments(text) if len(words) > 1
)
""":data:`SKILL_PHRASES` as terms."""


class Query(NamedTuple):
    """A job's terms, in order (a repeated one repeats), and how the job wrote each."""

    terms: list[str]
    written: dict[str, str]


def query_terms(text: str) -> Query:
    """The terms of a job's text: its meaningful words and every phrase in it."""
    terms: list[str] = []
    written: dict[str, str] = {}
    for segment in _segments(text):
        for term, surface in [*segment, *_phrases(segment, KNOWN_PHRASES)]:
            if _meaningful(term):
                terms.append(term)
                written.setdefault(term, surface)
    return Query(terms, written)


def terms(text: str, phrases: frozenset[str] = KNOWN_PHRASES) -> list[str]:
    """The terms of what someone saw: its meaningful words and the known ``phrases`` in it.

    Run over every document of the network, so it skips what :func:`query_terms`
    keeps for the why (how each word was written) and looks for phrases only
    where one can start.
    """
    found: list[str] = []
    firsts = _first_words(phrases)
    plain = unicodedata.normalize("NFKC", text).casefold()
    for segment in _BREAK.split(plain):
        words = [term for word in _WORD.findall(segment) for term in _terms_of(word)]
        found += [word for word in words if word and word not in GENERIC_WORDS]
        for start, word in enumerate(words):
            if word not in firsts:
                continue
            for end in range(start + 2, min(start + 4, len(words)) + 1):
                if not words[end - 1]:
                    break
                joined = "_".join(words[start:end])
                if joined in phrases:
                    found.append(joined)
    return found


@functools.lru_cache(maxsize=1 << 12)
def _first_words(phrases: frozenset[str]) -> frozenset[str]:
    return frozenset(phrase.split("_", 1)[0] for phrase in phrases)


def skill_phrases(skills: Iterable[str]) -> frozenset[str]:
    """The endorsed skills of several words that are phrases, as terms (with the known ones)."""
    found: set[str] = set()
    for skill in skills:
        if " " not in skill.strip() and "-" not in skill:
            continue  # one word: no phrase
        for segment in _segments(skill):
            if 2 <= len(segment) <= 4 and all(term for term, _ in segment):
                joined = _joined(segment)
                if joined in KNOWN_PHRASES or any(_meaningful(term) for term, _ in segment):
                    found.add(joined)
    return KNOWN_PHRASES | found if found - KNOWN_PHRASES else KNOWN_PHRASES
