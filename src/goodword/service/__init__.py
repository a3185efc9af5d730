"""The facade every face calls: :class:`Service`, the views (and core types) it returns, the demo.

Faces (the CLI, the web app and its API) import from here and nothing else of
the core. Every name loads its module when first asked for
(:func:`__getattr__`): a command pays only for what it uses, and
``goodword people`` answered from the day's summary does not load the
store's engine (see :mod:`goodword.service.quick`). What only the web app
needs (its pager over held scores, charts' data, imports in the background)
lives in :mod:`goodword.web.browser`, over the names here.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from goodword.evidence.assess import Assessment
    from goodword.evidence.backtest import Backtest
    from goodword.evidence.score import Score
    from goodword.evidence.threads import exchanges
    from goodword.service.demo import DemoRun, run_demo
    from goodword.service.facade import Service
    from goodword.service.identities import STATUSES as MATCH_STATUSES
    from goodword.service.identities import MatchDecision, match_dict
    from goodword.service.listing import (
        FILTERS,
        MAX_PAGE_SIZE,
        PAGE_SIZE,
        SORT_KEYS,
        PeopleQuery,
        pages,
        select_page,
        stale,
        standings_of,
    )
    from goodword.service.slates import ADD_A_JOB, KINDS, read_description
    from goodword.service.views import (
        AskView,
        BriefView,
        DbInfo,
        DraftView,
        FileSummary,
        ImportSummary,
        JobView,
        MeView,
        PersonDetail,
        SheetView,
        Suggestion,
        as_of_moment,
        assessment_dict,
        fit_of,
        linkedin_link,
    )
    from goodword.store.facts import Standing, VettingFact
    from goodword.store.matching import MatchView
    from goodword.workflow.asks import TRANSITIONS

_LAZY = {
    "Assessment": "goodword.evidence.assess",
    "Backtest": "goodword.evidence.backtest",
    "Score": "goodword.evidence.score",
    "Service": "goodword.service.facade",
    "MATCH_STATUSES": "goodword.service.identities",
    "MatchDecision": "goodword.service.identities",
    "match_dict": "goodword.service.identities",
    "ADD_A_JOB": "goodword.service.slates",
    "KINDS": "goodword.service.slates",
    "read_description": "goodword.service.slates",
    "SORT_KEYS": "goodword.service.listing",
    "VettingFact": "goodword.store.facts",
    "AskView": "goodword.service.views",
    "BriefView": "goodword.service.views",
    "DbInfo": "goodword.service.views",
    "DraftView": "goodword.service.views",
    "FileSummary": "goodword.service.views",
    "ImportSummary": "goodword.service.views",
    "JobView": "goodword.service.views",
    "MeView": "goodword.service.views",
    "PersonDetail": "goodword.service.views",
    "SheetView": "goodword.service.views",
    "Suggestion": "goodword.service.views",
    "as_of_moment": "goodword.service.views",
    "assessment_dict": "goodword.service.views",
    "fit_of": "goodword.service.views",
    "linkedin_link": "goodword.service.views",
    "MatchView": "goodword.store.matching",
    "DemoRun": "goodword.service.demo",
    "run_demo": "goodword.service.demo",
    "FILTERS": "goodword.service.listing",
    "MAX_PAGE_SIZE": "goodword.service.listing",
    "PAGE_SIZE": "goodword.service.listing",
    "PeopleQuery": "goodword.service.listing",
    "pages": "goodword.service.listing",
    "select_page": "goodword.service.listing",
    "stale": "goodword.service.listing",
    "standings_of": "goodword.service.listing",
    "Standing": "goodword.store.facts",
    "exchanges": "goodword.evidence.threads",
    "TRANSITIONS": "goodword.workflow.asks",
}


_RENAMED = {"MATCH_STATUSES": "STATUSES"}


def __getattr__(name: str) -> Any:
    """Load each name's module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), _RENAMED.get(name, name))
    globals()[name] = value
    return value


__all__ = [
    "ADD_A_JOB",
    "FILTERS",
    "KINDS",
    "MATCH_STATUSES",
    "MAX_PAGE_SIZE",
    "PAGE_SIZE",
    "SORT_KEYS",
    "TRANSITIONS",
    "AskView",
    "Assessment",
    "Backtest",
    "BriefView",
    "DbInfo",
    "DemoRun",
    "DraftView",
    "FileSummary",
    "ImportSummary",
    "JobView",
    "MatchDecision",
    "MatchView",
    "MeView",
    "PeopleQuery",
    "PersonDetail",
    "Score",
    "Service",
    "SheetView",
    "Standing",
    "Suggestion",
    "VettingFact",
    "as_of_moment",
    "assessment_dict",
    "exchanges",
    "fit_of",
    "linkedin_link",
    "match_dict",
    "pages",
    "read_description",
    "run_demo",
    "select_page",
    "stale",
    "standings_of",
]
