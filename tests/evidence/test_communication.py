"""Communication scenarios: will they answer within 14 days, and how fast."""

from __future__ import annotations

import json
import math
import re
from datetime import timedelta

import pytest

from goodword.evidence import communication
from goodword.evidence.communication import (
    FEATURES,
    Prior,
    Weights,
    examples,
    features,
    fit,
    network_prior,
    shipped,
)
from goodword.evidence.threads import exchanges
from tests.factories import AS_OF, SELF_ID, NetworkBuilder, days_ago, network


def _chance(net: NetworkBuilder, person: int) -> float:
    value = net.assess()[person].communication.value
    assert value is not None
    return value


def test_one_reply_out_of_one_does_not_beat_45_out_of_50() -> None:
    net = network()
    lucky = net.person("Lucky One")
    net.conversation(lucky, asks=1, replies=1)
    steady = net.person("Steady Responder")
    net.conversation(steady, asks=50, replies=45, every_days=5)
    scores = net.assess()
    assert scores[steady].communication.value > scores[lucky].communication.value  # type: ignore[operator]
    assert scores[steady].communication.confidence > scores[lucky].communication.confidence


def test_two_of_two_never_scores_below_none_of_one() -> None:
    net = network()
    good = net.person("Two of two")
    net.conversation(good, asks=2, replies=2)
    bad = net.person("None of one")
    net.conversation(bad, asks=1, replies=0)
    assert _chance(net, good) > _chance(net, bad)


def test_silence_scores_low_and_says_so() -> None:
    net = network()
    silent = net.person("Silent")
    net.conversation(silent, asks=8, replies=0)
    score = net.assess()[silent].communication
    assert score.value is not None and score.value < 0.35
    assert score.details["asked"] == 8 and score.details["replied"] == 0
    assert "answered 0 of your 8 direct messages within 14 days" in score.why


def test_the_why_leads_with_what_moved_the_chance_and_states_speed() -> None:
    net = network()
    zoe = net.person("Zoë")
    net.conversation(zoe, asks=6, replies=5, reply_hours=4)
    for month in range(1, 13):  # she also writes to you unprompted, about monthly
        net.message(zoe, [SELF_ID], days_ago(30 * month + 3), f"hers-{month}")
    score = net.assess()[zoe].communication
    assert "answered 5 of your 6 direct messages within 14 days, median 4.0 h" in score.why
    assert "about monthly" in score.why
    drivers = score.details["drivers"]
    assert 1 <= len(drivers) <= 3
    assert all(d["text"] in score.why for d in drivers)
    assert score.details["probability"] == round(score.value or 0, 3)
    assert score.why.startswith(f"{score.value:.0%} chance of an answer within 14 days")


def test_never_exchanged_is_unknown_not_zero() -> None:
    net = network()
    stranger = net.person("Stranger")
    score = net.assess()[stranger].communication
    assert score.value is None
    assert score.confidence == 0
    assert "no message either way" in score.why


def test_someone_who_only_wrote_to_you_is_scored_and_never_told_you_never_wrote() -> None:
    """Coverage: a message either way is enough for a score."""
    net = network()
    fan = net.person("Writes to you")
    for k in range(4):
        net.message(fan, [SELF_ID], days_ago(200 - 30 * k), f"fan-{k}")
    score = net.assess()[fan].communication
    assert score.value is not None and score.confidence > 0
    assert score.details["asked"] == 0 and score.details["wrote_to_you"] == 4
    assert "never wrote" not in score.why


def test_you_wrote_to_them_five_times_is_never_you_never_wrote() -> None:
    net = network()
    ana = net.person("Ana")
    net.conversation(ana, asks=5, replies=1)
    score = net.assess()[ana].communication
    assert "you have not written to them" not in score.why
    assert "never wrote to them" not in score.why
    assert score.details["asked"] == 5


def test_seen_only_in_group_threads_is_low_confidence_and_says_so() -> None:
    net = network()
    grp = net.person("Group only")
    others = [net.person(f"Other {k}") for k in range(4)]
    for k in range(3):
        net.message(SELF_ID, [grp, *others], days_ago(100 - k), f"g-{k}")
    score = net.assess()[grp].communication
    assert score.value is not None
    assert score.confidence <= communication.GROUP_ONLY_CONFIDENCE
    assert "seen only in group threads" in score.why


def test_a_message_too_recent_to_judge_is_not_a_miss() -> None:
    net = network()
    new = net.person("New")
    net.message(SELF_ID, [new], days_ago(3), "t")
    score = net.assess()[new].communication
    assert score.details["asked"] == 0 and score.details["replied"] == 0


