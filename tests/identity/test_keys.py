"""Stable keys: an identity's key, a person's key, and identities typed by the user."""

from __future__ import annotations

import pytest

from goodword.identity.keys import (
    KEY_ORDER,
    identity_key,
    name_key_of,
    parse_identity,
    person_key,
    ranked,
)


def test_an_identity_key_is_its_kind_and_value() -> None:
    assert identity_key("email", "ann@acme.com") == "email:ann@acme.com"


def test_a_person_is_known_by_their_surest_identity() -> None:
    identities = [
        ("phone", "+15550102000"),
        ("email", "ann@z.example"),
        ("email", "ann@acme.com"),
        ("linkedin", "linkedin.com/in/ann-lee"),
    ]
    assert person_key(identities, "ann lee", "acme") == "linkedin:linkedin.com/in/ann-lee"
    assert person_key(identities[:3], "ann lee", "acme") == "email:ann@acme.com"


def test_a_urn_outranks_a_phone_number() -> None:
    # A URN is LinkedIn's number for one member; a phone may be a switchboard. The stored
    # decisions once ranked a phone first here, while the natural keys of rows ranked the URN.
    identities = [("phone", "+15550102000"), ("urn", "urn:li:member:42")]
    assert person_key(identities, "ann lee") == "urn:urn:li:member:42"
    assert [kind for kind, _ in ranked(identities)] == ["urn", "phone"]


def test_someone_with_no_identity_is_known_by_name_and_organisation() -> None:
    assert person_key([], "ann lee", "acme") == "name:ann lee@acme"
    assert person_key([], "ann lee") == "name:ann lee@"
    assert name_key_of("ann lee", "#7") == "name:ann lee@#7"


def test_every_kind_of_identity_has_a_rank() -> None:
    assert set(KEY_ORDER) == {"linkedin", "email", "urn", "phone"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email:Ann@Acme.com", ("email", "ann@acme.com")),
        ("Ann@Acme.com", ("email", "ann@acme.com")),
        ("https://www.linkedin.com/in/ann-lee/", ("linkedin", "linkedin.com/in/ann-lee")),
        ("linkedin:linkedin.com/in/ann-lee", ("linkedin", "linkedin.com/in/ann-lee")),
        ("phone:+1 (555) 010-2000", ("phone", "+15550102000")),
        ("urn:urn:li:member:42", ("urn", "urn:li:member:42")),
    ],
)
def test_an_identity_typed_by_the_user_is_normalised(text: str, expected: tuple[str, str]) -> None:
    assert parse_identity(text) == expected


@pytest.mark.parametrize("text", ["ann", "phone:12", "https://example.com/ann"])
def test_text_that_holds_no_identity_is_refused_by_name(text: str) -> None:
    with pytest.raises(ValueError, match="^" + text.replace("+", r"\+") + "$"):
        parse_identity(text)
