"""Fixtures for the web face: a seeded service on each backend, a client, a CSRF token.

The seeded network is the readable LinkedIn fixture export with one hostile
contact added: their name, organisation, title and a message subject are
HTML that must come out of every page as text (the importer already strips
angle brackets from names, so a job title and the owner's name carry the
``<script>`` tag).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from goodword.config import Settings
from goodword.service import Service
from tests.linkedin_exports import EXPORT_2025, copy_export, zip_folder

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about its httpx test client
    from fastapi.testclient import TestClient

from goodword.web import create_app

HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_ORG = "<img src=x onerror=alert(2)>"
HOSTILE_SUBJECT = "<svg onload=alert(3)>"
HOSTILE_TITLE = "<b>Chief</b>"
HOSTILE_URL = "https://www.linkedin.com/in/hostile-0000"
OWNER_URL = "https://www.linkedin.com/in/sam-rivera-0a1b2c3d"
LOCAL = "http://127.0.0.1"  # the app answers loopback names only, not the test client's default


def hostile_export(destination: Path) -> Path:
    """The fixture export, zipped, with a contact whose every field is HTML."""
    folder = copy_export(destination / "export")
    connections = folder / "Connections.csv"
    connections.write_text(
        connections.read_text(encoding="utf-8").rstrip("\n")
        + f'\n"{HOSTILE_NAME}",Mallory,{HOSTILE_URL},,"{HOSTILE_ORG}",{HOSTILE_TITLE},01 Jan 2021\n',
        encoding="utf-8",
    )
    messages = folder / "messages.csv"
    messages.write_text(
        messages.read_text(encoding="utf-8").rstrip("\n")
        + f"\nhostile-1,,Sam Rivera,{OWNER_URL},{HOSTILE_NAME} Mallory,{HOSTILE_URL},"
        f'2024-02-01 10:00:00 UTC,"{HOSTILE_SUBJECT}",hello,INBOX,No,No\n'
        + f"hostile-1,,{HOSTILE_NAME} Mallory,{HOSTILE_URL},Sam Rivera,{OWNER_URL},"
        f"2024-02-01 12:00:00 UTC,,hi,INBOX,No,No\n",
        encoding="utf-8",
    )
    return zip_folder(folder, destination)


@pytest.fixture
def seeded(db_url: str, tmp_path: Path) -> Iterator[Service]:
    """A service on each backend holding the hostile fixture export and one job."""
    service = Service(Settings(home=tmp_path / "home", database_url=db_url))
    service.import_path(hostile_export(tmp_path))
    service.add_job(
        title="Data Lead",
        organization="Fabrikam",
        description="Lead the data team: churn models, analytics, mentoring.",
        needs="2 references",
    )
    service.add_job(title=HOSTILE_NAME, organization=HOSTILE_ORG)
    yield service
    service.close()


@pytest.fixture
def client(seeded: Service) -> Iterator[TestClient]:
    """A test client over the seeded service (cookies kept between requests)."""
    with TestClient(create_app(seeded), base_url=LOCAL) as test_client:
        yield test_client


def token(client: TestClient) -> str:
    """This client's CSRF token (the session cookie comes with it)."""
    return str(client.get("/api/csrf").json()["token"])


__all__ = ["EXPORT_2025", "LOCAL", "TestClient", "hostile_export", "token"]
