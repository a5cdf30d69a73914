"""An HTTP client process for the hardening tests (standard library only).

``python client.py SPEC_JSON`` connects to the server, prints ``ready``,
waits until the file ``spec["go"]`` exists (so that every client starts at
the same moment), runs its requests on its own keep-alive connection and
prints one JSON line: the answer to each request. Kinds of work:

- ``intake``: ``count`` dossiers through ``POST /api/v1/dossiers``;
- ``act``: one workflow action per dossier (``POST .../actions/{action}``);
- ``read``: ``visitors`` new visitors each read one article twice (the second
  time with the cookie the first answer set);
- ``upload``: post one file to a back-office form with a session.

A request whose connection breaks (the server was killed) is answered
``lost``; with ``wait_for_server`` the client then waits for the server to
come back and goes on with the next request.
"""

from __future__ import annotations

import http.client
import json
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

TIMEOUT = 60


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            self.conn.request(method, path, body=body, headers=headers or {})
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return (
            response.status,
            {k.lower(): v for k, v in response.getheaders() if k.lower() != "set-cookie"}
            | {"set-cookie": "; ".join(v for k, v in response.getheaders() if k.lower() == "set-cookie")},
            data,
        )

    def wait_until_up(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.05)
        raise SystemExit("server did not come back")


def intake(client: Client, spec: dict[str, Any]) -> list[dict[str, Any]]:
    answers = []
    headers = {"Authorization": f"Bearer {spec['token']}", "Content-Type": "application/json"}
    for i in range(spec["count"]):
        tag = f"{spec['name']}-{i}"
        body = {
            "procedure_code": spec["procedure_code"],
            "applicant": {
                "name": f"Nguyễn Văn {tag}",
                "id_number": "060123456789",
                "phone": "0912345678",
                "email": f"{tag}@example.vn",
            },
            "channel": "desk",
        }
        try:
            status, _, data = client.request("POST", "/api/v1/dossiers", json.dumps(body).encode(), headers)
        except (OSError, http.client.HTTPException) as exc:
            answers.append({"tag": tag, "status": "lost", "error": type(exc).__name__})
            if spec.get("wait_for_server"):
                client.wait_until_up(spec["wait_for_server"])
            continue
        answer: dict[str, Any] = {"tag": tag, "status": status}
        if status == 201:
            answer["code"] = json.loads(data)["code"]
        else:
            answer["body"] = data[:300].decode("utf-8", "replace")
        answers.append(answer)
    return answers


def retry(client: Client, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The same intake, with the same Idempotency-Key, ``count`` times (a client retrying)."""
    headers = {
        "Authorization": f"Bearer {spec['token']}",
        "Content-Type": "application/json",
        "Idempotency-Key": spec["key"],
    }
    answers = []
    for _ in range(spec["count"]):
        status, got, data = client.request("POST", "/api/v1/dossiers", json.dumps(spec["body"]).encode(), headers)
        answers.append(
            {
                "status": status,
                "body": data.decode("utf-8", "replace"),
                "replayed": got.get("idempotent-replayed") == "true",
            }
        )
    return answers


def act(client: Client, spec: dict[str, Any]) -> list[dict[str, Any]]:
    answers = []
    headers = {"Authorization": f"Bearer {spec['token']}", "Content-Type": "application/json"}
    for code, action, body in spec["actions"]:
        status, _, data = client.request(
            "POST", f"/api/v1/dossiers/{code}/actions/{action}", json.dumps(body).encode(), headers
        )
        parsed = json.loads(data) if data.startswith(b"{") else {}
        answers.append(
            {
                "code": code,
                "action": action,
                "status": status,
                "error": parsed.get("code", ""),
                "version": parsed.get("version"),
            }
        )
    return answers


def read(client: Client, spec: dict[str, Any]) -> list[dict[str, Any]]:
    answers = []
    for _ in range(spec["visitors"]):
        status, headers, _ = client.request("GET", spec["path"])
        cookie = SimpleCookie(headers.get("set-cookie", ""))
        visitor = cookie["tp_khach"].value if "tp_khach" in cookie else ""
        again, _, _ = client.request("GET", spec["path"], headers={"Cookie": f"tp_khach={visitor}"} if visitor else {})
        answers.append({"first": status, "again": again, "cookie": bool(visitor)})
    return answers


def upload(client: Client, spec: dict[str, Any]) -> list[dict[str, Any]]:
    boundary = uuid.uuid4().hex
    csrf = uuid.uuid4().hex  # a 32-character secret, sent as cookie and field
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{csrf}\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="action"\r\n\r\nimport\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="{spec["field"]}"; '
        f'filename="{Path(spec["file"]).name}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode()
        + Path(spec["file"]).read_bytes()
        + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Cookie": f"{spec['session']}; csrftoken={csrf}",
        "Referer": f"http://127.0.0.1:{client.port}{spec['path']}",
    }
    status, _, data = client.request("POST", spec["path"], b"".join(parts), headers)
    return [{"status": status, "body": data.decode("utf-8", "replace")}]


WORK = {"intake": intake, "retry": retry, "act": act, "read": read, "upload": upload}


def main() -> None:
    spec = json.loads(sys.argv[1])
    client = Client(spec["port"])
    client.wait_until_up(30)
    print("ready", flush=True)
    go = Path(spec["go"])
    while not go.exists():
        time.sleep(0.001)
    answers = WORK[spec["kind"]](client, spec)
    print(json.dumps(answers, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
