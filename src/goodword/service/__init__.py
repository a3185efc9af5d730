"""The facade every face calls: :class:`Service`, the views it returns, and the demo.

Faces (CLI today, web and API later) import from here and nothing else of
the core.
"""

from goodword.service.demo import DemoRun, run_demo
from goodword.service.facade import KINDS, SORT_KEYS, Service, read_description
from goodword.service.views import (
    AskView,
    DbInfo,
    FileSummary,
    ImportSummary,
    JobView,
    MeView,
    PersonDetail,
    Suggestion,
    as_of_moment,
    assessment_dict,
    linkedin_link,
)

__all__ = [
    "KINDS",
    "SORT_KEYS",
    "AskView",
    "DbInfo",
    "DemoRun",
    "FileSummary",
    "ImportSummary",
    "JobView",
    "MeView",
    "PersonDetail",
    "Service",
    "Suggestion",
    "as_of_moment",
    "assessment_dict",
    "linkedin_link",
    "read_description",
    "run_demo",
]
