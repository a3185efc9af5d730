"""The web's edge against a hostile page or client: whose Host, which ids, how large a body.

The host and body checks run on the app's real server too (uvicorn on a
loopback port, spoken to over a raw socket where a client library would
tidy the request up); ids and text limits run on each backend.
"""

from __future__ import annotations

import http.client
import re
import select
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from goodword.config import Settings
from goodword.service import Service
from goodword.web import create_app
from goodword.web.app import AREAS
from goodword.web.deps import LINE, MAX_ID, SHORT, TEXT
from goodword.web.security import host_allowed
from goodword.web.server import running
from tests.web.conftest import LOCAL, TestClient, token

HUGE = "9" * 23  # past every integer either database holds

# ---------------------------------------------------------------- whose Host


@pytest.mark.parametrize(
    ("header", "port", "allowed"),
    [
        ("127.0.0.1:8000", 8000, True),
        ("localhost:8000", 8000, True),
        ("LocalHost:8000", 8000, True),
        ("[::1]:8000", 8000, True),
        ("127.0.0.2:8000", 8000, True),
        ("127.0.0.1", 80, True),
        ("127.0.0.1:8001", 8000, False),  # another port: another server
        ("localhost", 8000, False),  # no port means 80
        ("rebound.example:8000", 8000, False),  # DNS rebinding keeps the page's own name
        ("127.0.0.1.nip.io:8000", 8000, False),
        ("localhost.:8000", 8000, False),
        ("::1:8000", 8000, False),
        ("[::1]8000", 8000, False),
        ("127.0.0.1:8000:1", 8000, False),
        ("127.0.0.1:80a", None, False),
        ("192.168.1.5:8000", 8000, False),
        ("", 8000, False),
        (None, None, False),
        ("localhost:1234", None, True),  # an app without a port: any loopback port
    ],
)
def test_host_allowed(header: str | None, port: int | None, allowed: bool) -> None:
    assert host_allowed(header, port) is allowed


def test_a_request_for_another_host_is_refused_before_anything(seeded: Service) -> None:
    stranger = TestClient(create_app(seeded))  # the test client's default host: "testserver"
    for path in ("/api/people", "/api/csrf", "/", "/healthz", "/static/style.css"):
        answer = stranger.get(path)
        assert answer.status_code == 400, path
        assert "set-cookie" not in answer.headers, path  # no session, so no CSRF token
        assert "goodword_session" not in answer.text
    api = stranger.get("/api/people").json()["error"]
    assert api["code"] == "wrong_host"
    assert "127.0.0.1" in api["message"] and "'testserver'" in api["message"]
    page = stranger.get("/people")
    assert page.headers["content-type"].startswith("text/plain")
    assert len(page.text.strip().splitlines()) == 1
    assert page.headers["x-frame-options"] == "DENY"
    for host in ("http://localhost", "http://[::1]", "http://127.0.0.3", LOCAL):
        assert TestClient(create_app(seeded), base_url=host).get("/api/people").status_code == 200


def test_a_remote_server_answers_any_name_behind_its_password(seeded: Service) -> None:
    remote = create_app(seeded, password="s3cret", server={"host": "0.0.0.0", "remote": True})
    client = TestClient(remote, base_url="http://goodword.lan:8000")
    assert client.get("/api/people").status_code == 401
    assert client.get("/api/people", auth=("me", "s3cret")).status_code == 200


