"""Rendering for the web face: the Jinja2 environment (autoescaped), filters, and JSON responses.

Everything shown on a page was written by strangers (names, subjects,
titles, messages), so templates are always autoescaped and nothing is
marked safe.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from importlib.resources import files
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from goodword.service import Score, fit_of
from goodword.web.charts import hours_text
from goodword.web.notices import take
from goodword.web.security import CSRF_FIELD, CSRF_HEADER, csrf_token

TEMPLATES = files("goodword.web") / "templates"
STATIC = files("goodword.web") / "static"


def _default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(data: Any) -> bytes:
    """JSON bytes as the CLI's ``--json`` writes them (dates as ISO strings, UTF-8 kept)."""
    return json.dumps(data, ensure_ascii=False, default=_default).encode("utf-8")


class Json(JSONResponse):
    """A JSON response that knows dates (the views' ``as_dict`` may hold them)."""

    def render(self, content: Any) -> bytes:
        """Serialise ``content``."""
        return to_json(content)


def _score(score: Score) -> str:
    return "unknown" if score.value is None else f"{score.value:.2f}"


def _band(score: Score) -> str:
    if score.value is None:
        return "unknown"
    return "high" if score.value >= 0.6 else ("mid" if score.value >= 0.35 else "low")


def _when(value: datetime | date | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return value.isoformat()


def make_environment() -> Environment:
    """The template environment: autoescape everywhere, strict about undefined names."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["score"] = _score
    env.filters["band"] = _band
    env.filters["when"] = _when
    env.filters["fit"] = lambda assessment: f"{fit_of(assessment):.2f}"
    env.filters["hours"] = lambda h: "—" if h is None else hours_text(float(h))
    env.globals["CSRF_FIELD"] = CSRF_FIELD
    env.globals["CSRF_HEADER"] = CSRF_HEADER
    env.globals["take_notice"] = take
    return env


def query_url(path: str, params: dict[str, Any], **changes: Any) -> str:
    """``path`` with ``params`` updated by ``changes`` (empty values dropped)."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "") and not (k == "page" and v == 1)}
    return f"{path}?{urlencode(kept)}" if kept else path


def render(
    request: Request,
    template: str,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render ``template`` with the request, its CSRF token and the page's JSON twin link."""
    env: Environment = request.app.state.templates
    html = env.get_template(template).render(
        request=request,
        csrf_token=csrf_token(request),
        query_url=query_url,
        **{"json_url": None, "nav": "", **context},
    )
    return HTMLResponse(html, status_code=status_code)
