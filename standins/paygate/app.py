"""The sandbox payment gateway: a small stand-in service for the demo and the tests.

Plain WSGI from the standard library, state in memory, loopback only. It does
what a real gateway does for tuphap, nothing more:

- ``POST /api/payments`` (JSON, signed like notifications): open a payment;
  answers ``{"id", "pay_url"}``.
- ``GET /pay/<id>``: the page where the payer approves or declines.
- ``POST /pay/<id>``: the decision; the payer is sent back to ``return_url``
  and a notification, signed with HMAC-SHA256 of the shared secret over the
  body, is POSTed to ``notify_url``, retried (1, 2, 4 ... s) until tuphap
  answers 2xx, a 4xx (a refusal, final) or the attempts run out.
- ``POST /api/payments/<id>/notify``: send the notification again at once
  (what a gateway does when it is unsure of a delivery; the tests use it).
- ``GET /api/payments/<id>``: the payment and the answers tuphap gave.

Run by ``scripts/standin-paygate``: ``PAYGATE_SECRET`` (required),
``PAYGATE_PORT`` (0: any free port), ``PAYGATE_RETRIES``, ``PAYGATE_RETRY_SECONDS``.
It prints ``paygate listening on http://127.0.0.1:<port>`` once it listens.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import os
import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

SIGNATURE_HEADER = "X-Paygate-Signature"

Start = Callable[[str, list[tuple[str, str]]], Any]


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Paygate:
    def __init__(self, secret: str, retries: int = 5, retry_seconds: float = 1.0) -> None:
        self.secret = secret
        self.retries = retries
        self.retry_seconds = retry_seconds
        self.payments: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self.base_url = ""

    # ------------------------------------------------------------------ HTTP
    def __call__(self, environ: dict[str, Any], start: Start) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        parts = [p for p in environ.get("PATH_INFO", "").split("/") if p]
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(min(length, 1_000_000)) if length > 0 else b""
        if parts == ["healthz"]:
            return self._json(start, 200, {"ok": True})
        if parts == ["api", "payments"] and method == "POST":
            return self._create(start, body, environ.get("HTTP_X_PAYGATE_SIGNATURE", ""))
        if len(parts) == 3 and parts[:2] == ["api", "payments"] and method == "GET":
            payment = self.payments.get(parts[2])
            if payment is None:
                return self._json(start, 404, {"error": "unknown payment"})
            return self._json(start, 200, payment)
        if len(parts) == 4 and parts[:2] == ["api", "payments"] and parts[3] == "notify" and method == "POST":
            payment = self.payments.get(parts[2])
            if payment is None or payment["status"] == "pending":
                return self._json(start, 404, {"error": "nothing to notify"})
            return self._json(start, 200, {"answer": self._deliver(payment)})
        if len(parts) == 2 and parts[0] == "pay":
            payment = self.payments.get(parts[1])
            if payment is None:
                return self._page(start, 404, "<p>Không có giao dịch này.</p>")
            if method == "GET":
                return self._page(start, 200, self._pay_page(payment))
            if method == "POST":
                return self._decide(start, payment, urllib.parse.parse_qs(body.decode("utf-8", "replace")))
        return self._json(start, 404, {"error": "not found"})

    def _json(self, start: Start, status: int, data: Any) -> list[bytes]:
        out = json.dumps(data).encode()
        start(f"{status} X", [("Content-Type", "application/json"), ("Content-Length", str(len(out)))])
        return [out]

    def _page(self, start: Start, status: int, content: str) -> list[bytes]:
        out = (
            '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Cổng thanh toán thử nghiệm</title>'
            f"<body><h1>Cổng thanh toán thử nghiệm (sandbox)</h1>{content}</body></html>"
        ).encode()
        start(f"{status} X", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(out)))])
        return [out]

    # ------------------------------------------------------------------ payments
    def _create(self, start: Start, body: bytes, signature: str) -> list[bytes]:
        if not hmac.compare_digest(sign(self.secret, body), signature.strip().lower()):
            return self._json(start, 403, {"error": "bad signature"})
        try:
            data = json.loads(body)
            amount = data["amount"]
            if not isinstance(amount, int) or amount <= 0:
                raise ValueError("amount")
            for key in ("reference", "return_url", "notify_url"):
                if not isinstance(data[key], str) or not data[key]:
                    raise ValueError(key)
        except (ValueError, KeyError, TypeError) as exc:
            return self._json(start, 400, {"error": f"bad request: {exc}"})
        pid = secrets.token_urlsafe(12)
        payment = {
            "id": pid,
            "reference": data["reference"],
            "amount": amount,
            "description": str(data.get("description", ""))[:200],
            "return_url": data["return_url"],
            "notify_url": data["notify_url"],
            "status": "pending",
            "transaction": "",
            "answers": [],
        }
        with self.lock:
            self.payments[pid] = payment
        return self._json(start, 201, {"id": pid, "pay_url": f"{self.base_url}/pay/{pid}"})

    def _pay_page(self, payment: dict[str, Any]) -> str:
        amount = f"{payment['amount']:,}".replace(",", ".")
        if payment["status"] != "pending":
            return f"<p>Giao dịch đã kết thúc: {html.escape(payment['status'])}.</p>"
        return (
            f"<p>{html.escape(payment['description'])}</p>"
            f'<p>Số tiền: <strong id="amount">{amount}</strong> đồng</p>'
            f'<form method="post"><button name="decision" value="approve">Thanh toán</button>'
            f'<button name="decision" value="decline">Hủy giao dịch</button></form>'
        )

    def _decide(self, start: Start, payment: dict[str, Any], form: dict[str, list[str]]) -> list[bytes]:
        decision = (form.get("decision") or [""])[0]
        if decision not in {"approve", "decline"}:
            return self._page(start, 400, "<p>Chọn thanh toán hoặc hủy.</p>")
        with self.lock:
            if payment["status"] == "pending":
                payment["status"] = "paid" if decision == "approve" else "failed"
                payment["transaction"] = "SBX" + secrets.token_hex(8).upper()
                payment["at"] = datetime.now(UTC).isoformat()
                threading.Thread(target=self._notify_with_retries, args=(payment,), daemon=True).start()
        back = payment["return_url"]
        query = urllib.parse.urlencode({"status": payment["status"]})
        location = back + ("&" if "?" in back else "?") + query
        start("303 See Other", [("Location", location), ("Content-Length", "0")])
        return [b""]

    def _deliver(self, payment: dict[str, Any]) -> int:
        """POST the signed notification once; the HTTP status tuphap answered (0: unreachable)."""
        body = json.dumps(
            {
                "reference": payment["reference"],
                "transaction": payment["transaction"],
                "amount": payment["amount"],
                "status": payment["status"],
                "at": payment.get("at", ""),
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the notify URL tuphap gave
            payment["notify_url"],
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", SIGNATURE_HEADER: sign(self.secret, body)},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (urllib.error.URLError, OSError):
            status = 0
        with self.lock:
            payment["answers"].append(status)
        return status

    def _notify_with_retries(self, payment: dict[str, Any]) -> None:
        delay = self.retry_seconds
        for attempt in range(self.retries):
            status = self._deliver(payment)
            if 200 <= status < 300 or 400 <= status < 500:
                return
            if attempt + 1 < self.retries:
                time.sleep(delay)
                delay *= 2


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        sys.stderr.write("paygate: " + (format % args) + "\n")


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def main() -> None:
    secret = os.environ.get("PAYGATE_SECRET", "")
    if not secret:
        sys.exit("paygate: PAYGATE_SECRET must be set")
    app = Paygate(
        secret,
        retries=int(os.environ.get("PAYGATE_RETRIES", "5")),
        retry_seconds=float(os.environ.get("PAYGATE_RETRY_SECONDS", "1")),
    )
    host = os.environ.get("PAYGATE_HOST", "127.0.0.1")
    server = make_server(host, int(os.environ.get("PAYGATE_PORT", "8100")), app, _Server, _Quiet)
    app.base_url = os.environ.get("PAYGATE_PUBLIC_URL", "").rstrip("/") or f"http://{host}:{server.server_port}"
    print(f"paygate listening on http://{host}:{server.server_port}", flush=True)
    parent = os.environ.get("PAYGATE_PARENT_PID", "")
    if parent.isdigit():  # started beside the server (scripts/serve): go when it goes
        threading.Thread(target=_exit_with, args=(int(parent),), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
