"""Serving benchmark of the portal's article page, with its view counting.

1. Requests per second of ``/tin-tuc/{slug}/`` against the bare hello view, same
   granian server, same run: once as new visitors (no cookie: every request
   counts a visit and a view, three writes) and once as a returning visitor
   (the cookie of an earlier request: counted once per hour, one write).
2. Exactness: 16 concurrent clients send a fixed number of requests; the
   article's views and the day's visits afterwards must have grown by exactly
   what was sent (new visitors), or by the number of clients (returning ones).

``--redis [URL]`` runs the same with the counters in Redis (``REDIS_URL``;
default redis://127.0.0.1:6379/0): the API's figures flush them first.

Requests per second follow whatever else the machine runs; next to them the
CPU time one request costs (the server's processes, from /proc, plus this
client) gives a ratio that depends much less on that load.

Prints figures; never asserts speed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import load, manage, served_demo  # noqa: E402

CLIENTS = 16


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url) as response:  # noqa: S310 - loopback only
        return json.loads(response.read())


def visitor_cookie(url: str) -> str:
    with urllib.request.urlopen(url) as response:  # noqa: S310 - loopback only
        header = response.headers.get("Set-Cookie", "")
    return header.split(";", 1)[0]


def _descendants(pid: int) -> list[int]:
    found, children = [], Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        for child in children.read_text().split():
            found += [int(child), *_descendants(int(child))]
    return found


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def measured(url: str, seconds: float, cookie: str = "") -> tuple[float, float | None]:
    """Requests per second, and the CPU microseconds per request of the server
    (granian and its workers, our child processes) and of this process (the
    client); None where /proc is not available."""
    server = _descendants(os.getpid())
    before, client_before, start = _cpu_seconds(server), os.times(), time.perf_counter()
    rate = load(url, seconds, cookie=cookie)
    after, client_after, elapsed = _cpu_seconds(server), os.times(), time.perf_counter() - start
    if not server:
        return rate, None
    client = sum(client_after[:4]) - sum(client_before[:4])  # this process, and wrk when it ran
    return rate, ((after - before) + client) / (rate * elapsed) * 1e6


def hammer(url: str, per_client: int, *, keep_cookie: bool) -> int:
    """CLIENTS threads, each sending per_client GETs; returns the 200 answers."""
    parts = urlsplit(url)
    ok = [0] * CLIENTS

    def client(i: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        cookie = ""
        for _ in range(per_client):
            conn.request("GET", parts.path, headers={"Cookie": cookie} if cookie else {})
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                ok[i] += 1
            if keep_cookie and not cookie:
                cookie = (response.getheader("Set-Cookie") or "").split(";", 1)[0]
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(ok)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--requests", type=int, default=1600, help="requests in the exactness check")
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument(
        "--redis", nargs="?", const="redis://127.0.0.1:6379/0", default="", help="count in Redis (REDIS_URL)"
    )
    args = parser.parse_args()
    seconds = 1.0 if args.quick else args.seconds
    if args.redis:
        os.environ["REDIS_URL"] = args.redis
    else:
        os.environ.pop("REDIS_URL", None)
    with served_demo() as (base, env):
        try:
            run(base, seconds, args.requests, backend=f"Redis ({args.redis})" if args.redis else "database")
        finally:
            if args.redis:
                forget_redis_counters(env, args.redis)


def forget_redis_counters(env: dict[str, str], url: str) -> None:
    """The throw-away database's counters in Redis go with it."""
    import redis

    prefix = (
        manage(env, "shell", "-c", "from tuphap.portal.counting import redis_prefix; print(redis_prefix())")
        .strip()
        .splitlines()[-1]
    )
    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=prefix + "*"))
    if keys:
        client.delete(*keys)


def run(base: str, seconds: float, requests: int, *, backend: str) -> None:
    print(f"portal bench, counting in the {backend}")
    slug = get_json(base + "/api/v1/portal/articles")["items"][0]["slug"]
    article = f"{base}/tin-tuc/{slug}/"
    with urllib.request.urlopen(article) as response:  # noqa: S310 - loopback only
        if "Lượt xem" not in response.read().decode():
            raise SystemExit("bench_portal: the article page did not render")
    cookie = visitor_cookie(article)
    load(base + "/_bench/hello", 1)  # warm up
    load(article, 1)
    hello, hello_cpu = measured(base + "/_bench/hello", seconds)
    fresh, fresh_cpu = measured(article, seconds)
    returning, returning_cpu = measured(article, seconds, cookie=cookie)
    print(
        f"serving: article page, new visitors {fresh:,.0f} req/s (ratio {fresh / hello:.2f}); "
        f"returning visitor {returning:,.0f} req/s (ratio {returning / hello:.2f}); bare hello {hello:,.0f} req/s"
    )
    if hello_cpu and fresh_cpu and returning_cpu:
        print(
            f"cpu per request (server + client): hello {hello_cpu:,.0f} µs, new visitor {fresh_cpu:,.0f} µs "
            f"(ratio {hello_cpu / fresh_cpu:.2f}), returning visitor {returning_cpu:,.0f} µs (ratio "
            f"{hello_cpu / returning_cpu:.2f})"
        )

    per_client = max(1, requests // CLIENTS)
    sent = per_client * CLIENTS
    before_views = get_json(f"{base}/api/v1/portal/articles/{slug}")["views"]
    before = get_json(base + "/api/v1/portal/stats")
    answered = hammer(article, per_client, keep_cookie=False)
    views = get_json(f"{base}/api/v1/portal/articles/{slug}")["views"] - before_views
    after = get_json(base + "/api/v1/portal/stats")
    visits = after["today"] - before["today"]
    verdict = "exact" if views == visits == answered == sent else "MISMATCH"
    print(
        f"counting, {CLIENTS} clients without cookie: sent {sent}, answered {answered}, views +{views}, visits "
        f"+{visits}: {verdict}"
    )

    before_views += views
    before = after
    answered = hammer(article, per_client, keep_cookie=True)
    views = get_json(f"{base}/api/v1/portal/articles/{slug}")["views"] - before_views
    after = get_json(base + "/api/v1/portal/stats")
    visits = after["today"] - before["today"]
    verdict = "exact" if views == visits == CLIENTS and answered == sent else "MISMATCH"
    print(
        f"counting, {CLIENTS} clients keeping their cookie: sent {answered}, views +{views}, visits +{visits} "
        f"(expected {CLIENTS} each): {verdict}"
    )


if __name__ == "__main__":
    main()
