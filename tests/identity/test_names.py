"""Name similarity: names alike enough to weigh, and addresses or profiles that spell a name."""

from __future__ import annotations

import pytest

from goodword.identity.names import (
    NAME_SIMILARITY,
    address_name,
    close_names,
    profile_name,
    similarity,
    spells_name,
)
from goodword.identity.normalise import name_key


def test_word_order_does_not_make_two_names() -> None:
    assert similarity(name_key("Ana Ruiz"), name_key("Ruiz, Ana")) == 100


def test_a_typo_is_close_and_another_first_name_is_not() -> None:
    assert similarity("lena okafor", "lena okafro") >= NAME_SIMILARITY
    assert similarity("lena okafor", "tunde okafor") < NAME_SIMILARITY


def test_close_names_gives_the_positions_of_the_alike_most_alike_first() -> None:
    keys = ["tunde okafor", "lena okafro", "lena okafor"]
    found = close_names("lena okafor", keys)
    assert [position for position, _ in found] == [2, 1]
    assert found[0][1] == 100


@pytest.mark.parametrize(
    "address",
    ["lena.okafor@acme.com", "okafor_lena@acme.com", "lenaokafor@acme.com", "lokafor@acme.com"],
)
def test_an_address_that_spells_the_name(address: str) -> None:
    assert spells_name(address, "lena okafor")


@pytest.mark.parametrize(
    ("address", "name"),
    [("info@acme.com", "lena okafor"), ("lena@acme.com", "lena okafor"), ("lena@acme.com", "lena")],
)
def test_an_address_that_does_not_spell_the_name(address: str, name: str) -> None:
    assert not spells_name(address, name)


def test_the_name_an_address_is_made_of() -> None:
    assert address_name("Sam.Rivera+jobs@x.example") == "samrivera"
    assert address_name("jo@x.example") == ""  # too short to say whose it is


def test_the_name_part_of_a_profile() -> None:
    assert profile_name("linkedin.com/in/sam-rivera-0a1b2c3d") == "sam-rivera"
    assert profile_name("linkedin.com/in/sam-rivera") == "sam-rivera"
    assert profile_name("linkedin.com/in/jo-9") == ""
    assert profile_name("linkedin.com/pub/sam-rivera/1/2/3") == ""
