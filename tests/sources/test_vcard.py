"""The vCard tokenizer: lines, escapes and structured values, before any card means anything."""

from __future__ import annotations

from goodword.sources.vcard import components, logical_lines, unescape


def test_a_qp_soft_break_never_swallows_end_vcard() -> None:
    data = b"BEGIN:VCARD\nNOTE;ENCODING=QUOTED-PRINTABLE:bad ending=\nEND:VCARD\n"
    assert [line for _, line in logical_lines(data)] == [
        b"BEGIN:VCARD",
        b"NOTE;ENCODING=QUOTED-PRINTABLE:bad ending=",
        b"END:VCARD",
    ]


def test_unescape_and_components() -> None:
    assert unescape(r"Ikeja\, Lagos\nNigeria \: yes \\ \q") == "Ikeja, Lagos\nNigeria : yes \\ \\q"
    assert components(r"Globex\, Inc.;Research\;Labs;") == ["Globex, Inc.", "Research;Labs", ""]
    assert components(r"Jean,Paul\,Jr", ",") == ["Jean", "Paul,Jr"]