def _raw(port: int, request: bytes, *, timeout: float = 10) -> bytes:
    """Send ``request`` as is and read the whole answer (the server closes or says its length)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(request)
        return _answer(conn)


def _answer(conn: socket.socket) -> bytes:
    received = b""
    while chunk := conn.recv(65536):
        received += chunk
        head, _, body = received.partition(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            ),
            None,
        )
        if length is not None and len(body) >= length:
            break
    return received


def test_the_real_server_refuses_a_rebound_name(tmp_path: Path) -> None:
    service = Service(Settings(home=tmp_path / "home"))
    with running(service) as base:
        port = int(base.rsplit(":", 1)[1])
        for host in (f"rebound.example:{port}", f"localhost:{port + 1}", "127.0.0.1"):
            answer = _raw(port, f"GET /api/csrf HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            assert answer.startswith(b"HTTP/1.1 400 "), (host, answer[:80])
            assert b"wrong_host" in answer and b"token" not in answer.partition(b"\r\n\r\n")[2]
            assert b"set-cookie" not in answer.lower()
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
            answer = _raw(port, f"GET /api/csrf HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            assert answer.startswith(b"HTTP/1.1 200 "), (host, answer[:80])
    service.close()


# ---------------------------------------------------------------- ids


def _id_routes() -> list[tuple[str, str]]:
    """Every (method, path) with an id in its path, once per id, that id past every database's."""
    found = []
    for route in [r for area in AREAS for router in (area.pages, area.api) for r in router.routes]:
        path = getattr(route, "path", "")
        ids = re.findall(r"\{(\w+_id)\}", path.replace("{task_id}", ""))  # tasks have names
        for method in getattr(route, "methods", None) or ():
            for huge in ids:
                filled = path.replace("{" + huge + "}", HUGE)
                found.append((method, re.sub(r"\{\w+_id\}", "1", filled)))
    return sorted(found)


ID_ROUTES = _id_routes()


def test_every_route_with_an_id_is_checked() -> None:
    paths = {path for _, path in ID_ROUTES}
    assert len(paths) >= 12, paths  # people, opportunities, briefs, sheets, asks, vets, review
    assert all(HUGE in path for path in paths)


@pytest.mark.parametrize(("method", "path"), ID_ROUTES)
def test_an_id_no_database_holds_is_404(client: TestClient, method: str, path: str) -> None:
    headers = {"X-CSRF-Token": token(client)} if method == "POST" else {}
    answer = client.request(method, path, headers=headers)
    assert answer.status_code == 404, answer.text
    if path.startswith("/api/"):
        assert answer.json()["error"]["code"] == "not_found"
        assert answer.json()["error"]["message"].startswith("no ")


def test_ids_at_the_edge_of_the_range(client: TestClient) -> None:
    for given in (str(MAX_ID), str(MAX_ID + 1), "0", "-1", "abc", "²"):
        answer = client.get(f"/api/people/{given}")
        assert answer.status_code == 404, (given, answer.text)
    assert client.get(f"/api/people?page={HUGE}").status_code == 422


@pytest.mark.parametrize("who", [HUGE, str(MAX_ID + 1), "²"])
def test_an_id_in_a_body_is_looked_up_safely(client: TestClient, who: str) -> None:
    job = client.get("/api/opportunities").json()[0]["job"]["id"]
    answer = client.post(
        f"/api/opportunities/{job}/asks",
        json={"people": [who]},
        headers={"X-CSRF-Token": token(client)},
    )
    assert answer.status_code == 404, answer.text
    assert answer.json()["error"]["code"] == "not_found"


# ---------------------------------------------------------------- text fields


def _over(limit: int) -> str:
    return "x" * (limit + 1)


