"""Demo data of the one-stop desk: the catalogue and a realistic history.

Q1/2022 reproduces the figures the department reported (1.635 dossiers
received, 11 of them late); recent weeks give every inbox something to do.
All of it goes through the services, deterministically (a fixed seed).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from tuphap.dossiers import services
from tuphap.dossiers.catalogue import PROCEDURES, VALID_FROM
from tuphap.dossiers.models import Dossier
from tuphap.orgs.models import Agency, Unit
from tuphap.workdays.selectors import office_clock

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
Q1_2022_RECEIVED = 1635
Q1_2022_LATE = 11
RECENT = 60

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Hữu", "Thanh", "Quốc", "Thu", "Đức", "Kim", "Xuân", "Hoài"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Hùng", "Hương", "Khánh", "Lan", "Linh",
         "Long", "Mai", "Nam", "Nga", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Trung", "Tuấn", "Vy", "Yến"]
WARDS = ["phường Phú Thủy", "phường Đức Nghĩa", "phường Mũi Né", "xã Hàm Thắng", "phường Phước Hội", "xã Tuy Phong", "phường Bình Hưng"]


def _applicant(rng: random.Random) -> dict[str, str]:
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return {
        "name": name,
        "id_number": "060" + "".join(rng.choice("0123456789") for _ in range(9)),
        "phone": "09" + "".join(rng.choice("0123456789") for _ in range(8)),
        "address": f"{rng.randint(1, 300)} {rng.choice(['Trần Hưng Đạo', 'Nguyễn Huệ', 'Tôn Đức Thắng', 'Lê Lợi', 'Hùng Vương'])}, {rng.choice(WARDS)}",
    }


def load(stdout: Any) -> None:
    agency = Agency.objects.get(code=settings.TUPHAP_AGENCY_CODE)
    units = {u.code: u for u in Unit.objects.filter(agency=agency)}
    for data in PROCEDURES:
        services.procedure_publish(actor=None, data=data, agency=agency, unit=units[data["unit"]], valid_from=VALID_FROM)
    if Dossier.objects.filter(import_key__startswith="demo-").exists():
        return
    user_model = get_user_model()
    people = {u.username: u for u in user_model.objects.filter(username__in=["motcua", "chuyenvien", "truongphong", "giamdoc"])}
    rng = random.Random(20220331)  # noqa: S311 - demo data, not security
    with services.quiet():
        _quarter(rng, people)
        _recent(rng, people)
    stdout.write(f"Hồ sơ một cửa: {len(PROCEDURES)} thủ tục, {Dossier.objects.count()} hồ sơ mẫu.")


def _working_instant(rng: random.Random, day: dt.date) -> dt.datetime:
    minute = rng.randint(0, 7 * 60)
    hour, minute = divmod(7 * 60 + minute + (120 if minute > 270 else 0), 60)
    return dt.datetime(day.year, day.month, day.day, min(hour, 16), minute, tzinfo=TZ)


def _quarter(rng: random.Random, people: dict[str, Any]) -> None:
    """Q1/2022: 1.635 received at the desk, all handled; exactly 11 late."""
    clock = office_clock()
    days = [dt.date(2022, 1, 1) + dt.timedelta(days=i) for i in range(90)]
    days = [d for d in days if clock.is_working_day(d)]
    late = set(rng.sample(range(Q1_2022_RECEIVED), Q1_2022_LATE))
    procedures = [p["code"] for p in PROCEDURES if p["code"] != "2.000505.000.00.00.H09"]
    weights = [40 if p.startswith("2.000488") else 3 for p in procedures]
    for i in range(Q1_2022_RECEIVED):
        received = _working_instant(rng, days[i * len(days) // Q1_2022_RECEIVED])
        with transaction.atomic():
            dossier = services.dossier_receive(
                actor=None, procedure_code=rng.choices(procedures, weights)[0], applicant=_applicant(rng),
                channel=rng.choices(["desk", "online", "post"], [70, 25, 5])[0], received_at=received,
                import_key=f"demo-2022q1-{i:04d}", flags={"scanned_components": rng.random() < 0.6},
            )
            due = dossier.due_at or received
            if i in late:
                finish = due + dt.timedelta(hours=rng.randint(20, 72))
            else:
                span = (due - received).total_seconds()
                finish = received + dt.timedelta(seconds=span * rng.uniform(0.35, 0.98))
            services.dossier_resolve(actor=None, dossier=dossier, outcome="approved", at=finish, electronic_result=rng.random() < 0.4)
            services.dossier_return(actor=None, dossier=dossier, at=finish + dt.timedelta(hours=rng.randint(1, 30)))


def _recent(rng: random.Random, people: dict[str, Any]) -> None:
    """The last weeks: dossiers in every state, for the inboxes and the warnings."""
    from django.utils import timezone

    now = timezone.now()
    clock = office_clock()
    today = timezone.localdate()
    days = []
    day = today
    while len(days) < 12:
        if clock.is_working_day(day):
            days.append(day)
        day -= dt.timedelta(days=1)
    specialist, head = people.get("chuyenvien"), people.get("truongphong")
    for i in range(RECENT):
        day = days[i % len(days)]
        received = _working_instant(rng, day)
        if received > now:
            received = now - dt.timedelta(minutes=5 + i)
        procedure = rng.choice([p for p in PROCEDURES if p["unit"] == "hctp" and p["fee"]])["code"]  # citizens' procedures
        dossier = services.dossier_receive(
            actor=None, procedure_code=procedure, applicant=_applicant(rng), channel=rng.choice(["desk", "online"]),
            received_at=received, import_key=f"demo-recent-{i:03d}",
        )
        step = i % 6
        if step >= 1 and head is not None and specialist is not None:
            services.dossier_assign(actor=head, dossier=dossier, handler=specialist)
        if step == 2:
            services.dossier_request_supplement(actor=specialist, dossier=dossier, items=["Bản chụp giấy tờ chứng minh nơi cư trú"], reason="Thiếu thành phần")
        if step >= 4 and head is not None:
            services.dossier_resolve(actor=head, dossier=dossier, outcome="approved")
        if step == 5:
            services.dossier_return(actor=people.get("motcua"), dossier=dossier)
