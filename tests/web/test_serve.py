"""``goodword serve``: where it may listen, the password, and a clear word without the extra."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from goodword.cli.app import app as cli
from goodword.config import Settings
from goodword.errors import InvalidInput
from goodword.service import Service
from goodword.web import create_app
from goodword.web.security import check_bind
from goodword.web.server import read_password, running
from tests.web.conftest import LOCAL, TestClient


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_needs_nothing(host: str) -> None:
    check_bind(host, allow_remote=False, password=None)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "example.org"])
def test_other_addresses_need_the_flag_and_a_password(host: str) -> None:
    with pytest.raises(InvalidInput, match="--allow-remote"):
        check_bind(host, allow_remote=False, password="secret")
    with pytest.raises(InvalidInput, match="needs a password"):
        check_bind(host, allow_remote=True, password=None)
    check_bind(host, allow_remote=True, password="secret")


def test_the_cli_refuses_before_listening(tmp_path: Path) -> None:
    runner = CliRunner()
    refused = runner.invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert refused.exit_code == 2
    assert "--allow-remote" in refused.output
    no_password = runner.invoke(
        cli, ["serve", "--host", "0.0.0.0", "--allow-remote"], env={"GOODWORD_WEB_PASSWORD": ""}
    )
    assert no_password.exit_code == 2
    assert "needs a password" in no_password.output
    empty = tmp_path / "password"
    empty.write_text("\n")
    blank = runner.invoke(
        cli, ["serve", "--host", "0.0.0.0", "--allow-remote", "--password-file", str(empty)]
    )
    assert blank.exit_code == 2
    assert "is empty" in blank.output


def test_the_password_comes_from_a_file_or_the_environment(tmp_path: Path) -> None:
    file = tmp_path / "password"
    file.write_text("s3cret\nignored\n")
    assert read_password(file, "from-env") == "s3cret"
    assert read_password(None, "from-env") == "from-env"
    assert read_password(None, "") is None
    with pytest.raises(InvalidInput, match="password-file"):
        read_password(tmp_path / "missing", None)


def test_a_password_guards_every_page_and_the_api(tmp_path: Path) -> None:
    service = Service(Settings(home=tmp_path / "home"))
    guarded = TestClient(create_app(service, password="s3cret"), base_url=LOCAL)
    for path in ("/", "/people", "/api/people", "/openapi.json"):
        answer = guarded.get(path)
        assert answer.status_code == 401, path
        assert answer.headers["www-authenticate"].startswith("Basic")
    assert guarded.get("/healthz").status_code == 200
    wrong = "Basic " + base64.b64encode(b"me:guess").decode()
    assert guarded.get("/", headers={"Authorization": wrong}).status_code == 401
    assert guarded.get("/", auth=("me", "s3cret")).status_code == 200
    assert guarded.get("/api/settings", auth=("me", "s3cret")).json()["server"]["password"]
    service.close()


def test_a_real_server_answers_on_loopback(tmp_path: Path) -> None:
    import httpx

    service = Service(Settings(home=tmp_path / "home"))
    with running(service) as base:
        assert base.startswith("http://127.0.0.1:")
        assert httpx.get(f"{base}/healthz").json() == {"ok": True}
        assert httpx.get(f"{base}/api/people").json()["total"] == 0
    service.close()


def test_without_the_web_extra_serve_says_how_to_install_it() -> None:
    # The web extra missing: make its packages unimportable, then run the command.
    code = (
        "import sys; sys.modules['fastapi'] = None; sys.modules['uvicorn'] = None\n"
        "from goodword.cli.app import main; sys.argv = ['goodword', 'serve']; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ)
    )
    assert result.returncode == 2
    assert "pip install 'goodword[web]'" in result.stderr
    assert "Traceback" not in result.stderr
