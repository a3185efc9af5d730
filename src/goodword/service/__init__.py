"""The facade every face calls: :class:`Service`, the views (and core types) it returns, the demo.

Faces (the CLI, the web app and its API) import from here and nothing else of
the core. Every name loads its module when first asked for
(:func:`__getattr__`): a command pays only for what it uses, and
``goodword people`` answered from kept scores loads neither the store's
engine nor the web app's views: :func:`people_page` and :func:`suggest`
(see :mod:`goodword.service.scores`) open the store only when the quick
read cannot answer.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from goodword.evidence.assess import Assessment
    from goodword.evidence.backtest import Backtest
    from goodword.evidence.score import Score
    from goodword.service.demo import DemoRun, run_demo
    from goodword.service.facade import Service
    from goodword.service.identities import STATUSES as MATCH_STATUSES
    from goodword.service.identities import MatchDecision, match_dict
    from goodword.service.scores import (
        SORT_KEYS,
        PeopleListing,
        Wanted,
        collector_paused,
        people_page,
        suggest,
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
    from goodword.service.web import (
        FILTERS,
        MAX_PAGE_SIZE,
        PAGE_SIZE,
        Browser,
        Dashboard,
        ImportTask,
        JobProgress,
        MonthCount,
        OpportunityPage,
        PeoplePage,
        PeopleQuery,
        PersonPage,
        ReplyPoint,
        SettingsView,
        error_code,
        upload_name,
    )
    from goodword.store.facts import VettingFact
    from goodword.store.matching import MatchView

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
    "SORT_KEYS": "goodword.service.scores",
    "PeopleListing": "goodword.service.scores",
    "Wanted": "goodword.service.scores",
    "collector_paused": "goodword.service.scores",
    "people_page": "goodword.service.scores",
    "suggest": "goodword.service.scores",
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
    "FILTERS": "goodword.service.web",
    "MAX_PAGE_SIZE": "goodword.service.web",
    "PAGE_SIZE": "goodword.service.web",
    "Browser": "goodword.service.web",
    "Dashboard": "goodword.service.web",
    "ImportTask": "goodword.service.web",
    "JobProgress": "goodword.service.web",
    "MonthCount": "goodword.service.web",
    "OpportunityPage": "goodword.service.web",
    "PeoplePage": "goodword.service.web",
    "PeopleQuery": "goodword.service.web",
    "PersonPage": "goodword.service.web",
    "ReplyPoint": "goodword.service.web",
    "SettingsView": "goodword.service.web",
    "error_code": "goodword.service.web",
    "upload_name": "goodword.service.web",
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
    "AskView",
    "Assessment",
    "Backtest",
    "BriefView",
    "Browser",
    "Dashboard",
    "DbInfo",
    "DemoRun",
    "DraftView",
    "FileSummary",
    "ImportSummary",
    "ImportTask",
    "JobProgress",
    "JobView",
    "MatchDecision",
    "MatchView",
    "MeView",
    "MonthCount",
    "OpportunityPage",
    "PeopleListing",
    "PeoplePage",
    "PeopleQuery",
    "PersonDetail",
    "PersonPage",
    "ReplyPoint",
    "Score",
    "Service",
    "SettingsView",
    "SheetView",
    "Suggestion",
    "VettingFact",
    "Wanted",
    "as_of_moment",
    "assessment_dict",
    "collector_paused",
    "error_code",
    "fit_of",
    "linkedin_link",
    "match_dict",
    "people_page",
    "read_description",
    "run_demo",
    "suggest",
    "upload_name",
]
