"""One-off notices for the next page a browser session shows ("flash" messages).

An action that ends in a redirect (forgetting someone, say) leaves a line
for its session with :func:`flash`; the next full page it renders takes it
(:func:`take`, called by ``base.html``) and shows it once. Notices live in
the app's memory by session id, never in a cookie or a URL, so a notice
about someone is not written to the browser's history.
"""

from __future__ import annotations

import threading

from fastapi import Request

from goodword.web.security import session_of

KEPT = 256  # sessions with a notice waiting; the oldest go first
_LOCK = threading.Lock()


def _store(request: Request) -> dict[str, str]:
    state = request.app.state
    with _LOCK:
        found: dict[str, str] | None = getattr(state, "notices", None)
        if found is None:
            found = state.notices = {}
        return found


def flash(request: Request, message: str) -> None:
    """Leave ``message`` for the next page this request's session renders."""
    notices = _store(request)
    with _LOCK:
        notices[session_of(request)] = message
        while len(notices) > KEPT:
            del notices[next(iter(notices))]


def take(request: Request) -> str:
    """The notice waiting for this session ("" when none), removed as it is shown."""
    notices = _store(request)
    with _LOCK:
        return notices.pop(session_of(request), "")