def test_an_answer_after_14_days_is_no_reply() -> None:
    net = network()
    late = net.person("Late")
    net.message(SELF_ID, [late], days_ago(100), "t")
    net.message(late, [SELF_ID], days_ago(80), "t")
    found = exchanges(net.net.messages, SELF_ID, AS_OF)[late]
    assert [a.replied_at for a in found.asks] == [None]


def _history(net: NetworkBuilder, person: int) -> None:
    net.conversation(person, asks=6, replies=3, every_days=25)
    net.message(person, [SELF_ID], days_ago(400), "x")


def test_no_look_ahead_evidence_after_the_as_of_day_changes_nothing() -> None:
    before = network()
    mia = before.person("Mia")
    _history(before, mia)
    after = network()
    mia2 = after.person("Mia")
    _history(after, mia2)
    # The same history, and then a great deal after the as-of day.
    for k in range(10):
        at = AS_OF + timedelta(days=k + 1)
        after.message(SELF_ID, [mia2], at, f"later-{k}")
        after.message(mia2, [SELF_ID], at + timedelta(hours=1), f"later-{k}")
    a = before.assess()[mia].communication
    b = after.assess()[mia2].communication
    assert (a.value, a.confidence, a.why) == (b.value, b.confidence, b.why)


@pytest.mark.parametrize("channel", ["email", "linkedin_message"])
@pytest.mark.parametrize(("asks", "replies"), [(0, 0), (1, 0), (1, 1), (5, 2), (12, 11), (30, 3)])
def test_one_more_answered_message_never_lowers_and_one_more_ignored_never_raises(
    channel: str, asks: int, replies: int
) -> None:
    """Sanity, for the shipped weights and for weights pushed to the ends of their bounds."""
    kind = "email" if channel == "email" else "linkedin_message"

    def build(extra: str) -> float:
        net = network()
        p = net.person("P")
        for k in range(asks):
            at = days_ago(400 - 12 * k)
            net.message(SELF_ID, [p], at, f"t{k}", kind=kind, subject=f"s{k}")
            if k < replies:
                net.message(
                    p, [SELF_ID], at + timedelta(hours=5), f"t{k}", kind=kind, subject=f"s{k}"
                )
        net.message(p, [SELF_ID], days_ago(500), "hello", kind=kind, subject="hello")
        if extra:
            at = days_ago(60)
            net.message(SELF_ID, [p], at, "extra", kind=kind, subject="extra")
            if extra == "answered":
                net.message(
                    p, [SELF_ID], at + timedelta(hours=5), "extra", kind=kind, subject="extra"
                )
        found = exchanges(net.net.messages, SELF_ID, AS_OF)
        value = communication.score(found[p], prior, AS_OF).value
        assert value is not None
        return value

    for weights in _bounded_models(channel):
        prior = Prior((weights,))
        base = build("")
        assert build("answered") >= base - 1e-12
        assert build("ignored") <= base + 1e-12


def _bounded_models(channel: str) -> list[Weights]:
    """The shipped model and fits pushed hard each way, all within the sign bounds."""
    models = [shipped(channel)]
    for sent in (-3.0, 0.0, 3.0):
        raw = [0.0, *[3.0 * s for s in communication.SIGNS]]
        raw[1 + FEATURES.index("sent")] = sent
        intercept, *w = communication._project(raw)
        models.append(Weights(channel, intercept, tuple(w)))
    return models


def test_the_owners_own_history_moves_the_weights_and_a_thin_one_barely_does() -> None:
    thin = network()
    for k in range(2):
        thin.conversation(thin.person(f"T{k}"), asks=2, replies=1)
    rich = network()
    # Everyone who writes to you answers; nobody else does.
    for k in range(30):
        person = rich.person(f"R{k}")
        start = days_ago(420)
        if k % 2:
            for j in range(3):
                rich.message(person, [SELF_ID], start - timedelta(days=30 * j), f"hi-{k}-{j}")
            rich.conversation(person, asks=8, replies=8, start=start + timedelta(days=5))
        else:
            rich.conversation(person, asks=8, replies=0, start=start + timedelta(days=5))
    thin_prior = network_prior(exchanges(thin.net.messages, SELF_ID, AS_OF), AS_OF)
    rich_prior = network_prior(exchanges(rich.net.messages, SELF_ID, AS_OF), AS_OF)
    default = shipped("linkedin_message")
    thin_model = thin_prior.model("linkedin_message")
    rich_model = rich_prior.model("linkedin_message")
    assert rich_model.rows > thin_model.rows
    thin_shift = max(abs(a - b) for a, b in zip(thin_model.weights, default.weights, strict=True))
    rich_shift = max(abs(a - b) for a, b in zip(rich_model.weights, default.weights, strict=True))
    assert thin_shift < rich_shift


