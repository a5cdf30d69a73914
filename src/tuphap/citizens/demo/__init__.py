"""Demo citizens (``manage.py demo`` calls ``load``): ``congdan`` and ``congdan2``, the two
identities of the stand-in provider (standins/oidc, same subjects), so that they sign in through
it and ``manage.py create_api_token congdan`` works before their first sign-in. Fictitious people."""

from __future__ import annotations

from typing import Any

CITIZENS = [
    {
        "username": "congdan",
        "sub": "congdan",
        "name": "Nguyễn Thị Minh Anh",
        "id_number": "001190012345",
        "birthdate": "1990-04-12",
        "email": "congdan@example.vn",
        "phone_number": "0912000111",
    },
    {
        "username": "congdan2",
        "sub": "congdan2",
        "name": "Trần Văn Bình",
        "id_number": "001085067890",
        "birthdate": "1985-09-02",
        "email": "congdan2@example.vn",
        "phone_number": "0988000222",
    },
]


def load(stdout: Any) -> None:
    from django.contrib.auth import get_user_model

    from tuphap.citizens.models import CitizenProfile
    from tuphap.citizens.services import citizen_from_identity

    users = get_user_model()
    for spec in CITIZENS:
        if CitizenProfile.objects.filter(oidc_subject=spec["sub"]).exists():
            continue  # a second run changes nothing (the identity is refreshed at each real sign-in)
        claims = {k: v for k, v in spec.items() if k != "username"} | {
            "email_verified": True,
            "phone_number_verified": True,
        }
        user = citizen_from_identity(claims=claims)
        if user.username != spec["username"] and not users.objects.filter(username=spec["username"]).exists():
            user.username = spec["username"]  # the demo's readable name, for create_api_token
            user.save(update_fields=["username"])
    count = CitizenProfile.objects.filter(oidc_subject__in=[c["sub"] for c in CITIZENS]).count()
    stdout.write(f"Công dân mẫu: {count} (đăng nhập qua nhà cung cấp định danh thử, mật khẩu “tuphap-demo”).")
