"""Benchmark: what the web app's kept selections save on a people page, against the uncached path.

The web app holds everyone's scores for a minute (:class:`~goodword.web.browser.Browser`)
and pages them with the facade's pager (:func:`goodword.service.select_page`),
the same one ``goodword people`` uses. This measures, in one process and one
run over the network of ``bench/bench_web.py`` (30,000 people by default):

- ``kept selection``: ``Browser.people`` answering from a selection it kept
  for the same query (the cache under test);
- ``uncached pager``: the same page through the pager over the held scores,
  filtering and sorting everyone again (the path without that cache);
- ``facade per request``: ``Service.people_page``, no web cache at all (the
  service's own held summary only: what the CLI does);
- ``GET /api/people``: a whole API request through the app, for scale.

It prints p50 and p95 per query, the ratio of the uncached pager to the kept
selection, and how much slower a whole API request would be without kept
selections ("api without": (api - kept + uncached) / api).

    .venv/bin/python bench/bench_people_pages.py                    # 30,000 people
    .venv/bin/python bench/bench_people_pages.py --contacts 3000    # quicker
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient

from goodword.config import Settings
from goodword.service import PAGE_SIZE, PeopleQuery, Service
from goodword.web.app import create_app
from goodword.web.browser import Browser

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import home_for  # the same network, built once

LOCAL = "http://127.0.0.1"  # the app answers loopback names only
QUERIES = {
    "page 1": PeopleQuery(page_size=PAGE_SIZE),
    "page 2": PeopleQuery(page=2, page_size=PAGE_SIZE),
    "page 100": PeopleQuery(page=100, page_size=PAGE_SIZE),
    "sort=communication": PeopleQuery(sort="communication", page_size=PAGE_SIZE),
    "sort=name page 3": PeopleQuery(sort="name", page=3, page_size=PAGE_SIZE),
    "q=an page 2": PeopleQuery(search="an", page=2, page_size=PAGE_SIZE),
    "filter=ready": PeopleQuery(filter="ready", page_size=PAGE_SIZE),
}


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    """Seconds per call, ``repeat`` times (after one call to warm up)."""
    call()
    found = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        found.append(time.perf_counter() - started)
    return found


def p95(values: list[float]) -> float:
    """The 95th percentile of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main() -> None:
    """Build or reuse the network, hold everyone's scores, time each path per query."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("-n", "--repeat", type=int, default=30)
    args = parser.parse_args()

    home, _ = home_for(args.contacts)
    service = Service(Settings(home=home))
    browser = Browser(service, ttl=3600.0)
    started = time.perf_counter()
    everyone, _ = browser.everyone()
    print(f"{len(everyone):,} people held in {time.perf_counter() - started:.2f} s\n")
    client = TestClient(create_app(service, cache_seconds=3600.0), base_url=LOCAL)

    def uncached(query: PeopleQuery) -> object:
        scored = browser._scoring(query.as_of)
        chosen, _ = browser.select(scored, replace(query, page=1, page_size=None))
        start = query.offset
        return [scored.by_id[s.person_id] for s in chosen[start : start + PAGE_SIZE]]

    print(
        f"{'query':<20} {'kept p50':>9} {'uncached p50':>13} {'p95':>7} "
        f"{'facade p50':>11} {'api p50':>8} {'uncached/kept':>14} {'api without':>12}"
    )
    ratios = []
    for name, query in QUERIES.items():
        kept = timed(lambda q=query: browser.people(q), args.repeat)
        bare = timed(lambda q=query: uncached(q), args.repeat)
        facade = (
            timed(
                lambda q=query: service.people_page(q),
                max(3, args.repeat // 5),
            )
            if not query.filter
            else []
        )
        url = f"/api/people?page={query.page}&sort={query.sort}&q={query.search}"
        url += f"&filter={query.filter}"
        api = timed(lambda u=url: client.get(u).raise_for_status(), max(3, args.repeat // 3))
        k, u, a = statistics.median(kept), statistics.median(bare), statistics.median(api)
        f = f"{statistics.median(facade) * 1000:>9.1f}ms" if facade else f"{'n/a':>11}"
        without = (a - k + u) / a  # the same request, had it no kept selection
        ratios.append(without)
        print(
            f"{name:<20} {k * 1000:>7.2f}ms {u * 1000:>11.1f}ms {p95(bare) * 1000:>5.1f}ms "
            f"{f} {a * 1000:>6.1f}ms {u / k:>13.0f}x {without:>11.2f}x",
            flush=True,
        )
    print(
        f"\nan API request without kept selections / with them (median over queries): "
        f"{statistics.median(ratios):.2f}x; {args.repeat} timings per path and query"
    )
    service.close()


if __name__ == "__main__":
    main()