def test_the_fit_learns_a_planted_signal_and_keeps_the_signs() -> None:
    rows = []
    for k in range(400):
        wrote = (k % 7) / 2
        x = tuple(wrote if f == "wrote" else 0.0 for f in FEATURES)
        rows.append((x, (k * 37 % 100) < 15 + 20 * wrote))
    zero = Weights("email", 0.0, (0.0,) * len(FEATURES))
    model = fit(rows, zero, ridge=1.0)
    assert model.weights[FEATURES.index("wrote")] > 0.5
    for weight, sign in zip(model.weights, communication.SIGNS, strict=True):
        assert weight * sign >= 0


def test_examples_read_nothing_after_until() -> None:
    net = network()
    p = net.person("P")
    net.message(p, [SELF_ID], days_ago(300), "a")
    net.conversation(p, asks=10, replies=5, start=days_ago(250), every_days=20)
    found = exchanges(net.net.messages, SELF_ID, AS_OF)
    until = days_ago(100)
    # Asks 250, 230, ... 70 days ago, the first five answered. By ``until`` (100 days ago) the
    # ask of 110 days ago is neither answered nor 14 days old, and the later ones not yet sent.
    rows = examples(found, [days_ago(260)], until)
    assert [answered for _, answered in rows["linkedin_message"]] == [True] * 5 + [False] * 2
    assert rows["email"] == []
    assert features(found[p], days_ago(260))[FEATURES.index("answered")] == 0.0


def test_the_prior_survives_its_json_form() -> None:
    net = network()
    for k in range(6):
        net.conversation(net.person(f"P{k}"), asks=5, replies=k % 5)
    prior = network_prior(exchanges(net.net.messages, SELF_ID, AS_OF), AS_OF)
    again = Prior.from_list(json.loads(json.dumps(prior.as_list())))
    assert again == prior


def test_a_bounce_halves_the_confidence_but_not_the_chance() -> None:
    net = network()
    p = net.person("Bounced")
    net.conversation(p, asks=6, replies=4)
    plain = net.assess()[p].communication
    net.bounce(p, days_ago(10))
    bounced = net.assess()[p].communication
    assert bounced.value == plain.value
    assert bounced.confidence == pytest.approx(plain.confidence * 0.5)


