"""Benchmark: the people page and its API on loopback over a 30,000-person network.

Builds the network once (a synthetic LinkedIn export imported into a home
cached under the temp directory), starts ``goodword serve`` in a subprocess
on a free loopback port, then drives a bounded load — N requests with C
concurrent clients (httpx) — against ``/healthz`` (the baseline: the same
server answering a trivial request), ``/people`` and ``/api/people`` with
different pages and sorts. Prints requests/s, p50 and p95 latency per target,
and the first (cold) request, which scores everyone.

    .venv/bin/python bench/bench_web.py                        # 30,000 people
    .venv/bin/python bench/bench_web.py --contacts 3000 -n 200  # quicker
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from goodword.config import Settings
from goodword.demo import build_network, write_export_zip
from goodword.service import Service
from goodword.web.server import free_port


def home_for(contacts: int) -> tuple[Path, str]:
    """A home holding the imported network (built on first use), and its export date."""
    base = Path(tempfile.gettempdir()) / "goodword-bench-web" / str(contacts)
    ready = base / "ready"
    if not ready.exists():
        print(f"building a {contacts:,}-person network in {base} (once) ...", flush=True)
        started = time.perf_counter()
        network = build_network(seed=11, contacts=contacts)
        archive = write_export_zip(network, base / "export")
        service = Service(Settings(home=base / "home"))
        service.import_path(archive)
        service.close()
        ready.write_text(network.export_date.isoformat())
        print(f"  built and imported in {time.perf_counter() - started:.0f} s", flush=True)
    return base / "home", ready.read_text().strip()


def wait_until_up(url: str, timeout: float = 60.0) -> None:
    """Poll ``/healthz`` until the server answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def load(client: httpx.Client, paths: list[str], requests: int, concurrency: int) -> list[float]:
    """Send ``requests`` GETs cycling through ``paths`` from ``concurrency`` threads."""

    def one(i: int) -> float:
        started = time.perf_counter()
        answer = client.get(paths[i % len(paths)])
        answer.raise_for_status()
        return time.perf_counter() - started

    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(one, range(requests)))


def report(name: str, latencies: list[float], elapsed: float) -> None:
    """One line: requests/s, p50 and p95 in milliseconds."""
    ordered = sorted(latencies)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(
        f"{name:<14} {len(ordered):>6} {len(ordered) / elapsed:>10.1f} "
        f"{statistics.median(ordered) * 1000:>9.1f} {p95 * 1000:>9.1f}",
        flush=True,
    )


def main() -> None:
    """Build or reuse the network, serve it, load it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("-n", "--requests", type=int, default=400)
    parser.add_argument("-c", "--concurrency", type=int, default=8)
    args = parser.parse_args()

    home, _ = home_for(args.contacts)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "GOODWORD_HOME": str(home)}
    env.pop("GOODWORD_DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "goodword", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(url)
        with httpx.Client(base_url=url, timeout=120.0) as client:
            started = time.perf_counter()
            first = client.get("/api/people")
            first.raise_for_status()
            cold = time.perf_counter() - started
            total = first.json()["total"]
            print(f"{total:,} people; first /api/people (scores everyone): {cold:.2f} s\n")
            pages = [1, 2, 17, 100, max(1, total // 50)]
            targets = {
                "/healthz": ["/healthz"],
                "/people": [f"/people?page={p}" for p in pages]
                + ["/people?sort=communication", "/people?sort=name&page=3"],
                "/api/people": [f"/api/people?page={p}" for p in pages]
                + ["/api/people?sort=communication", "/api/people?q=an&page=2"],
            }
            print(f"{'target':<14} {'reqs':>6} {'req/s':>10} {'p50 ms':>9} {'p95 ms':>9}")
            for name, paths in targets.items():
                load(client, paths, args.concurrency * 2, args.concurrency)  # warm up
                started = time.perf_counter()
                latencies = load(client, paths, args.requests, args.concurrency)
                report(name, latencies, time.perf_counter() - started)
            print(f"\n{args.requests} requests per target, {args.concurrency} concurrent clients")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
