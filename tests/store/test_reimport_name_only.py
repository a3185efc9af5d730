"""People known by name and organisation alone come back as themselves on every re-import.

An older LinkedIn export has no profile URLs, and a contact may share no
address: all a Connections row says is a name, an organisation and a title.
Each such row keeps a key of its own (the file, the name, the organisation
and which of that file's rows with the same name and organisation it is), so
re-importing the same export or a newer one finds the person the row meant
before, even after two rows' people were merged, and never asks again which
of two namesakes a row means. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from goodword.identity import keys
from goodword.service import Service
from goodword.store import models as m

HEADER = "First Name,Last Name,Email Address,Company,Position,Connected On\n"
ROWS = [
    # The same name at the same organisation, twice: one human listed twice, or two.
    'Ann,Lee,,Globex,Analyst,"1/8/18, 6:14 PM"\n',
    'Ann,Lee,,Globex,Engineer,"3/2/18, 9:00 AM"\n',
    # Namesakes with no organisation at all.
    'Cy,Dee,,,,"2/2/17, 8:00 AM"\n',
    'Cy,Dee,,,,"5/5/17, 8:00 AM"\n',
    'Bo,Ek,,Initech,Engineer,"12/24/17, 11:02 AM"\n',
]


def export(folder: Path, rows: list[str]) -> Path:
    folder.mkdir(parents=True)
    (folder / "Connections.csv").write_text(HEADER + "".join(rows), encoding="utf-8")
    return folder


def people(service: Service) -> int:
    with service.store.session() as session:
        return int(session.scalar(select(func.count()).select_from(m.Person)) or 0)


def test_a_second_import_of_the_same_export_adds_nobody_and_asks_nothing(
    service: Service, tmp_path: Path
) -> None:
    folder = export(tmp_path / "export", ROWS)
    first = service.import_path(folder)
    assert first.people_added >= 3
    held = people(service)
    for _ in range(3):
        again = service.import_path(folder)
        assert again.people_added == 0
        assert [p["code"] for p in again.problems] == []
        assert people(service) == held


def test_a_newer_export_adds_only_the_new_row(service: Service, tmp_path: Path) -> None:
    service.import_path(export(tmp_path / "old", ROWS))
    held = people(service)
    # A year on: rows in another order, one contact more, someone's title changed.
    newer = [ROWS[3], ROWS[2], ROWS[4], ROWS[0], ROWS[1].replace("Engineer", "Lead")]
    newer.append('Di,Fox,,Hooli,Designer,"4/4/19, 9:00 AM"\n')
    summary = service.import_path(export(tmp_path / "new", newer))
    assert summary.people_added == 1
    assert [p["code"] for p in summary.problems] == []
    assert people(service) == held + 1


def test_a_row_key_is_the_same_for_the_same_row_and_apart_for_the_next_namesake() -> None:
    one = keys.row_key("Connections.csv", "ann lee", "globex", 1)
    assert one == keys.row_key("export/Connections.csv", "ann lee", "globex", 1)
    assert one.startswith("connections.csv:")
    assert one != keys.row_key("Connections.csv", "ann lee", "globex", 2)
    assert one != keys.row_key("Connections.csv", "ann lee", "initech", 1)
    # A row key never stands for the person: their name and organisation still do.
    assert keys.person_key([(keys.ROW, one)], "ann lee", "globex") == "name:ann lee@globex"