def test_why_counts_match_the_json() -> None:
    net = network()
    people = []
    for k in range(8):
        p = net.person(f"P{k}")
        net.conversation(p, asks=k + 1, replies=k // 2, reply_hours=3 + k)
        people.append(p)
    scores = net.assess()
    for p in people:
        score = scores[p].communication
        said = re.search(r"answered (\d+) of your (\d+) direct message", score.why)
        if said:
            assert (int(said.group(1)), int(said.group(2))) == (
                score.details["replied"],
                score.details["asked"],
            )


def _sent_folder_only(net: NetworkBuilder, sends: dict[int, int]) -> None:
    """A mailbox that kept the owner's sent mail and lost what people sent back."""
    k = 0
    for person, count in sends.items():
        for n in range(count):
            k += 1
            at = days_ago(700 - 9 * k)
            net.message(SELF_ID, [person], at, f"m{k}", kind="email", subject=f"plan {k}")
            if n == 0:  # the one message of theirs that was kept
                net.message(person, [SELF_ID], at + timedelta(hours=3), f"m{k}", kind="email")


def test_an_archive_that_lost_its_received_mail_is_called_one_sided() -> None:
    net = network()
    often, once = net.person("Often"), net.person("Once")
    _sent_folder_only(net, {often: 40, once: 2})
    found = exchanges(net.net.messages, SELF_ID, AS_OF)
    assert communication.one_sided(found, AS_OF) == (("email", 2, 42, 2),)
    assert network_prior(found, AS_OF).one_sided == (("email", 2, 42, 2),)
    # Whole: as many of theirs as of yours.
    whole = network()
    for k in range(6):
        whole.conversation(whole.person(f"P{k}"), asks=5, replies=4)
    found = exchanges(whole.net.messages, SELF_ID, AS_OF)
    assert communication.one_sided(found, AS_OF) == ()
    # Too few messages of yours to tell.
    few = network()
    _sent_folder_only(few, {few.person("A"): 10})
    assert communication.one_sided(exchanges(few.net.messages, SELF_ID, AS_OF), AS_OF) == ()


def test_an_archive_that_kept_their_mail_but_no_answers_is_one_sided() -> None:
    # A mailbox that kept a later year's received mail but lost the answers to the years
    # before: plenty of their messages, and not one of yours answered.
    net = network()
    people = [net.person(f"P{k}") for k in range(6)]
    for k, person in enumerate(people):
        for n in range(5):
            at = days_ago(700 - 20 * k - 3 * n)
            net.message(SELF_ID, [person], at, f"ask{k}", kind="email", subject=f"plan {k}")
        for n in range(4):
            net.message(person, [SELF_ID], days_ago(30 - n), f"news{k}", kind="email",
                        subject=f"news {k}")  # fmt: skip
    found = exchanges(net.net.messages, SELF_ID, AS_OF)
    assert communication.one_sided(found, AS_OF) == (("email", 24, 30, 0),)
    score = communication.score(found[people[0]], network_prior(found, AS_OF), AS_OF)
    assert score.details["reply_record"] == "lost"
    assert (
        "your archive holds an answer to 0 of your 30 direct messages by email, "
        "so their answers cannot be read from it"
    ) in score.why
    # One answer in ten is a record: the archive is whole.
    for k in range(3):
        net.message(people[k], [SELF_ID], days_ago(700 - 20 * k) + timedelta(hours=2), f"ask{k}",
                    kind="email", subject=f"Re: plan {k}")  # fmt: skip
    found = exchanges(net.net.messages, SELF_ID, AS_OF)
    assert communication.one_sided(found, AS_OF) == ()


def test_a_one_sided_archive_reads_no_silence_and_says_why() -> None:
    net = network()
    often, once = net.person("Often"), net.person("Once")
    _sent_folder_only(net, {often: 40, once: 2})
    found = exchanges(net.net.messages, SELF_ID, AS_OF)
    prior = Prior((), one_sided=(("email", 2, 42, 2),))
    lots, little = (communication.score(found[p], prior, AS_OF) for p in (often, once))
    assert lots.value is not None and little.value is not None
    # 39 unanswered messages are not 39 silences: writing to them often counts for them.
    assert lots.value > little.value
    for score in (lots, little):
        assert score.details["reply_record"] == "lost"
        assert score.confidence <= communication.ONE_SIDED_CONFIDENCE
        assert (
            "your archive holds few of the messages people sent you by email "
            "(2 against 42 direct messages of yours), so their answers cannot be read from it"
        ) in score.why
        assert "answered" not in score.why and "went silent" not in score.why
    assert "you wrote to them 40 times" in lots.why
    # The same people in a whole archive are judged on their record.
    whole = communication.score(found[often], Prior(()), AS_OF)
    assert whole.details["reply_record"] == "kept"
    assert "answered 1 of your 40 direct messages" in whole.why


def test_a_one_sided_prior_survives_its_json_form() -> None:
    net = network()
    _sent_folder_only(net, {net.person("Often"): 40})
    prior = network_prior(exchanges(net.net.messages, SELF_ID, AS_OF), AS_OF)
    assert prior.one_sided
    assert Prior.from_list(json.loads(json.dumps(prior.as_list()))) == prior


def test_a_one_sided_archive_never_claims_its_weights_were_refitted() -> None:
    net = network()
    often = net.person("Often")
    _sent_folder_only(net, {often: 40})
    found = exchanges(net.net.messages, SELF_ID, AS_OF)
    prior = network_prior(found, AS_OF)
    assert prior.one_sided
    score = communication.score(found[often], prior, AS_OF)
    assert "weights refitted" not in score.why
    assert score.why.endswith("(weights as learned from real archives)")


def test_the_base_rate_is_found_from_far_away() -> None:
    # Mail's shipped base rate is low (a few in a hundred); an owner whose mail is answered
    # half the time must be calibrated to them, not thrown past it by an undamped step.
    shipped = communication.shipped("email")
    assert shipped.chance(communication.default.TYPICAL) < 0.2
    rows = [((0.7, 0.7, 1.1, 0.7, 0.0, 0.5, 1.6, 0.0), k % 2 == 0) for k in range(90)]
    for scale in (False, True):
        calibrated = communication.calibrate(shipped, rows, scale=scale)
        assert calibrated.chance(rows[0][0]) == pytest.approx(0.5, abs=0.03)


def test_the_channel_of_their_latest_message_does_not_change_their_chance() -> None:
    # An owner who writes both by mail and on LinkedIn, answered more often on one: each
    # person is scored on the channel of their latest message, which says little of where
    # the next ask goes, so one model serves both channels that kept their answers.
    net = network()
    for k in range(8):
        net.conversation(net.person(f"Li{k}"), asks=4, replies=3)
        mailed = net.person(f"Mail{k}")
        for n in range(4):
            at = days_ago(400 - 30 * n - k)
            net.message(SELF_ID, [mailed], at, f"mail-{k}-{n}", kind="email", subject=f"plan {n}")
            if n == 0:
                net.message(mailed, [SELF_ID], at + timedelta(hours=5), f"mail-{k}-{n}",
                            kind="email", subject=f"Re: plan {n}")  # fmt: skip
    twins = [net.person("By mail last"), net.person("On LinkedIn last")]
    for twin, kind in zip(twins, ("email", "linkedin_message"), strict=True):
        net.conversation(twin, asks=3, replies=2)
        net.message(twin, [SELF_ID], days_ago(20), f"note-{twin}", kind=kind, subject="News")
    messages = sorted(net.net.messages, key=lambda m: m.occurred_at)
    found = exchanges(messages, SELF_ID, AS_OF)
    assert [found[t].channel for t in twins] == ["email", "linkedin_message"]
    prior = network_prior(found, AS_OF)
    by_mail, on_linkedin = (communication.score(found[t], prior, AS_OF) for t in twins)
    assert by_mail.value is not None
    assert by_mail.value == pytest.approx(on_linkedin.value)
    assert prior.model("email").weights == prior.model("linkedin_message").weights
    # Each past message is counted once, whichever channel it went by.
    rows = communication.examples(found, communication.own_cuts(found, AS_OF), AS_OF)
    assert sum(w.rows for w in prior.models) == sum(map(len, rows.values())) > 0


def test_the_record_is_said_to_help_only_when_it_beats_the_usual_rate() -> None:
    # Answering 24 of 30 is better than the typical contact's rate: it must not be told as a
    # pull down because 6 silences weigh more than the typical one.
    yes, no = (math.expm1(communication.default.TYPICAL[i]) for i in (0, 1))
    usual = yes / (yes + no)
    net = network()
    cases = {(30, 24), (4, 1), (2, 2), (1, 0), (10, 9), (12, 3), (6, 5)}
    people = {case: net.person(f"P{case}") for case in cases}
    for (asks, replies), person in people.items():
        net.conversation(person, asks=asks, replies=replies, every_days=10)
    found = exchanges(sorted(net.net.messages, key=lambda m: m.occurred_at), SELF_ID, AS_OF)
    said = 0
    for (asks, replies), person in people.items():
        score = communication.score(found[person], Prior(()), AS_OF)  # the shipped weights
        for driver in score.details["drivers"]:
            if driver["signal"] == "record":
                said += 1
                assert (driver["points"] > 0) == (replies / asks > usual), (asks, replies, driver)
    assert said >= 4


def test_what_you_sent_them_is_told_with_the_requests_it_counts() -> None:
    from goodword.evidence.threads import add_goodword_asks
    from goodword.store.facts import AskFact

    net = network()
    asked, silent = net.person("Asked through goodword"), net.person("Never written to")
    for k in range(5):
        net.conversation(net.person(f"P{k}"), asks=4, replies=3)
    net.message(silent, [SELF_ID], days_ago(40), "hello", kind="linkedin_message")
    found = exchanges(sorted(net.net.messages, key=lambda m: m.occurred_at), SELF_ID, AS_OF)
    add_goodword_asks(found, {asked: [AskFact(1, asked, days_ago(60), days_ago(59))]}, AS_OF)
    prior = Prior(())
    assert communication._say("sent", found[asked], AS_OF, None) == (
        "you wrote to them 1 time (1 through goodword)"
    )
    assert communication._say("sent", found[silent], AS_OF, None) == (
        "you have not written to them directly"
    )
    for person in (asked, silent):
        assert "0 times" not in communication.score(found[person], prior, AS_OF).why


def test_never_having_written_is_said_once() -> None:
    net = network()
    mute = net.person("Mute")
    net.conversation(mute, asks=3, replies=0)
    for k in range(5):
        net.conversation(net.person(f"P{k}"), asks=4, replies=3)
    found = exchanges(sorted(net.net.messages, key=lambda m: m.occurred_at), SELF_ID, AS_OF)
    score = communication.score(found[mute], Prior(()), AS_OF)
    assert score.why.count("never wrote to you") == 1, score.why
    assert "quiet" not in {d["signal"] for d in score.details["drivers"]}
