"""The facade every face calls: :class:`Service`, the views (and core types) it returns, the demo.

Faces (CLI today, web and API later) import from here and nothing else of
the core.
"""

from goodword.evidence.assess import Assessment
from goodword.evidence.backtest import Backtest
from goodword.evidence.score import Score
from goodword.service.demo import DemoRun, run_demo
from goodword.service.facade import KINDS, SORT_KEYS, Service, read_description
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
from goodword.store.queries import VettingFact

__all__ = [
    "KINDS",
    "SORT_KEYS",
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
    "MeView",
    "PersonDetail",
    "Score",
    "Service",
    "SheetView",
    "Suggestion",
    "VettingFact",
    "as_of_moment",
    "assessment_dict",
    "linkedin_link",
    "read_description",
    "run_demo",
]
