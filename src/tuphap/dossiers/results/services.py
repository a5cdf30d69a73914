"""Issuing the electronic result of a dossier and checking it.

The QR code of the PDF opens ``/ho-so/xac-thuc/<token>/``: the token is signed
with the site's secret (``django.core.signing``) over the dossier code, the hash
of the result's essentials and the date of issue. The page shows the
essentials (number, date, agency, procedure) and whether they still match; a
PDF uploaded there is compared with the hash of the PDF that was issued.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tuphap.core.errors import ConflictError
from tuphap.core.services import audit_record
from tuphap.dossiers.documents.build import _agency_lines, qr_png
from tuphap.dossiers.documents.model import Document, Para, Signature, vn_date
from tuphap.dossiers.documents.render import to_pdf
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.results.models import ElectronicResult
from tuphap.dossiers.results.signing import DocumentSigner
from tuphap.dossiers.workflow import State

SALT = "tuphap.dossiers.result"
ISSUABLE = {State.RESOLVED, State.RETURNED}
ENDED_WITHOUT_RESULT = {State.REFUSED, State.WITHDRAWN, State.STOPPED}


def why_not_issued(dossier: Dossier) -> str:
    """Why no electronic result can be issued for the dossier now, said to the applicant ("" when one can)."""
    if dossier.state in ENDED_WITHOUT_RESULT:
        return "Hồ sơ đã kết thúc mà không có kết quả giải quyết (bị từ chối tiếp nhận, đã rút hoặc dừng giải quyết)."
    if dossier.state not in ISSUABLE:
        return "Hồ sơ chưa được giải quyết xong nên chưa có kết quả để tải."
    if dossier.outcome != Dossier.Outcome.APPROVED:
        return "Hồ sơ không được chấp thuận nên không có kết quả điện tử; xem lý do trong hồ sơ."
    if not dossier.electronic_result:
        return "Kết quả của hồ sơ này không được cấp dưới dạng điện tử; nhận kết quả theo cách đã chọn khi nộp."
    return ""


def may_issue(dossier: Dossier) -> bool:
    return not why_not_issued(dossier)


def essentials(dossier: Dossier, number: str, issued_on: dt.date) -> dict[str, str]:
    """What the verification page may show: no personal data."""
    _parent, agency, _place = _agency_lines(dossier.agency, issued_on)
    return {
        "code": dossier.code,
        "number": number,
        "issued_on": issued_on.isoformat(),
        "agency": agency,
        "procedure": dossier.procedure.name,
    }


def content_hash(data: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def verification_token(result: ElectronicResult) -> str:
    return signing.dumps(
        {"c": result.dossier.code, "h": result.content_hash, "d": result.issued_on.isoformat()}, salt=SALT
    )


def _document(dossier: Dossier, number: str, issued_on: dt.date, url: str) -> Document:
    parent, agency, place = _agency_lines(dossier.agency, issued_on)
    return Document(
        key="result",
        form_label="",
        title="KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH (BẢN ĐIỆN TỬ)",
        parent_agency=parent,
        agency=agency,
        number=f"Số: {number}",
        place_date=f"{place}, {vn_date(issued_on)}",
        blocks=[
            Para(dossier.procedure.name, label="Thủ tục: "),
            Para(dossier.code, label="Mã hồ sơ: "),
            Para(dossier.applicant_name, label="Người yêu cầu: "),
            Para("Hồ sơ đã được giải quyết; kết quả được cấp dưới dạng điện tử.", label="Kết quả: "),
            *([Para(dossier.outcome_reason, label="Nội dung: ")] if dossier.outcome_reason else []),
        ],
        signatures=[Signature(title="CƠ QUAN GIẢI QUYẾT", note="(Đã ký số)")],
        qr_png=qr_png(url),
        qr_caption="Quét mã để kiểm tra tính xác thực của văn bản:",
        qr_url=url,
        filename=f"ket-qua-{dossier.code}",
    )


def result_issue(*, dossier: Dossier, base_url: str, signer: DocumentSigner) -> ElectronicResult:
    """The dossier's electronic result, issued once (later calls return the same)."""
    existing = ElectronicResult.objects.select_related("dossier").filter(dossier=dossier).first()
    if existing is not None:
        return existing
    reason = why_not_issued(dossier)
    if reason:
        raise ConflictError(reason, code="no_electronic_result")
    issued_on = timezone.localdate(dossier.finished_at) if dossier.finished_at else timezone.localdate()
    number = f"{dossier.code}/KQĐT"
    data = essentials(dossier, number, issued_on)
    result = ElectronicResult(dossier=dossier, number=number, issued_on=issued_on, content_hash=content_hash(data))
    url = base_url.rstrip("/") + reverse("dossiers:result_verify", args=[verification_token(result)])
    pdf = to_pdf(_document(dossier, number, issued_on, url))
    result.pdf = pdf
    result.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    result.signature = signer.sign(pdf)
    result.signer = signer.name[:255]
    try:
        with transaction.atomic():
            result.save()
            audit_record(actor=None, action="dossier.result_issued", obj=dossier, after={"number": number})
    except IntegrityError:  # issued at the same moment by another request
        return ElectronicResult.objects.select_related("dossier").get(dossier=dossier)
    return result


#: the parts of a result an applicant downloads
PARTS = ("pdf", "signature")


def result_download(
    *, actor: Any, dossier: Dossier, part: str, base_url: str, signer: DocumentSigner, via: str
) -> ElectronicResult:
    """The applicant takes the result's PDF or its signature: issued on the first time, and every
    taking recorded (``dossier.result_download``: who, which part, through which path; the result
    carries the applicant's name). ``actor`` None: the holder of the dossier's signed status link.
    A ConflictError (409) says in Vietnamese why there is no result yet."""
    if part not in PARTS:
        raise ValueError(f"unknown part of a result: {part}")
    result = result_issue(dossier=dossier, base_url=base_url, signer=signer)
    audit_record(
        actor=actor,
        action="dossier.result_download",
        obj=dossier,
        after={"part": part, "via": via, "number": result.number},
    )
    return result


def issued(dossier: Dossier) -> ElectronicResult | None:
    """The result issued for the dossier, if any (a read: issuing is ``result_issue``'s)."""
    found = ElectronicResult.objects.filter(dossier=dossier).defer("pdf", "signature").first()
    if found is not None:
        found.dossier = dossier
    return found


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str  # "" when valid; "forged", "unknown", "changed"
    facts: dict[str, Any]


def verify_token(token: str) -> Verdict:
    try:
        claim = signing.loads(token, salt=SALT)
        code, digest, day = str(claim["c"]), str(claim["h"]), str(claim["d"])
    except (signing.BadSignature, KeyError, TypeError):
        return Verdict(False, "forged", {})
    result = ElectronicResult.objects.select_related("dossier__procedure", "dossier__agency").filter(dossier__code=code)
    found = result.first()
    if found is None:
        return Verdict(False, "unknown", {})
    facts = essentials(found.dossier, found.number, found.issued_on)
    if digest != found.content_hash or day != found.issued_on.isoformat() or content_hash(facts) != digest:
        return Verdict(False, "changed", facts)
    return Verdict(True, "", facts)


def pdf_matches(token: str, pdf: bytes) -> bool | None:
    """Whether ``pdf`` is, byte for byte, the PDF issued for the token's result (None: no such result)."""
    verdict = verify_token(token)
    if not verdict.facts:
        return None
    found = ElectronicResult.objects.filter(dossier__code=verdict.facts["code"]).values_list("pdf_sha256", flat=True)
    return hashlib.sha256(pdf).hexdigest() == found.first()
