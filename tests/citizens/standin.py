"""The stand-in OpenID Connect provider (standins/oidc) started as its own process on a free
loopback port, and the browser's side of a sign-in through it (HTTP to the provider with
``requests``, as a browser would; tuphap's side through the test client)."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
CALLBACK = "http://testserver/cong-dan/oidc/callback/"
CLIENT_ID = "tuphap-tests"
CLIENT_SECRET = "tuphap-tests-secret"  # noqa: S105 - a loopback stand-in's


@dataclass(frozen=True)
class Provider:
    url: str

    def settings(self) -> dict[str, Any]:
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
        }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_provider(tmp: Path, callback: str = CALLBACK) -> Iterator[Provider]:
    port = _free_port()
    tmp.mkdir(parents=True, exist_ok=True)
    log = tmp / "standin-oidc.log"
    with log.open("w+b") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "standins" / "oidc" / "run.py"),
                "--port",
                str(port),
                "--db",
                str(tmp / "standin-oidc.sqlite3"),
                "--client-id",
                CLIENT_ID,
                "--client-secret",
                CLIENT_SECRET,
                "--redirect-uri",
                callback,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"the stand-in OIDC provider exited ({proc.returncode}):\n{log.read_text()}")
                if b"ready " in log.read_bytes():
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the stand-in OIDC provider did not start in 90 s:\n{log.read_text()}")
                time.sleep(0.2)
            yield Provider(url)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def provider_sign_in(authorize_url: str, username: str, password: str = "tuphap-demo") -> str:  # noqa: S107 - the demo's published one
    """What the browser does at the provider: follow to its login page, sign in, and come back
    with the redirect to tuphap's callback (returned as path and query, for the test client)."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=False, timeout=20)
    assert response.status_code == 302, response.text[:500]
    login_url = requests.compat.urljoin(authorize_url, response.headers["Location"])
    page = browser.get(login_url, timeout=20)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None, page.text[:500]
    next_value = re.search(r'name="next" value="([^"]*)"', page.text)
    response = browser.post(
        login_url,
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": password,
            "next": next_value.group(1).replace("&amp;", "&") if next_value else "",
        },
        allow_redirects=False,
        timeout=20,
    )
    assert response.status_code == 302, f"the provider refused the sign-in: {response.status_code}"
    location = requests.compat.urljoin(login_url, response.headers["Location"])
    while not location.startswith(CALLBACK):
        response = browser.get(location, allow_redirects=False, timeout=20)
        assert response.status_code == 302, response.text[:500]
        location = requests.compat.urljoin(location, response.headers["Location"])
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}"
