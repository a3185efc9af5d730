"""Organisation sameness: one rule for "the same organisation", and the ``--org`` name match."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goodword.identity.normalise import org_key
from goodword.identity.organisation import mail_domain_key, org_name_matches, same_organisation


@pytest.mark.parametrize(
    ("name", "domain"),
    [("northwind labs", "northwindlabs"), ("orchard and vine", "orchardvine"), ("acme", "acme")],
)
def test_an_organisation_and_the_domain_that_spells_it_are_one(name: str, domain: str) -> None:
    assert same_organisation(name, domain)
    assert not same_organisation(name, "initech")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acme Analytics", "Acme Analytics Group"),  # every word of one in the other
        ("Globex LLC", "Globx"),  # a typo
        ("The Orchard & Vine Co.", "orchard and vine"),  # what org_key folds
        ("Northwind Labs", "NorthwindLabs"),  # a name as a domain spells it
    ],
)
def test_two_spellings_of_one_organisation_are_the_same(a: str, b: str) -> None:
    assert same_organisation(org_key(a), org_key(b))
    assert same_organisation(org_key(b), org_key(a))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Initech", "Initrode"),
        ("Globex", "Umbrella Corp"),
        ("Northwind", "Northwend"),  # one letter in nine: not alike enough
    ],
)
def test_different_organisations_are_not_the_same(a: str, b: str) -> None:
    assert not same_organisation(org_key(a), org_key(b))


@pytest.mark.parametrize(("a", "b"), [("", ""), ("", "acme"), ("acme", "")])
def test_an_unknown_organisation_is_nobody_s(a: str, b: str) -> None:
    assert not same_organisation(a, b)


@given(st.text(min_size=1, max_size=30))
def test_every_named_organisation_is_itself_and_the_rule_is_symmetric(name: str) -> None:
    key = org_key(name)
    other = org_key(name + " research")
    assert same_organisation(key, key) is bool(key)
    assert same_organisation(key, other) is same_organisation(other, key)


def test_work_domains_name_the_organisation_and_free_mail_names_none() -> None:
    assert mail_domain_key("ann@mail.acme.co.uk") == "acme"
    assert mail_domain_key("ann@globex.com") == "globex"
    assert mail_domain_key("ann@gmail.com") == ""


@pytest.mark.parametrize(
    ("wanted", "name", "matches"),
    [
        ("Globex", "Globex LLC", True),
        ("Globex", "Globex Research", True),
        ("Globx", "Globex", True),
        ("Uber", "U", False),
        ("U", "Uber", False),
        ("Uber", "Bank of Uber", False),
        ("Data", "Databricks", False),
        ("Globex Research", "Globex", False),
        ("", "Globex", False),
    ],
)
def test_org_names_match_as_names_never_as_substrings(
    wanted: str, name: str, matches: bool
) -> None:
    found = org_name_matches(org_key(wanted), org_key(name))
    assert found is matches
