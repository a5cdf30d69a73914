"""Serving benchmark: the back office's home page against a bare "hello" view.

Both are served by the same granian WSGI server with the same production
settings on loopback; the load comes from wrk (or a bounded Python client).
Prints requests per second of each and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import load, served_demo, session_cookie  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    args = parser.parse_args()
    seconds = 1.0 if args.quick else args.seconds
    with served_demo() as (base, env):
        cookie = session_cookie(env, "motcua")
        request = urllib.request.Request(base + "/van-phong/", headers={"Cookie": cookie})
        with urllib.request.urlopen(request) as response:  # noqa: S310 - loopback only
            page = response.read().decode()
        if "Văn phòng số" not in page:
            raise SystemExit("bench_home: the home page did not render the back office for motcua")
        load(base + "/_bench/hello", 1)  # warm up both
        load(base + "/van-phong/", 1, cookie=cookie)
        hello = load(base + "/_bench/hello", seconds)
        home = load(base + "/van-phong/", seconds, cookie=cookie)
    print(
        f"serving: back-office home (motcua) {home:,.0f} req/s; bare hello {hello:,.0f} req/s; ratio home/hello "
        f"{home / hello:.2f}"
    )


if __name__ == "__main__":
    main()