# (path, body as JSON or form, the field named in the error); each over its limit by one.
TOO_LONG: list[tuple[str, str, dict[str, Any], str]] = [
    ("/api/opportunities", "json", {"title": _over(SHORT)}, "title"),
    ("/api/opportunities", "json", {"title": "T", "organization": _over(SHORT)}, "organization"),
    ("/api/opportunities", "json", {"title": "T", "description": _over(TEXT)}, "description"),
    ("/api/opportunities", "json", {"title": "T", "needs": _over(SHORT)}, "needs"),
    ("/api/opportunities", "json", {"title": "T", "kind": _over(SHORT)}, "kind"),
    ("/opportunities", "form", {"title": _over(SHORT)}, "title"),
    ("/opportunities", "form", {"title": "T", "organization": _over(SHORT)}, "organization"),
    ("/opportunities", "form", {"title": "T", "description": _over(TEXT)}, "description"),
    ("/opportunities", "form", {"title": "T", "deadline": _over(SHORT)}, "deadline"),
    ("/opportunities", "form", {"title": "T", "needs": _over(SHORT)}, "needs"),
    ("/opportunities", "form", {"title": "T", "kind": _over(SHORT)}, "kind"),
    ("/api/opportunities/JOB/asks", "json", {"people": [_over(SHORT)]}, "people"),
    ("/api/opportunities/JOB/asks", "json", {"people": ["1"] * 201}, "people"),
    ("/api/opportunities/JOB/asks", "json", {"people": ["1"], "note": _over(TEXT)}, "note"),
    ("/api/opportunities/JOB/asks", "json", {"people": ["1"], "to": _over(SHORT)}, "to"),
    ("/api/opportunities/JOB/asks", "json", {"people": ["1"], "kind": _over(SHORT)}, "kind"),
    ("/opportunities/JOB/asks", "form", {"person": _over(SHORT)}, "person"),
    ("/opportunities/JOB/asks", "form", {"person": "1", "note": _over(TEXT)}, "note"),
    ("/opportunities/JOB/asks", "form", {"person": "1", "to": _over(SHORT)}, "to"),
    ("/opportunities/JOB/asks", "form", {"person": "1", "back": _over(LINE)}, "back"),
    ("/api/people/1/vet", "json", {"willing": _over(SHORT)}, "willing"),
    ("/api/people/1/vet", "json", {"willing": "yes", "concerns": _over(TEXT)}, "concerns"),
    ("/api/people/1/vet", "json", {"willing": "yes", "channel": _over(SHORT)}, "channel"),
    ("/people/1/vet", "form", {"willing": _over(SHORT)}, "willing"),
    ("/people/1/vet", "form", {"willing": "yes", "concerns": _over(TEXT)}, "concerns"),
    ("/people/1/vet", "form", {"willing": "yes", "channel": _over(SHORT)}, "channel"),
    ("/people/1/vet", "form", {"willing": "yes", "back": _over(LINE)}, "back"),
    ("/api/settings/me", "json", {"name": _over(SHORT)}, "name"),
    ("/api/settings/me", "json", {"add_emails": [_over(SHORT)]}, "add_emails"),
    ("/api/settings/me", "json", {"remove_emails": ["a@b.c"] * 201}, "remove_emails"),
    ("/api/settings/me", "json", {"linkedin": _over(LINE)}, "linkedin"),
    ("/settings/me", "form", {"name": _over(SHORT)}, "name"),
    ("/settings/me", "form", {"add_email": _over(SHORT)}, "add_email"),
    ("/settings/me", "form", {"linkedin": _over(LINE)}, "linkedin"),
]


@pytest.mark.parametrize(("path", "kind", "body", "field"), TOO_LONG)
def test_every_text_field_has_a_limit(
    client: TestClient, path: str, kind: str, body: dict[str, Any], field: str
) -> None:
    job = client.get("/api/opportunities").json()[0]["job"]["id"]
    path = path.replace("JOB", str(job))
    csrf = token(client)
    if kind == "json":
        answer = client.post(path, json=body, headers={"X-CSRF-Token": csrf})
    else:
        answer = client.post(path, data={**body, "csrf_token": csrf})
    assert answer.status_code == 422, answer.text[:300]
    if kind == "json":
        message = answer.json()["error"]["message"]
        assert message.startswith(field), message
        assert "at most" in message
    else:
        assert f"{field}" in answer.text and "at most" in answer.text


@pytest.mark.parametrize("name", ["q", "org", "sort", "filter", "as_of"])
def test_every_query_text_has_a_limit(client: TestClient, name: str) -> None:
    answer = client.get("/api/people", params={name: _over(SHORT)})
    assert answer.status_code == 422
    assert "at most 300 characters" in answer.json()["error"]["message"]


def test_a_megabyte_job_title_is_refused_and_nothing_is_kept(client: TestClient) -> None:
    before = len(client.get("/api/opportunities").json())
    answer = client.post(
        "/api/opportunities",
        json={"title": "x" * 1_000_000},
        headers={"X-CSRF-Token": token(client)},
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["message"] == "title: String should have at most 300 characters"
    assert len(client.get("/api/opportunities").json()) == before


# ---------------------------------------------------------------- body sizes

MB = 1 << 20
PART = (  # the start of a multipart body whose one file never ends
    b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.mbox"\r\n'
    b"Content-Type: application/octet-stream\r\n\r\n"
)


@pytest.fixture
def small(tmp_path: Path) -> Any:
    """A service that takes uploads of up to 1 MB."""
    service = Service(Settings(home=tmp_path / "home", max_upload_mb=1))
    yield service
    service.close()


def _nothing_kept(service: Service) -> None:
    uploads = service.settings.data_dir() / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())


