"""The demo carries the traps real networks have, and its people answer as their tie says.

These pin the generator's truth (who is a stranger at the employer, who is the
owner's second account, ...) and what the export and workspace files show of
it; they say nothing of how goodword scores those people.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from goodword.demo import Network, build_network, export_as_of, old_export_date, render_export
from goodword.demo.names import ORGANIZATIONS
from goodword.demo.traps import find_traps
from goodword.demo.workspace import calendar_text, mbox_text, work_address
from goodword.service import run_demo


def connections(files: dict[str, bytes]) -> list[dict[str, str]]:
    text = files["Connections.csv"].decode("utf-8")
    start = text.index("First Name,")
    return list(csv.DictReader(io.StringIO(text[start:], newline="")))


def spellings(company: str) -> set[str]:
    return {company, *dict(ORGANIZATIONS).get(company, ())}


@pytest.fixture(scope="module")
def network() -> Network:
    return build_network()


@pytest.fixture(scope="module")
def big() -> Network:
    return build_network(seed=3, contacts=2000)


# -- a large current employer full of strangers ----------------------------------------


def test_hundreds_of_strangers_at_the_current_employer_with_executives(network: Network) -> None:
    current = network.owner.positions[-1].company
    traps = find_traps(network)
    by_index = {c.index: c for c in network.contacts}
    coworkers = [by_index[i] for i in traps.coworkers]
    assert len(coworkers) == 90  # 30 % of 300
    assert len(find_traps(build_network(seed=7, contacts=700)).coworkers) == 210
    assert all(c.company in spellings(current) and c.worked_at is None for c in coworkers)
    titles = {c.position for c in coworkers}
    assert {"Chief People Officer", "Chief Executive Officer", "SVP, Global Sales"} <= titles
    assert {"Senior Software Engineer", "Key Account Manager"} <= titles
    assert len(traps.executives) >= 5
    assert all(by_index[i].seniority == "executive" for i in traps.executives)
    # The export shows them as connections at the owner's employer, like anyone who works there.
    rows = connections(render_export(network))
    at_employer = [r for r in rows if r["Company"] in spellings(current)]
    assert len(at_employer) > len(coworkers)  # the real colleagues who stayed are there too
    assert any(r["Position"] == "Chief People Officer" for r in at_employer)


def test_nobody_at_the_employer_but_real_colleagues_was_ever_written_to_or_met(
    network: Network,
) -> None:
    coworkers = {c.index for c in network.contacts if c.role == "coworker"}
    talked = {
        p.contact for conv in network.conversations if not conv.is_draft for p in conv.participants
    }
    assert not coworkers & talked
    mail, calendar = mbox_text(network), calendar_text(network)
    for c in network.contacts:
        if c.role == "coworker":
            address = work_address(c, c.company)
            assert address not in mail and address not in calendar
    # ... and none of them managed the owner: the only managers are those who did.
    managers = [c for c in network.contacts if c.role == "manager"]
    assert all(c.worked_at and c.overlap for c in managers)


# -- the owner's own second account ------------------------------------------------------


def test_the_owner_has_a_second_account_under_exactly_their_name(network: Network) -> None:
    owner = network.owner
    traps = find_traps(network)
    assert traps.second_account is not None
    own = next(c for c in network.contacts if c.index == traps.second_account)
    assert own.role == "self"
    assert (own.first_name, own.last_name) == (owner.first, owner.last)
    assert own.slug != owner.slug
    assert (own.company, own.position) == (owner.positions[0].company, owner.positions[0].title)
    rows = connections(render_export(network))
    named = [r for r in rows if (r["First Name"], r["Last Name"]) == (owner.first, owner.last)]
    assert [r["URL"] for r in named] == [f"https://www.linkedin.com/in/{own.slug}"]
    assert own.index not in {p.contact for conv in network.conversations for p in conv.participants}


def test_the_owner_mails_themselves_from_an_address_the_export_does_not_list(
    network: Network,
) -> None:
    owner = network.owner
    [other] = owner.other_emails
    assert other not in owner.emails
    listed = render_export(network)["Email Addresses.csv"].decode("utf-8")
    assert other not in listed
    mail = mbox_text(network)
    assert mail.count(f"From: {owner.full_name} <{other}>\n") == 3
    assert f"To: {owner.full_name} <{owner.emails[0]}>" in mail


# -- namesakes and an endorsement burst ---------------------------------------------------


def test_two_different_people_share_a_name_at_different_organisations(network: Network) -> None:
    by_index = {c.index: c for c in network.contacts}
    planted = [
        group
        for group in find_traps(network).namesakes
        if {by_index[i].role for i in group} >= {"peer"}
        and {by_index[i].role for i in group} & {"acquaintance", "recruiter"}
    ]
    # The planted pair is the only one: chance namesakes are redrawn, as real networks hold few.
    assert planted == list(find_traps(network).namesakes) and len(planted) == 1
    for group in planted:
        people = [by_index[i] for i in group]
        assert len({c.slug for c in people}) == len(people)
        assert len({c.company for c in people}) == len(people)
    # Every network of a fair size has one, whatever the seed.
    for seed in (1, 2, 3):
        assert find_traps(build_network(seed=seed, contacts=60)).namesakes


def test_an_acquaintance_never_written_to_endorses_22_skills_in_one_day(network: Network) -> None:
    burst = find_traps(network).burst
    assert burst is not None
    who, count = burst
    assert count == 22
    mine = [e for e in network.endorsements_received if e.contact == who]
    assert len(mine) == 22 and len({e.skill for e in mine}) == 22
    assert max(e.endorsed_at for e in mine) - min(e.endorsed_at for e in mine) < timedelta(days=1)
    contact = next(c for c in network.contacts if c.index == who)
    assert contact.role == "acquaintance"
    assert who not in {p.contact for conv in network.conversations for p in conv.participants}
    assert len(network.owner.skills) == 24
    # Nobody else endorses more than a handful at once.
    per_person: dict[int, int] = defaultdict(int)
    for e in network.endorsements_received:
        per_person[e.contact] += 1
    assert sorted(per_person.values())[-2] <= 4


# -- an export two years old, and a profile-only export ----------------------------------


def test_an_export_two_years_old_shows_the_network_as_it_was(network: Network) -> None:
    day = old_export_date(network)
    assert day == date(2024, 12, 1)
    old = export_as_of(network, day)
    assert old.export_date == day
    assert 0 < len(old.contacts) < len(network.contacts)
    assert all(c.connected_on < day for c in old.contacts)
    assert all(m.sent_at.date() < day for conv in old.conversations for m in conv.messages)
    assert all(e.endorsed_at.date() < day for e in old.endorsements_received)
    assert old.owner.positions[-1].end is None
    assert all(p.start < (day.year, day.month) for p in old.owner.positions)
    # The same people, by the same profile URLs, so the two exports join up.
    current = {c.index: c.slug for c in network.contacts}
    assert all(current[c.index] == c.slug for c in old.contacts)
    # A colleague who left after the old export still shows the old employer in it.
    moved = [
        c
        for c in old.contacts
        if c.worked_at and c.overlap_end and c.overlap_end >= day and c.role != "coworker"
    ]
    assert moved and all(c.company == c.worked_at for c in moved)
    files = render_export(old)
    assert len(connections(files)) == len(old.contacts)


def test_an_old_export_cannot_be_dated_after_the_current_one(network: Network) -> None:
    with pytest.raises(ValueError, match="before 2026-10-01"):
        export_as_of(network, date(2027, 1, 1))


def test_a_profile_only_export_holds_the_profile_files_and_nothing_else(network: Network) -> None:
    files = render_export(network, profile_only=True)
    assert sorted(files) == [
        "Education.csv",
        "Email Addresses.csv",
        "Positions.csv",
        "Profile.csv",
        "Skills.csv",
    ]
    assert files["Positions.csv"] == render_export(network)["Positions.csv"]


@pytest.mark.parametrize(
    ("flavour", "exports", "dates"),
    [
        ("full", 2, [date(2024, 12, 1), date(2026, 10, 1)]),
        ("old-export", 1, [date(2024, 12, 1)]),
        ("profile-only", 1, [date(2026, 10, 1)]),
    ],
)
def test_each_demo_flavour_imports_its_exports(
    flavour: str, exports: int, dates: list[date], tmp_path: Path
) -> None:
    result = run_demo(contacts=40, flavour=flavour, keep=tmp_path)
    imported = [*result.earlier, result.summary]
    assert len(imported) == exports
    assert [s.export_date for s in imported] == dates
    kinds = {f.kind for f in result.summary.files if f.used}
    assert ("connections" in kinds) == (flavour != "profile-only")
    assert result.flavour == flavour
    assert len(result.more) == 3  # mail, calendar, address book in every flavour


def test_an_unknown_flavour_names_the_known_ones() -> None:
    from goodword.errors import InvalidInput

    with pytest.raises(InvalidInput, match="full, old-export, profile-only"):
        run_demo(contacts=40, flavour="ancient")


# -- responsiveness follows the tie -------------------------------------------------------


def test_close_active_ties_answer_more_and_faster_than_strangers_at_the_same_employer(
    big: Network,
) -> None:
    current = big.owner.positions[-1].company
    last = big.export_date - timedelta(days=1)
    close = [
        c for c in big.contacts if c.worked_at == current and c.overlap_end == last and not c.ghost
    ]
    strangers = [c for c in big.contacts if c.role == "coworker"]
    assert len(close) >= 50 and len(strangers) == 600
    p_close = statistics.mean(c.reply_prob for c in close)
    p_strangers = statistics.mean(c.reply_prob for c in strangers)
    assert p_close > p_strangers + 0.35, (p_close, p_strangers)
    hours = statistics.median(c.median_reply_hours for c in close)
    assert hours * 4 < statistics.median(c.median_reply_hours for c in strangers)
    assert statistics.mean(c.closeness for c in close) > 0.5
    assert statistics.mean(c.closeness for c in strangers) < 0.15


def test_busy_senior_strangers_rarely_answer_but_senior_managers_do(big: Network) -> None:
    def mean_p(role: str) -> float:
        people = [c for c in big.contacts if c.role == role and c.seniority == "executive"]
        assert len(people) >= 15, role
        return statistics.mean(c.reply_prob for c in people)

    assert mean_p("coworker") < 0.25
    assert mean_p("manager") > 0.55
    ic = [c.reply_prob for c in big.contacts if c.role == "coworker" and c.seniority == "ic"]
    assert mean_p("coworker") < statistics.mean(ic)


def test_who_writes_first_most_answers_most(big: Network) -> None:
    """In the generated threads, people who write unprompted also answer more of the owner's asks.

    Recruiters are left out: their cold outreach is writing first of another kind.
    """
    recruiters = {c.index for c in big.contacts if c.role == "recruiter"}
    # The truth: the share of exchanges someone opens rises with their reply chance.
    others = [c for c in big.contacts if c.index not in recruiters and c.role != "self"]
    assert (
        statistics.correlation([c.writes_first for c in others], [c.reply_prob for c in others])
        > 0.6
    )
    # What the threads show: unprompted messages (after three quiet weeks) and answered asks.
    unprompted: dict[int, int] = defaultdict(int)
    answered: dict[int, list[bool]] = defaultdict(list)
    for conv in big.conversations:
        who = conv.participants[0].contact
        if conv.kind != "direct" or who is None or who in recruiters:
            continue
        sent = [m for m in conv.messages if not m.draft]
        for i, m in enumerate(sent):
            if i > 0 and sent[i - 1].sender.is_owner == m.sender.is_owner:
                continue  # only the first of a run opens or answers
            quiet = i == 0 or m.sent_at - sent[i - 1].sent_at > timedelta(days=21)
            if not m.sender.is_owner and quiet:
                unprompted[who] += 1
            if m.sender.is_owner:
                answered[who].append(i + 1 < len(sent) and not sent[i + 1].sender.is_owner)
    never = [statistics.mean(a) for w, a in answered.items() if a and unprompted[w] == 0]
    often = [statistics.mean(a) for w, a in answered.items() if a and unprompted[w] >= 2]
    assert len(never) >= 100 and len(often) >= 40, (len(never), len(often))
    assert statistics.mean(often) > statistics.mean(never) + 0.15
    # Closer ties also write more: more exchanges in the closest third than in the farthest.
    by_index = {c.index: c for c in big.contacts}
    people = sorted(answered, key=lambda w: by_index[w].closeness)
    third = len(people) // 3

    def volume(group: list[int]) -> float:
        return statistics.mean(len(answered[w]) + unprompted[w] for w in group)

    assert volume(people[-third:]) > volume(people[:third])
