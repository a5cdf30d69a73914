from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tuphap.dossiers import procedures, services
from tuphap.dossiers.catalogue import PROCEDURES
from tuphap.orgs.roles import Role

LLTP = "2.000488.000.00.00.H09"  # judicial record: 10 calendar days
NOTARY = "1.001877.000.00.00.H09"  # notary card: 5 working days (btp unit)
NATIONALITY = "2.001895.000.00.00.H09"  # 5 working days (hctp unit)

APPLICANT = {
    "name": "Nguyễn Văn An",
    "id_number": "060123456789",
    "phone": "0912345678",
    "email": "an@example.vn",
    "address": "Phan Thiết",
}


@pytest.fixture
def catalogue(department: Any, units: dict[str, Any]) -> dict[str, Any]:
    published = {}
    for data in PROCEDURES:
        if data["code"] in {LLTP, NOTARY, NATIONALITY}:
            published[data["code"]] = procedures.procedure_publish(
                actor=None, data=data, agency=department, unit=units[data["unit"]], valid_from=dt.date(2015, 1, 1)
            )
    return published


@pytest.fixture
def staff(make_staff: Callable[..., Any]) -> dict[str, Any]:
    return {
        "reception": make_staff("motcua", Role.RECEPTION),
        "specialist": make_staff("chuyenvien", Role.SPECIALIST),
        "head": make_staff("truongphong", Role.UNIT_HEAD),
        "other_specialist": make_staff("chuyenvienbtp", Role.SPECIALIST, unit="btp"),
        "other_head": make_staff("truongphongbtp", Role.UNIT_HEAD, unit="btp"),
        "director": make_staff("giamdoc", Role.DIRECTOR, unit=None),
        "editor": make_staff("bientap", Role.EDITOR),
    }


@pytest.fixture
def receive(catalogue: dict[str, Any], staff: dict[str, Any]) -> Callable[..., Any]:
    def go(code: str = NATIONALITY, **kwargs: Any) -> Any:
        kwargs.setdefault("applicant", APPLICANT)
        return services.dossier_receive(actor=kwargs.pop("actor", None), procedure_code=code, **kwargs)

    return go
