"""The facade every face calls: :class:`Service`, the views (and core types) it returns, the demo.

Faces (the CLI, the web app and its API) import from here and nothing else of
the core. The web app's views and the demo load when first asked for
(:func:`__getattr__`): a command such as ``goodword people`` does not pay
for them.
"""

import importlib
from typing import TYPE_CHECKING, Any

from goodword.evidence.assess import Assessment
from goodword.evidence.backtest import Backtest
from goodword.evidence.score import Score
from goodword.service.facade import Service
from goodword.service.identities import STATUSES as MATCH_STATUSES
from goodword.service.identities import MatchDecision, match_dict
from goodword.service.jobs import KINDS, read_description
from goodword.service.scores import SORT_KEYS
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
    linkedin_link,
)
from goodword.store.facts import VettingFact

if TYPE_CHECKING:
    from goodword.service.demo import DemoRun, run_demo
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
    from goodword.store.matching import MatchView

_LAZY = {
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


def __getattr__(name: str) -> Any:
    """Load the web app's views and the demo on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
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
    "as_of_moment",
    "assessment_dict",
    "error_code",
    "linkedin_link",
    "match_dict",
    "read_description",
    "run_demo",
    "upload_name",
]
