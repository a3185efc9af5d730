"""Who a row means: namesakes told apart by organisation, on SQLite and PostgreSQL.

Two connections called Chris Lee hold different profiles, one at Initech and
one at Umbrella Corp; a recommendation names only "Chris Lee" and a company.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from goodword.service import Service
from goodword.store import models as m
from tests.linkedin_exports import copy_export

HEADER = "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\n"


CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def recommended(
    service: Service, tmp_path: Path, company: str, employers: tuple[str, str] | None = None
) -> tuple[list[str], list[str]]:
    """Import the export with one recommendation from Chris Lee at ``company``.

    ``employers`` replaces the export's connections with two Chris Lees working there.
    Returns the organisations of the Chris Lee it went to, and the import's problem codes.
    """
    row = f'Chris,Lee,{company},VP Engineering,"Sam was reliable.","06/01/19, 10:00 AM",VISIBLE\n'
    replace = {"Recommendations_Received.csv": (HEADER + row).encode()}
    if employers is not None:
        replace["Connections.csv"] = (
            CONNECTIONS
            + "".join(
                f"Chris,Lee,https://www.linkedin.com/in/chris-lee-{n},,{employer},VP,10 Oct 2017\n"
                for n, employer in enumerate(employers)
            )
        ).encode()
    export = copy_export(tmp_path / "export", dict(replace))
    service.import_path(export)
    with service.store.session() as session:
        where = session.scalars(
            select(m.Organization.name)
            .join(m.Person, m.Person.organization_id == m.Organization.id)
            .join(m.Recommendation, m.Recommendation.person_id == m.Person.id)
            .where(m.Person.display_name == "Chris Lee")
        ).all()
        codes = session.scalars(select(m.ImportIssue.code)).all()
    return list(where), list(codes)


def test_a_longer_name_of_one_namesake_s_employer_finds_that_namesake(
    service: Service, tmp_path: Path
) -> None:
    # "Initech Software" and "Initech" are one organisation (goodword.identity.organisation);
    # the resolver once asked for near-identical spellings and left this row out as ambiguous.
    where, codes = recommended(service, tmp_path, "Initech Software")
    assert where == ["Initech"]
    assert "ambiguous-name" not in codes


def test_an_employer_neither_namesake_has_leaves_the_row_out(
    service: Service, tmp_path: Path
) -> None:
    where, codes = recommended(service, tmp_path, "Globex")
    assert where == []
    assert "ambiguous-name" in codes


def test_namesakes_at_alike_employers_go_by_the_very_same_one(
    service: Service, tmp_path: Path
) -> None:
    where, codes = recommended(service, tmp_path, "Initech", ("Initech Software", "Initech"))
    assert where == ["Initech"]
    assert "ambiguous-name" not in codes


def test_the_resolver_the_loader_and_the_matcher_import_in_one_direction() -> None:
    # load uses resolve and matching; resolve and matching use neither load nor each other
    # (the matcher tells the loader of a merge through a callback).
    from tests.identity.test_package import imported

    store = Path(m.__file__).parent
    assert "goodword.store.load" not in imported(store / "resolve.py")
    assert "goodword.store.matching" not in imported(store / "resolve.py")
    assert "goodword.store.load" not in imported(store / "matching.py")
    assert "goodword.store.resolve" not in imported(store / "matching.py")
