"""Run the stand-in OpenID Connect provider on loopback: migrate its own SQLite
database, make sure of its signing key, its one client (tuphap) and the demo
identities, then serve until killed.

    python standins/oidc/run.py --port 8101 --db var/standin-oidc.sqlite3 \
        --client-id tuphap --client-secret ... --redirect-uri http://127.0.0.1:8000/cong-dan/oidc/callback/

Prints ``ready <issuer>`` on stdout once it listens (the tests wait for it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

HERE = Path(__file__).resolve().parent
PASSWORD = "tuphap-demo"  # noqa: S105 - the demo's published password, on loopback only
#: The demo citizens (fictitious people: names, numbers and addresses are made up).
IDENTITIES = [
    {
        "username": "congdan",
        "full_name": "Nguyễn Thị Minh Anh",
        "birthdate": dt.date(1990, 4, 12),
        "id_number": "001190012345",
        "phone": "0912000111",
        "email": "congdan@example.vn",
        "address": "12 đường Trần Phú, phường Hà Đông, Hà Nội",
    },
    {
        "username": "congdan2",
        "full_name": "Trần Văn Bình",
        "birthdate": dt.date(1985, 9, 2),
        "id_number": "001085067890",
        "phone": "0988000222",
        "email": "congdan2@example.vn",
        "address": "5 phố Lê Lợi, phường Hà Đông, Hà Nội",
    },
]


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def _seed(client_id: str, client_secret: str, redirect_uris: list[str]) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType, RSAKey
    from standin_oidc.models import Identity

    call_command("migrate", verbosity=0, interactive=False)
    if not RSAKey.objects.exists():
        call_command("creatersakey", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client, _ = Client.objects.update_or_create(
        client_id=client_id,
        defaults={
            "name": "tuphap",
            "client_type": "confidential",
            "client_secret": client_secret,
            "jwt_alg": "RS256",
            "require_consent": False,
            "reuse_consent": True,
            "_redirect_uris": "\n".join(redirect_uris),
            "_scope": "openid profile email phone address citizen",
        },
    )
    code, _ = ResponseType.objects.get_or_create(
        value="code", defaults={"description": "code (Authorization Code Flow)"}
    )
    client.response_types.set([code])
    users = get_user_model()
    for spec in IDENTITIES:
        user, created = users.objects.get_or_create(username=spec["username"])
        if created or not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save()
        fields = {k: v for k, v in spec.items() if k != "username"}
        Identity.objects.update_or_create(user=user, defaults=fields)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--db", default=str(HERE.parents[1] / "var" / "standin-oidc.sqlite3"))
    parser.add_argument("--client-id", default="tuphap")
    parser.add_argument("--client-secret", default="tuphap-standin-secret")
    parser.add_argument("--redirect-uri", action="append", default=[])
    args = parser.parse_args(argv)
    site = f"http://127.0.0.1:{args.port}"
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    os.environ.update({"STANDIN_SITE_URL": site, "STANDIN_DB": args.db})
    os.environ["DJANGO_SETTINGS_MODULE"] = "standin_oidc.settings"
    sys.path.insert(0, str(HERE))
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application

    _seed(args.client_id, args.client_secret, args.redirect_uri or ["http://127.0.0.1:8000/cong-dan/oidc/callback/"])
    server = make_server("127.0.0.1", args.port, get_wsgi_application(), server_class=_Server, handler_class=_Quiet)
    print(f"ready {site}", flush=True)  # noqa: T201
    server.serve_forever()


if __name__ == "__main__":
    main()
