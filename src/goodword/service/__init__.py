"""The facade every face calls: :class:`Service`, the views (and core types) it returns, the demo.

Faces (the CLI, the web app and its API) import from here and nothing
deeper: ``goodword.cli`` and ``goodword.web`` may import this package, the
config and the errors, and nothing else of goodword (an import-linter
contract in ``pyproject.toml`` checks it on every ``make test``).

**What may load SQLAlchemy.** Every name here loads its module when first
asked for (:func:`__getattr__`), so a command pays only for what it uses:
``goodword people`` and ``goodword suggest`` answered from kept scores load
neither the store's engine nor the web app (:func:`people_page` and
:func:`suggest` open the store only when the quick read of
:mod:`goodword.service.scores` cannot answer). A name whose module imports
SQLAlchemy at the top (``Service``, the matcher's views) loads it when
first used; the rest load only plain modules. ``evidence``, ``choose`` and
``identity`` never load it at all (a contract checks that too).

**One table.** :data:`PUBLIC` names each public name's module, once; the
lazy loading and ``__all__`` are made from it. The imports under
``TYPE_CHECKING`` are only for the type checker, and a test holds them
equal to the table.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for the type checker only: each name re-exported as itself
    from goodword.evidence.assessment import Assessment as Assessment
    from goodword.evidence.backtest import Backtest as Backtest
    from goodword.evidence.criterion import Score as Score
    from goodword.evidence.threads import exchanges as exchanges
    from goodword.service.base import MAX_ID as MAX_ID
    from goodword.service.demo import DemoRun as DemoRun
    from goodword.service.demo import run_demo as run_demo
    from goodword.service.export import FORMATS as FORMATS
    from goodword.service.export import DataCopy as DataCopy
    from goodword.service.export import is_export as is_export
    from goodword.service.facade import Service as Service
    from goodword.service.forget import ForgetView as ForgetView
    from goodword.service.identities import MATCH_STATUSES as MATCH_STATUSES
    from goodword.service.identities import MatchDecision as MatchDecision
    from goodword.service.identities import match_dict as match_dict
    from goodword.service.listing import FILTERS as FILTERS
    from goodword.service.listing import MAX_PAGE_SIZE as MAX_PAGE_SIZE
    from goodword.service.listing import PAGE_SIZE as PAGE_SIZE
    from goodword.service.listing import SORT_KEYS as SORT_KEYS
    from goodword.service.listing import PeopleListing as PeopleListing
    from goodword.service.listing import PeopleQuery as PeopleQuery
    from goodword.service.listing import pages as pages
    from goodword.service.listing import score_rows_of as score_rows_of
    from goodword.service.listing import select_page as select_page
    from goodword.service.listing import stale as stale
    from goodword.service.scores import collector_paused as collector_paused
    from goodword.service.scores import people_page as people_page
    from goodword.service.scores import suggest as suggest
    from goodword.service.slates import ADD_A_JOB as ADD_A_JOB
    from goodword.service.slates import KINDS as KINDS
    from goodword.service.slates import read_description as read_description
    from goodword.service.views import AskView as AskView
    from goodword.service.views import BriefView as BriefView
    from goodword.service.views import DbInfo as DbInfo
    from goodword.service.views import DraftView as DraftView
    from goodword.service.views import FileSummary as FileSummary
    from goodword.service.views import ImportSummary as ImportSummary
    from goodword.service.views import JobView as JobView
    from goodword.service.views import MeView as MeView
    from goodword.service.views import PersonDetail as PersonDetail
    from goodword.service.views import SheetView as SheetView
    from goodword.service.views import Suggestion as Suggestion
    from goodword.service.views import as_of_moment as as_of_moment
    from goodword.service.views import assessment_dict as assessment_dict
    from goodword.service.views import fit_of as fit_of
    from goodword.service.views import linkedin_link as linkedin_link
    from goodword.store.facts import ScoreRow as ScoreRow
    from goodword.store.facts import VettingFact as VettingFact
    from goodword.store.matching import MatchView as MatchView
    from goodword.workflow.asks import TRANSITIONS as TRANSITIONS

PUBLIC: dict[str, tuple[str, ...]] = {
    "goodword.evidence.assessment": ("Assessment",),
    "goodword.evidence.backtest": ("Backtest",),
    "goodword.evidence.criterion": ("Score",),
    "goodword.evidence.threads": ("exchanges",),
    "goodword.service.base": ("MAX_ID",),
    "goodword.service.demo": ("DemoRun", "run_demo"),
    "goodword.service.export": ("FORMATS", "DataCopy", "is_export"),
    "goodword.service.facade": ("Service",),
    "goodword.service.forget": ("ForgetView",),
    "goodword.service.identities": ("MATCH_STATUSES", "MatchDecision", "match_dict"),
    "goodword.service.listing": (
        "FILTERS",
        "MAX_PAGE_SIZE",
        "PAGE_SIZE",
        "SORT_KEYS",
        "PeopleListing",
        "PeopleQuery",
        "pages",
        "score_rows_of",
        "select_page",
        "stale",
    ),
    "goodword.service.scores": ("collector_paused", "people_page", "suggest"),
    "goodword.service.slates": ("ADD_A_JOB", "KINDS", "read_description"),
    "goodword.service.views": (
        "AskView",
        "BriefView",
        "DbInfo",
        "DraftView",
        "FileSummary",
        "ImportSummary",
        "JobView",
        "MeView",
        "PersonDetail",
        "SheetView",
        "Suggestion",
        "as_of_moment",
        "assessment_dict",
        "fit_of",
        "linkedin_link",
    ),
    "goodword.store.facts": ("ScoreRow", "VettingFact"),
    "goodword.store.matching": ("MatchView",),
    "goodword.workflow.asks": ("TRANSITIONS",),
}
"""Each public name's module: the one list of what the facade offers."""

_LAZY = {name: module for module, names in PUBLIC.items() for name in names}


def __getattr__(name: str) -> Any:
    """Load each name's module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = sorted(_LAZY)