def test_an_upload_over_the_limit_is_413_before_it_is_kept(small: Service) -> None:
    client = TestClient(create_app(small), base_url=LOCAL)
    csrf = token(client)
    fits = client.post(
        "/api/imports", files={"file": ("x.csv", b"a,b\n" * 1000)}, headers={"X-CSRF-Token": csrf}
    )
    assert fits.status_code == 202, fits.text
    declared = client.post(
        "/api/imports", files={"file": ("big.mbox", b"x" * 2 * MB)}, headers={"X-CSRF-Token": csrf}
    )
    assert declared.status_code == 413
    assert declared.json()["error"] == {
        "code": "too_large",
        "message": "this upload is larger than the 1 MB goodword takes "
        "(GOODWORD_MAX_UPLOAD_MB raises it)",
    }

    def chunks() -> Any:  # no Content-Length: counted as it streams
        yield PART
        for _ in range(3):
            yield b"x" * MB

    streamed = client.post(
        "/api/imports",
        content=chunks(),
        headers={"X-CSRF-Token": csrf, "Content-Type": "multipart/form-data; boundary=b"},
    )
    assert streamed.status_code == 413
    page = client.post(
        "/import", files={"file": ("big.mbox", b"x" * 2 * MB)}, data={"csrf_token": csrf}
    )
    assert page.status_code == 413
    assert "GOODWORD_MAX_UPLOAD_MB raises it" in page.text
    assert len(client.get("/api/imports").json()) == 1  # only the one that fitted
    for _ in range(100):
        if client.get("/api/imports").json()[0]["stage"] in ("done", "failed"):
            break
        time.sleep(0.1)
    _nothing_kept(small)


def test_other_bodies_stop_at_a_megabyte(small: Service) -> None:
    client = TestClient(create_app(small), base_url=LOCAL)
    answer = client.post(
        "/api/opportunities",
        content=b'{"title": "' + b"x" * 2 * MB + b'"}',
        headers={"X-CSRF-Token": token(client), "Content-Type": "application/json"},
    )
    assert answer.status_code == 413
    assert "forms and the API take text" in answer.json()["error"]["message"]


def _upload_head(port: int, csrf: str, cookie: str, length: str) -> bytes:
    return (
        f"POST /api/imports HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"X-CSRF-Token: {csrf}\r\nCookie: {cookie}\r\n"
        f"Content-Type: multipart/form-data; boundary=b\r\n{length}\r\n"
    ).encode()


def test_the_real_server_refuses_a_large_upload_without_reading_it(small: Service) -> None:
    with running(small) as base:
        port = int(base.rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/api/csrf")
        reply = conn.getresponse()
        csrf = reply.read().decode().split('"token": "')[1].split('"')[0]
        cookie = reply.getheader("set-cookie", "").split(";")[0]
        conn.close()

        # Declared: 5 GiB announced, not a byte sent; the answer comes at once.
        started = time.monotonic()
        answer = _raw(port, _upload_head(port, csrf, cookie, f"Content-Length: {5 << 30}\r\n"))
        assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
        assert b"GOODWORD_MAX_UPLOAD_MB" in answer
        assert time.monotonic() - started < 5

        # Streamed (chunked, no length): refused once the count passes 1 MB.
        sent = 0
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(_upload_head(port, csrf, cookie, "Transfer-Encoding: chunked\r\n"))
            piece = b"x" * 65536
            chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
            try:
                sock.sendall(f"{len(PART):x}\r\n".encode() + PART + b"\r\n")
                while sent < 50 * MB and not select.select([sock], [], [], 0)[0]:
                    sock.sendall(chunk)
                    sent += len(piece)
            except (BrokenPipeError, ConnectionResetError):
                pass
            answer = _answer(sock)
        assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
        assert sent < 20 * MB  # it stopped near the limit, not at the end of the stream
        _nothing_kept(small)
