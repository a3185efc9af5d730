"""Point 6: after "no" in the honest conversation, draft, prep, sheet and ask refuse."""

from __future__ import annotations

from goodword.service import Service
from tests.scenarios.conftest import Cli, DemoHome, slate_people


def test_a_no_is_respected_by_every_command_until_anyway(
    full_home: DemoHome, service_on: Service, full_cli: Cli, changing: None
) -> None:
    # A runner-up of the demo's slate: someone the user would plausibly ask.
    runner = full_home.slate.as_dict()["runners_up"][-1]
    who, job = str(runner["id"]), str(full_home.job_id)
    full_cli.ok("vet", who, "--willing", "no", "--concerns", "too long ago", "--on", "2026-09-20")
    for command in (
        ("draft", "ask", job, who),
        ("prep", job, who),
        ("sheet", job, who),
        ("ask", job, who),
    ):
        said = full_cli.refused(*command)
        assert "said no in the honest conversation on 2026-09-20" in said, said
        assert "--anyway" in said
        full_cli.ok(*command, "--anyway")
    slate = service_on.suggest(job, as_of=full_home.day).as_dict()
    assert runner["id"] not in {p["id"] for p in slate["picks"]}
    assert "said no" in full_cli.ok("person", who)
    assert "too long ago" in full_cli.ok("person", who)
    shown = [p for p in slate_people(slate) if p["id"] == runner["id"]]
    assert all("said no" in " ".join(p["flags"]) for p in shown), shown
