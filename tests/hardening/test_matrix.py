"""Who may call what: every URL and every API operation, as every role and anonymously.

The principals: anonymous, the six roles of ``orgs/roles.py`` (the admin role
alone, without Django's superuser flag), the superuser (the demo's ``admin``)
and a former officer whose roles were taken away. The table below is written
out by hand from the law and the design (``CAPABILITIES``, the dossier
workflow's roles, ``docs/desk.md``, ``docs/workplans.md``, ``docs/portal.md``),
never computed from ``can()``: a wrong line in ``CAPABILITIES`` must make this
test fail, not follow it. Each row says which principals succeed and with which
status; every other principal is refused: anonymous visitors are sent to the
login page (the API answers 401), logged-in staff without the right get 403.
Nothing answers 500.

Every request runs inside a savepoint that is rolled back, so each principal
meets the same data (a dossier waiting to be assigned is still waiting for the
next role) and a POST that succeeds really did what the role asked. The data
are built once for the module.

Completeness: a URL pattern or an API operation that the table does not list
fails ``test_every_url_and_operation_is_in_the_table``; a GET-only page that
starts answering POST (or the reverse) fails ``test_unlisted_methods_are_refused``;
Django's admin is ``test_admin_site``.

Scoping: ``test_dossiers_stay_in_their_scope``, ``test_reports_stay_in_their_unit``
and ``test_tasks_stay_in_their_unit`` build dossiers and tasks in two units (and
a dossier of another agency) and check lists, pages, forms, files, the
register, reports and the API from each side.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.core import signing
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from tests.dossiers.conftest import APPLICANT, LLTP, NATIONALITY, NOTARY
from tuphap.core.services import api_token_create
from tuphap.dossiers import services as dossiers
from tuphap.dossiers.attachments import attachment_add
from tuphap.dossiers.catalogue import PROCEDURES
from tuphap.dossiers.documents.build import status_token
from tuphap.dossiers.models import Procedure
from tuphap.dossiers.online.components import components_of
from tuphap.dossiers.payments.models import Payment
from tuphap.dossiers.results.services import SALT as RESULT_SALT
from tuphap.lawdocs import services as lawdocs
from tuphap.lawdocs.models import DocumentFile
from tuphap.orgs import services as orgs
from tuphap.orgs.roles import Role
from tuphap.portal import services as portal
from tuphap.workdays import services as workdays
from tuphap.workplans import services as workplans

pytestmark = pytest.mark.django_db  # so that the test database exists; the world below holds the data

# --------------------------------------------------------------------------- principals

ANON = "anonymous"
R = "reception"  # cán bộ một cửa (unit hctp)
S = "specialist"  # chuyên viên (unit hctp)
H = "unit_head"  # trưởng phòng (unit hctp)
D = "director"  # lãnh đạo Sở (no unit: the whole department)
E = "editor"  # biên tập viên (unit hctp)
A = "admin"  # quản trị hệ thống: the role alone, not a superuser (unit hctp)
SU = "superuser"  # the demo's "admin" account: role admin and Django superuser
NR = "no_role"  # a former officer: the account is active, its roles were taken away
C = "citizen"  # a citizen signed in (tuphap.citizens, issue 18): no staff capability at all
PRINCIPALS = (ANON, R, S, H, D, E, A, SU, NR, C)

STAFF = frozenset({R, S, H, D, E, A, SU})
LOGGED_IN = STAFF | {NR, C}
CIT = frozenset({C})  # the citizen's own pages and API (dossiers.online)
NOT_CITIZENS_API = {p: 401 for p in STAFF | {NR}}  # staff tokens and sessions are no citizen identity
EVERYONE = LOGGED_IN | {ANON}
DOSSIER_STAFF = frozenset({R, S, H, D, SU})  # dossiers.view: the one-stop desk and the units that handle dossiers
PERSONAL = frozenset(
    {R, S, H, D}
)  # dossiers.view_personal: a role only, never the superuser flag alone (roles.ROLE_ONLY)
LAWDOCS = frozenset({S, H, D, A, SU})  # lawdocs.view / lawdocs.edit
LAW_STAFF = frozenset({S, H, D, SU})  # lawdocs.appraise / lawdocs.review: the department's lawyers
TASK_VIEW = frozenset({S, H, D, A, SU})  # workplans.view
TASK_EDIT = frozenset({S, H, D, SU})  # workplans.edit
LEADERS = frozenset({D, SU})  # workplans.direct, portal.approve
REPORTS = frozenset({H, D, A, SU})  # reports.view
PORTAL_REVIEW = frozenset({E, D, SU})  # portal.review
PORTAL_WRITE = frozenset({E, SU})  # portal.write / portal.publish
PORTAL_SETTINGS = frozenset({D, A, SU})
CALENDAR_EDIT = frozenset({A, SU})
AUDIT = frozenset({D, A, SU})


def only(*principals: str) -> frozenset[str]:
    return frozenset(principals)


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Row:
    """One request and the principals for whom it succeeds with ``ok``.

    ``path`` and string values of ``data`` are formatted with the world's
    placeholders ({d_rec}, {t_new}, …). ``expect`` overrides the expected
    status for single principals (each override says why)."""

    method: str
    path: str
    allowed: frozenset[str]
    ok: int = 200
    data: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] | None = None
    json: dict[str, Any] | None = None
    htmx: bool = False
    expect: dict[str, int] = field(default_factory=dict)
    # where a refused anonymous visitor is sent: the staff's login page, or the citizens' for their pages
    login: str = "/dang-nhap/"
    # an export in another format of a page whose HTML row checks every principal: every refused
    # principal is checked, the document itself is rendered for the first allowed one only
    heavy: bool = False

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def scan(_w: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "component", "file": SimpleUploadedFile("scan.png", png(), content_type="image/png")}


def violations_file(_w: dict[str, Any]) -> dict[str, Any]:
    from tuphap.workplans import importer

    return {"action": "import", "imp-file": SimpleUploadedFile("so-lieu.xlsx", importer.template_xlsx())}


def article_photo(w: dict[str, Any]) -> dict[str, Any]:
    return {
        "category": w["category"],
        "title": "Hội nghị tổng kết",
        "lead": "Tóm tắt.",
        "body": "<p>Nội dung.</p>",
        "byline": "",
        "image": SimpleUploadedFile("anh.png", png(), content_type="image/png"),
        "caption": "Ảnh",
    }


LAWDOC_FORM = {
    "action": "save",
    "number": "12/2016/QĐ-UBND",
    "doc_type": "decision",
    "issuer": "Ủy ban nhân dân tỉnh Bình Thuận",
    "title": "Quyết định về học phí (sửa trích yếu)",
    "issued_on": "2016-03-01",
    "effective_from": "2016-03-15",
}


def online_application(_w: dict[str, Any]) -> dict[str, Any]:
    """An online application for the nationality procedure: every component as a PNG scan."""
    components = Procedure.objects.filter(code=NATIONALITY).order_by("-version").first().components
    files = {f"component_{c.id}": SimpleUploadedFile("scan.png", png()) for c in components_of(components)}
    return {"procedure_code": NATIONALITY, "delivery": "desk", "phone": "0912000111", "declaration": "on", **files}


def supplement_files(_w: dict[str, Any]) -> dict[str, Any]:
    """The missing item of a request to supplement, as a PNG scan."""
    return {"files": SimpleUploadedFile("cccd.png", png()), "note": "Bản sao CCCD"}


def lawdoc_pdf(_w: dict[str, Any]) -> dict[str, Any]:
    return {
        "action": "file",
        "file": SimpleUploadedFile("quyet-dinh.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf"),
    }


# Pages (HTML, HTMX fragments, exports, form posts). Keep the order of the URL configuration.
PAGES: list[Row] = [
    # core
    Row("GET", "/van-phong/", STAFF),
    Row("GET", "/healthz", EVERYONE),
    Row("GET", "/robots.txt", EVERYONE),
    Row("GET", "/favicon.ico", EVERYONE),
    # the login page: logged-in staff are sent on to the back office
    Row("GET", "/dang-nhap/", EVERYONE, expect={p: 302 for p in LOGGED_IN}),
    Row(
        "POST",
        "/dang-nhap/",
        EVERYONE,
        data={"username": "khongco", "password": "sai"},
        expect={p: 302 for p in LOGGED_IN},
    ),
    Row("POST", "/dang-xuat/", EVERYONE, ok=302),
    Row("POST", "/ngon-ngu/", EVERYONE, ok=302, data={"language": "vi", "next": "/"}),
    Row("GET", "/nhat-ky/", AUDIT),
    # citizens' accounts (issue 18): sign-in (single sign-on off in the tests: its start is 404, its
    # callback without a state goes back to the sign-in page), sign-up, code, account
    Row("GET", "/cong-dan/dang-nhap/", EVERYONE),
    Row("POST", "/cong-dan/dang-nhap/", EVERYONE, ok=400, data={"contact": "0900000000", "password": "sai"}),
    Row("GET", "/cong-dan/dang-nhap/dinh-danh/", EVERYONE, ok=404),
    Row("GET", "/cong-dan/oidc/callback/", EVERYONE, ok=302),
    Row("GET", "/cong-dan/dang-ky/", EVERYONE),
    Row(
        "POST",
        "/cong-dan/dang-ky/",
        EVERYONE,
        ok=303,
        data={"full_name": "Lê Thị Hoa", "contact": "0900000001", "password": "mot-mat-khau-kho-doan-9"},
    ),
    Row("GET", "/cong-dan/xac-minh/", EVERYONE, ok=302),  # no account waiting for its code in this browser
    Row("POST", "/cong-dan/xac-minh/", EVERYONE, ok=302, data={"code": "123456"}),
    Row("POST", "/cong-dan/dang-xuat/", EVERYONE, ok=303),
    Row("GET", "/cong-dan/tai-khoan/", CIT, login="/cong-dan/dang-nhap/"),
    Row(
        "POST",
        "/cong-dan/tai-khoan/",
        CIT,
        data={"phone": "0912000999", "email": "", "address": "Phan Thiết"},
        login="/cong-dan/dang-nhap/",
    ),
    # the API's own pages: the schema is public documentation
    Row("GET", "/api/v1/openapi.json", EVERYONE),
    Row("GET", "/api/v1/docs", EVERYONE),
    Row("GET", "/api/v1/", EVERYONE, ok=404),  # django-ninja's root: only names the docs, answers "not found"
    # workdays: every officer reads the calendar; administrators edit it
    Row("GET", "/lich-lam-viec/", STAFF),
    Row(
        "POST",
        "/lich-lam-viec/",
        CALENDAR_EDIT,
        ok=302,
        data={"date": "{free_day}", "kind": "day_off", "reason": "Nghỉ bù", "source": "Công văn"},
    ),
    Row("GET", "/lich-lam-viec/{year}/", STAFF),
    Row(
        "POST",
        "/lich-lam-viec/{year}/",
        CALENDAR_EDIT,
        ok=302,
        data={"date": "{free_day}", "kind": "day_off", "reason": "Nghỉ bù", "source": "Công văn"},
    ),
    Row("POST", "/lich-lam-viec/ngay/{day_off}/xoa/", CALENDAR_EDIT, ok=302),
    Row(
        "GET",
        "/lich-lam-viec/tinh-han/",
        STAFF,
        data={"received": "{now_local}", "amount": "5", "unit": "working_days"},
        htmx=True,
    ),
    # dossiers: citizens
    Row("GET", "/ho-so/thu-tuc/", EVERYONE),
    Row("GET", "/ho-so/thu-tuc/{procedure}/", EVERYONE),
    Row("GET", "/ho-so/tra-cuu/", EVERYONE),
    Row("GET", "/ho-so/tra-cuu/", EVERYONE, data={"code": "{d_rec}", "phone": "5678"}),
    Row("GET", "/ho-so/tra-cuu/{token_rec}/", EVERYONE),
    Row("POST", "/ho-so/tra-cuu/{token_ret}/danh-gia/", EVERYONE, ok=303, data={"rating": "good"}),
    # citizens' feedback (issue 19): the public form; the register for those who handle dossiers, scoped
    Row("GET", "/ho-so/phan-anh/", EVERYONE),
    Row(
        "POST",
        "/ho-so/phan-anh/",
        EVERYONE,
        ok=303,
        data={"kind": "recommendation", "content": "Đề nghị thêm ghế chờ.", "sender_name": "Đỗ G"},
    ),
    Row("GET", "/ho-so/phan-anh-kien-nghi/", DOSSIER_STAFF),
    Row("GET", "/ho-so/phan-anh-kien-nghi/{feedback}/", DOSSIER_STAFF),
    Row(
        "POST",
        "/ho-so/phan-anh-kien-nghi/{feedback}/",
        DOSSIER_STAFF,
        ok=303,
        data={"answer": "Sở đã tiếp thu và chấn chỉnh."},
    ),
    # dossiers: citizens signed in (issue 18), their own dossiers only
    Row("GET", "/ho-so/truc-tuyen/cho-tiep-nhan/", only(R, SU)),  # the desk's online dossiers waiting
    Row("GET", "/ho-so/nop-truc-tuyen/{procedure}/", CIT, login="/cong-dan/dang-nhap/"),
    Row(
        "POST", "/ho-so/nop-truc-tuyen/{procedure}/", CIT, ok=303, data=online_application, login="/cong-dan/dang-nhap/"
    ),
    Row("GET", "/ho-so/cua-toi/", CIT, login="/cong-dan/dang-nhap/"),
    Row("GET", "/ho-so/cua-toi/{d_online}/", CIT, login="/cong-dan/dang-nhap/"),
    Row(
        "POST", "/ho-so/cua-toi/{d_online}/rut/", CIT, ok=303, data={"reason": "Nộp nhầm"}, login="/cong-dan/dang-nhap/"
    ),
    Row(
        "POST",
        "/ho-so/cua-toi/{d_online_supp}/bo-sung/",
        CIT,
        ok=303,
        data=supplement_files,
        login="/cong-dan/dang-nhap/",
    ),
    Row(
        "POST",
        "/ho-so/cua-toi/{d_online_done}/danh-gia/",
        CIT,
        ok=303,
        data={"rating": "good"},
        login="/cong-dan/dang-nhap/",
    ),
    Row("GET", "/ho-so/cua-toi/{d_online}/tep/{online_attachment}/", CIT, login="/cong-dan/dang-nhap/"),
    Row("GET", "/ho-so/nop-truc-tuyen/{procedure}/tep/{draft_file}/", CIT, login="/cong-dan/dang-nhap/"),
    # paying online (no gateway configured here: a dossier not awaiting a fee is refused before it is needed)
    Row("POST", "/ho-so/tra-cuu/{token_rec}/nop-phi/", EVERYONE, ok=409),
    Row("GET", "/ho-so/tra-cuu/{token_fee}/nop-phi/{payment}/", EVERYONE),
    Row("GET", "/ho-so/tra-cuu/{token_fee}/bien-lai/{payment}/", EVERYONE),
    Row("POST", "/ho-so/thanh-toan/thong-bao/", EVERYONE, ok=403),  # only a notification signed with the secret
    # the electronic result (d_ret has none: not found for everyone) and its public verification
    Row("GET", "/ho-so/tra-cuu/{token_ret}/ket-qua.pdf", EVERYONE, ok=404),
    Row("GET", "/ho-so/tra-cuu/{token_ret}/ket-qua.p7s", EVERYONE, ok=404),
    Row("GET", "/ho-so/xac-thuc/{result_token}/", EVERYONE, ok=404),
    Row("POST", "/ho-so/xac-thuc/{result_token}/", EVERYONE, ok=404),
    # dossiers: staff. The inbox is for everyone who handles dossiers; the desk only for reception.
    Row("GET", "/ho-so/", DOSSIER_STAFF),
    Row("GET", "/ho-so/", DOSSIER_STAFF, data={"scope": "mine", "q": "Nguyễn"}, htmx=True),
    Row("GET", "/ho-so/tiep-nhan/", only(R, SU)),
    # receiving is a reception officer's act (workflow); a superuser passes the page's check but not the service's
    Row(
        "POST",
        "/ho-so/tiep-nhan/",
        only(R),
        ok=302,
        expect={SU: 403},
        data={
            "procedure": NATIONALITY,
            "applicant_name": "Trần Thị Bình",
            "id_type": "cccd",
            "id_number": "060123456780",
            "phone": "0987654321",
            "email": "",
            "address": "Phan Thiết",
            "channel": "desk",
            "action": "receive",
        },
    ),
    Row(
        "POST",
        "/ho-so/tiep-nhan/",
        only(R, SU),
        data={
            "procedure": NATIONALITY,
            "applicant_name": "Trần Thị Bình",
            "id_type": "cccd",
            "id_number": "060123456780",
            "phone": "0987654321",
            "channel": "desk",
            "action": "incomplete",
            "missing": "Bản sao giấy khai sinh",
        },
    ),
    Row("GET", "/ho-so/tiep-nhan/thu-tuc/", only(R, SU), data={"q": "quốc tịch"}, htmx=True),
    Row("GET", "/ho-so/tiep-nhan/hen-tra/", only(R, SU), data={"procedure": NATIONALITY}, htmx=True),
    Row("GET", "/ho-so/tiep-nhan/kiem-tra/phone/", only(R, SU), data={"phone": "0912"}, htmx=True),
    # the register (form 07): the desk, unit heads and directors; each sees the dossiers it may see
    Row("GET", "/ho-so/so-theo-doi/", only(R, H, D, SU)),
    Row(
        "GET",
        "/ho-so/so-theo-doi/",
        only(R, H, D, SU),
        data={"start": "{month_start}", "end": "{today}", "format": "html"},
    ),
    Row(
        "GET",
        "/ho-so/so-theo-doi/",
        only(R, H, D, SU),
        data={"start": "{month_start}", "end": "{today}", "format": "xlsx"},
        heavy=True,
    ),
    Row(
        "GET",
        "/ho-so/so-theo-doi/",
        only(R, H, D, SU),
        data={"start": "{month_start}", "end": "{today}", "format": "docx"},
        heavy=True,
    ),
    Row(
        "GET",
        "/ho-so/so-theo-doi/",
        only(R, H, D, SU),
        data={"start": "{month_start}", "end": "{today}", "format": "pdf"},
        heavy=True,
    ),
    Row("GET", "/ho-so/{d_rec}/", DOSSIER_STAFF),
    Row("POST", "/ho-so/{d_rec}/thong-tin-ca-nhan/", PERSONAL),  # dossiers.view_personal, audited
    # workflow actions: the roles of workflow.TRANSITIONS among those who see dossiers; a superuser holds
    # no workflow role, so the page lets it in and the service refuses it
    Row("POST", "/ho-so/{d_sub}/thao-tac/receive/", only(R), ok=302, expect={SU: 403}),
    Row(
        "POST",
        "/ho-so/{d_sub}/thao-tac/refuse/",
        only(R),
        ok=302,
        expect={SU: 403},
        data={"refuse-reason": "Không thuộc thẩm quyền"},
    ),
    Row(
        "POST",
        "/ho-so/{d_rec}/thao-tac/assign/",
        only(H, D),
        ok=302,
        expect={R: 403, S: 403, SU: 403},
        data={"assign-handler": "chuyenvien"},
    ),
    Row(
        "POST",
        "/ho-so/{d_proc}/thao-tac/forward/",
        only(R, S, H, D),
        ok=302,
        expect={SU: 403},
        data={"forward-handler": "truongphong"},
    ),
    Row(
        "POST",
        "/ho-so/{d_rec}/thao-tac/request_supplement/",
        only(R, S, H, D),
        ok=302,
        expect={SU: 403},
        data={"request_supplement-items": "Bản sao giấy khai sinh", "request_supplement-reason": "Thiếu"},
    ),
    Row("POST", "/ho-so/{d_supp}/thao-tac/supplement_received/", only(R, S, H, D), ok=302, expect={SU: 403}),
    Row("POST", "/ho-so/{d_rec}/thao-tac/request_fee/", only(S, H, D), ok=302, expect={R: 403, SU: 403}),
    Row("POST", "/ho-so/{d_fee}/thao-tac/fee_paid/", only(R, S, H, D), ok=302, expect={SU: 403}),
    Row(
        "POST",
        "/ho-so/{d_rec}/thao-tac/extend/",
        only(H, D),
        ok=302,
        expect={R: 403, S: 403, SU: 403},
        data={"extend-reason": "Cần xác minh", "extend-new_due_at": "{new_due}"},
    ),
    Row(
        "POST",
        "/ho-so/{d_rec}/thao-tac/resolve/",
        only(S, H, D),
        ok=302,
        expect={R: 403, SU: 403},
        data={"resolve-outcome": "approved"},
    ),
    Row(
        "POST",
        "/ho-so/{d_rec}/thao-tac/stop/",
        only(H, D),
        ok=302,
        expect={R: 403, S: 403, SU: 403},
        data={"stop-reason": "Có tranh chấp"},
    ),
    Row(
        "POST",
        "/ho-so/{d_rec}/thao-tac/withdraw/",
        only(R, H, D),
        ok=302,
        expect={S: 403, SU: 403},
        data={"withdraw-reason": "Người nộp rút"},
    ),
    Row("POST", "/ho-so/{d_res}/thao-tac/return/", only(R), ok=302, expect={S: 403, H: 403, D: 403, SU: 403}),
    Row(
        "POST",
        "/ho-so/{d_res}/thao-tac/rate/",
        only(R),
        ok=302,
        expect={S: 403, H: 403, D: 403, SU: 403},
        data={"rate-rating": "good"},
    ),
    Row(
        "POST",
        "/ho-so/{d_rec}/thoi-han/",
        only(R, S),
        ok=302,
        expect={H: 403, D: 403, SU: 403},
        data={"time_variant-variant": "xac-minh", "time_variant-reason": "Phải xác minh"},
    ),
    # the dossier's forms, in every format
    Row("GET", "/ho-so/{d_rec}/giay-to/receipt.html", PERSONAL),
    Row("GET", "/ho-so/{d_rec}/giay-to/receipt.pdf", PERSONAL, heavy=True),
    Row("GET", "/ho-so/{d_rec}/giay-to/receipt.docx", PERSONAL, heavy=True),
    Row("GET", "/ho-so/{d_supp}/giay-to/supplement.html", PERSONAL),
    Row("GET", "/ho-so/{d_res}/giay-to/control.html", DOSSIER_STAFF),
    # reissue the receipt (dossiers.receive): refused with 409 here, as the appointment has not moved
    Row("POST", "/ho-so/{d_rec}/giay-to/cap-lai-giay-tiep-nhan/", only(R, SU), ok=409),
    Row("POST", "/ho-so/{d_rec}/tep/", DOSSIER_STAFF, ok=302, data=scan),
    Row("GET", "/ho-so/{d_rec}/tep/{attachment}/", PERSONAL),
    # legal documents: public search and pages; drafts, appraisals and reviews for the department's lawyers
    Row("GET", "/van-ban/", EVERYONE),
    Row("GET", "/van-ban/", EVERYONE, data={"q": "học phí"}, htmx=True),
    Row("GET", "/van-ban/{doc}/", EVERYONE),
    # the registry (lawdocs.edit): register, edit, files, relations; the edit link is an island, empty for the others
    Row("GET", "/van-ban/moi/", LAWDOCS),
    Row(
        "POST",
        "/van-ban/moi/",
        LAWDOCS,
        ok=302,
        data={**LAWDOC_FORM, "number": "7/2025/QĐ-UBND", "issued_on": "2025-01-10", "effective_from": "2025-01-20"},
    ),
    Row("GET", "/van-ban/{doc}/sua/", LAWDOCS),
    Row("POST", "/van-ban/{doc}/sua/", LAWDOCS, ok=302, data=LAWDOC_FORM),
    Row("POST", "/van-ban/{doc}/sua/", LAWDOCS, ok=302, data=lawdoc_pdf),
    Row("POST", "/van-ban/{doc}/sua/", LAWDOCS, ok=302, data={"action": "remove_file", "file": "{doc_file}"}),
    Row(
        "POST",
        "/van-ban/{doc2}/sua/",
        LAWDOCS,
        ok=302,
        data={"action": "relation", "kind": "repeals", "to": "{doc_number}", "date": "2024-06-01"},
    ),
    Row("GET", "/van-ban/{doc}/cong-cu/", EVERYONE, htmx=True),
    Row("GET", "/van-ban/{doc}/tep/{doc_file}/", EVERYONE),
    Row("GET", "/van-ban/du-thao/", LAWDOCS),
    Row(
        "POST",
        "/van-ban/du-thao/",
        LAW_STAFF,
        ok=302,
        data={
            "title": "Dự thảo Quyết định về học phí",
            "doc_type": "decision",
            "lead_agency": "Sở Giáo dục và Đào tạo",
            "consultees": "Sở Tài chính",
        },
    ),
    Row("GET", "/van-ban/du-thao/{draft}/", LAWDOCS),
    Row(
        "POST", "/van-ban/du-thao/{draft}/", LAW_STAFF, ok=302, data={"action": "receive", "received_at": "{now_local}"}
    ),
    Row("GET", "/van-ban/tham-dinh/", LAWDOCS),
    Row("GET", "/van-ban/ra-soat/", LAWDOCS),
    Row(
        "POST",
        "/van-ban/ra-soat/",
        LAW_STAFF,
        ok=302,
        data={"kind": "regular", "title": "Rà soát 2025", "period_start": "2025-01-01", "period_end": "2025-12-31"},
    ),
    Row("GET", "/van-ban/ra-soat/{run}/", LAWDOCS),
    Row("POST", "/van-ban/ra-soat/{run}/", LAW_STAFF, ok=302, data={"number": "{doc_number}", "outcome": "in_force"}),
    Row(
        "POST",
        "/van-ban/ra-soat/viec/{follow_up}/xong/",
        LAW_STAFF,
        ok=302,
        data={"done_on": "{today}", "result": "Đã bãi bỏ."},
    ),
    Row("GET", "/van-ban/danh-muc-het-hieu-luc/", LAWDOCS, ok=302),
    Row("GET", "/van-ban/danh-muc-het-hieu-luc/2024/", LAWDOCS),
    Row("GET", "/van-ban/danh-muc-het-hieu-luc/2024.docx", LAWDOCS, heavy=True),
    Row("GET", "/van-ban/danh-muc-het-hieu-luc/2024.xlsx", LAWDOCS, heavy=True),
    # plans and tasks: specialists and leaders work on them; the system administrator reads
    Row("GET", "/nhiem-vu/", TASK_VIEW),
    Row("GET", "/nhiem-vu/", TASK_VIEW, data={"status": "not_started"}, htmx=True),
    Row("GET", "/nhiem-vu/{t_new}/", TASK_VIEW),
    Row("POST", "/nhiem-vu/{t_new}/", TASK_EDIT, ok=302, data={"action": "start", "start-note": "Bắt đầu"}),
    Row("POST", "/nhiem-vu/{t_prog}/", TASK_EDIT, ok=302, data={"action": "note", "note-note": "Đang làm"}),
    Row(
        "POST",
        "/nhiem-vu/{t_prog}/",
        TASK_EDIT,
        ok=302,
        data={"action": "complete", "complete-result_document": "Báo cáo 1/BC-STP"},
    ),
    Row("POST", "/nhiem-vu/{t_done}/", LEADERS, ok=302, data={"action": "reopen", "reopen-reason": "Chưa đạt"}),
    Row(
        "POST",
        "/nhiem-vu/{t_prog}/",
        LEADERS,
        ok=302,
        data={
            "action": "reschedule",
            "reschedule-reason": "Chờ số liệu",
            "reschedule-deadline_kind": "date",
            "reschedule-due_on": "{next_month}",
        },
    ),
    Row("GET", "/nhiem-vu/ket-luan/moi/", LEADERS),
    Row(
        "POST",
        "/nhiem-vu/ket-luan/moi/",
        LEADERS,
        ok=302,
        data={
            "kind": "conclusion",
            "number": "9/TB-UBND",
            "issued_on": "{today}",
            "issuer": "UBND tỉnh",
            "title": "Kết luận",
            "text": "1. Rà soát văn bản\n2. Báo cáo",
            "lead_unit": "{hctp}",
            "deadline_kind": "working_days",
            "deadline_days": "10",
        },
    ),
    Row("GET", "/nhiem-vu/tong-hop/", LEADERS),
    Row("GET", "/nhiem-vu/ke-hoach/", TASK_VIEW),
    Row(
        "POST",
        "/nhiem-vu/ke-hoach/",
        TASK_EDIT,
        ok=302,
        data={
            "action": "create",
            "new-kind": "decision",
            "new-field": "enforcement_monitoring",
            "new-title": "QĐ lĩnh vực trọng tâm",
        },
    ),
    Row(
        "POST",
        "/nhiem-vu/ke-hoach/",
        TASK_EDIT,
        ok=302,
        data={"action": "submit", "plan": "{plan}", "p{plan}-submitted_on": "{today}"},
    ),
    Row("GET", "/nhiem-vu/xu-ly-vi-pham/", TASK_VIEW),
    Row(
        "POST",
        "/nhiem-vu/xu-ly-vi-pham/",
        TASK_EDIT,
        ok=302,
        data={
            "action": "save",
            "stat-year": "2025",
            "stat-quarter": "1",
            "stat-reporter": "Sở Tư pháp",
            "stat-field": "{stat_field}",
            "stat-decisions": "3",
            "stat-fines_imposed": "1000000",
            "stat-fines_collected": "500000",
        },
    ),
    Row("POST", "/nhiem-vu/xu-ly-vi-pham/", TASK_EDIT, data=violations_file),
    Row("GET", "/nhiem-vu/xu-ly-vi-pham/mau.xlsx", TASK_VIEW),
    # reports: unit heads (their unit), directors and the administrator (the department)
    Row("GET", "/bao-cao/", REPORTS),
    Row("GET", "/bao-cao/tai/{quarter}.html", REPORTS),
    Row("GET", "/bao-cao/tai/{quarter}.xlsx", REPORTS, heavy=True),
    Row("GET", "/bao-cao/tai/{quarter}.docx", REPORTS, heavy=True),
    Row("GET", "/bao-cao/tai/{quarter}.pdf", REPORTS, heavy=True),
    Row("GET", "/bao-cao/cong-khai/", EVERYONE),
    Row("GET", "/bao-cao/chi-so-phuc-vu/", REPORTS),
    Row("GET", "/bao-cao/chi-so-phuc-vu/ho-so/", REPORTS),
    # the portal: public pages
    Row("GET", "/", EVERYONE),
    Row("GET", "/tin-tuc/", EVERYONE),
    Row("GET", "/tin-tuc/{article_slug}/", EVERYONE),
    Row("GET", "/chuyen-muc/{category_slug}/", EVERYONE),
    Row("GET", "/thong-bao/", EVERYONE),
    Row("GET", "/thong-bao/{announcement}/", EVERYONE),
    Row("GET", "/tim-kiem/", EVERYONE, data={"q": "hội nghị"}),
    Row("GET", "/thong-ke-truy-cap/", EVERYONE, htmx=True),
    Row("GET", "/tai-khoan/", EVERYONE, htmx=True),
    Row("GET", "/media/portal/{image_path}", EVERYONE),
    Row("GET", "/rss.xml", EVERYONE),
    Row("GET", "/atom.xml", EVERYONE),
    Row("GET", "/sitemap.xml", EVERYONE),
    # the portal: editors write and publish, directors review, approve and set the options
    Row("GET", "/cong-thong-tin/", PORTAL_REVIEW),
    Row("GET", "/cong-thong-tin/bai-viet/moi/", PORTAL_WRITE),
    Row("POST", "/cong-thong-tin/bai-viet/moi/", PORTAL_WRITE, ok=302, data=article_photo),
    Row("GET", "/cong-thong-tin/bai-viet/{article}/", PORTAL_WRITE),
    Row(
        "POST",
        "/cong-thong-tin/bai-viet/{article}/",
        PORTAL_WRITE,
        ok=302,
        data={"category": "{category}", "title": "Tiêu đề mới", "lead": "", "body": "<p>Mới.</p>", "byline": ""},
    ),
    Row("GET", "/cong-thong-tin/bai-viet/{article}/xem-truoc/", PORTAL_REVIEW),
    Row("POST", "/cong-thong-tin/bai-viet/{draft_article}/xuat-ban/", PORTAL_WRITE, ok=302),
    Row("POST", "/cong-thong-tin/bai-viet/{article}/go-xuong/", PORTAL_REVIEW, ok=302),
    Row("POST", "/cong-thong-tin/bai-viet/{pending_article}/duyet/", LEADERS, ok=302),
    Row("POST", "/cong-thong-tin/anh/{image}/xoa/", PORTAL_WRITE, ok=302),
    Row("GET", "/cong-thong-tin/thong-bao/", PORTAL_REVIEW),
    Row("GET", "/cong-thong-tin/thong-bao/moi/", PORTAL_WRITE),
    Row(
        "POST",
        "/cong-thong-tin/thong-bao/moi/",
        PORTAL_WRITE,
        ok=302,
        data={"title": "Thông báo nghỉ lễ", "body": "Nghỉ.", "valid_from": "{today}"},
    ),
    Row("GET", "/cong-thong-tin/thong-bao/{announcement}/", PORTAL_WRITE),
    Row(
        "POST",
        "/cong-thong-tin/thong-bao/{announcement}/",
        PORTAL_WRITE,
        ok=302,
        data={"title": "Thông báo sửa", "body": "Sửa.", "valid_from": "{today}"},
    ),
    Row("GET", "/cong-thong-tin/cai-dat/", PORTAL_SETTINGS),
    Row(
        "POST",
        "/cong-thong-tin/cai-dat/",
        PORTAL_SETTINGS,
        ok=302,
        data={"approval_required": "on", "visits_imported": "1000"},
    ),
]

# The API (/api/v1/), by operation. Staff operations answer 401 to anonymous callers and 403 to roles without the right.
API: list[Row] = [
    Row("GET", "/api/v1/health", EVERYONE),
    Row("GET", "/api/v1/me", STAFF),
    Row("GET", "/api/v1/procedures", EVERYONE),
    # citizens (issue 18): a citizen's token or session only
    Row("POST", "/api/v1/citizen/dossiers", CIT, ok=201, data=online_application, expect=NOT_CITIZENS_API),
    Row("GET", "/api/v1/citizen/dossiers", CIT, expect=NOT_CITIZENS_API),
    Row("GET", "/api/v1/citizen/dossiers/{d_online}", CIT, expect=NOT_CITIZENS_API),
    Row(
        "POST",
        "/api/v1/citizen/dossiers/{d_online_supp}/supplement",
        CIT,
        data=supplement_files,
        expect=NOT_CITIZENS_API,
    ),
    Row(
        "POST", "/api/v1/citizen/dossiers/{d_online_done}/rating", CIT, json={"rating": "good"}, expect=NOT_CITIZENS_API
    ),
    Row("GET", "/api/v1/citizen/dossiers/{d_online_done}/result", CIT, expect=NOT_CITIZENS_API),
    Row("GET", "/api/v1/citizen/dossiers/{d_online_done}/result/signature", CIT, expect=NOT_CITIZENS_API),
    Row(
        "POST",
        "/api/v1/citizen/dossiers/{d_online}/withdraw",
        CIT,
        json={"reason": "Nộp nhầm"},
        expect=NOT_CITIZENS_API,
    ),
    # no fee to pay for a returned dossier: refused before any gateway is needed
    Row("POST", "/api/v1/citizen/dossiers/{d_online_done}/payment", CIT, ok=409, expect=NOT_CITIZENS_API),
    Row("GET", "/api/v1/procedures/{procedure}", EVERYONE),
    Row(
        "POST",
        "/api/v1/dossiers",
        only(R),
        ok=201,
        expect={SU: 403},
        json={
            "procedure_code": NATIONALITY,
            "applicant": {"name": "Lê Văn Cường", "id_number": "060123456781", "phone": "0911222333"},
        },
    ),
    Row("GET", "/api/v1/dossiers", DOSSIER_STAFF),
    Row("GET", "/api/v1/dossiers/{d_rec}", DOSSIER_STAFF),
    Row("GET", "/api/v1/dossiers/{d_rec}?reveal=true", PERSONAL),
    Row("POST", "/api/v1/dossiers/{d_sub}/actions/receive", only(R), expect={SU: 403}, json={}),
    Row(
        "POST",
        "/api/v1/dossiers/{d_sub}/actions/refuse",
        only(R),
        expect={SU: 403},
        json={"reason": "Không thuộc thẩm quyền"},
    ),
    Row(
        "POST",
        "/api/v1/dossiers/{d_rec}/actions/assign",
        only(H, D),
        expect={R: 403, S: 403, SU: 403},
        json={"handler": "chuyenvien"},
    ),
    Row(
        "POST",
        "/api/v1/dossiers/{d_proc}/actions/forward",
        only(R, S, H, D),
        expect={SU: 403},
        json={"to": "truongphong"},
    ),
    Row(
        "POST",
        "/api/v1/dossiers/{d_rec}/actions/request_supplement",
        only(R, S, H, D),
        expect={SU: 403},
        json={"items": ["Bản sao giấy khai sinh"]},
    ),
    Row("POST", "/api/v1/dossiers/{d_supp}/actions/supplement_received", only(R, S, H, D), expect={SU: 403}, json={}),
    Row("POST", "/api/v1/dossiers/{d_rec}/actions/request_fee", only(S, H, D), expect={R: 403, SU: 403}, json={}),
    Row("POST", "/api/v1/dossiers/{d_fee}/actions/fee_paid", only(R, S, H, D), expect={SU: 403}, json={"online": True}),
    Row(
        "POST",
        "/api/v1/dossiers/{d_rec}/actions/extend",
        only(H, D),
        expect={R: 403, S: 403, SU: 403},
        json={"reason": "Cần xác minh", "new_due_at": "{new_due_iso}"},
    ),
    Row(
        "POST",
        "/api/v1/dossiers/{d_rec}/actions/resolve",
        only(S, H, D),
        expect={R: 403, SU: 403},
        json={"outcome": "approved"},
    ),
    Row(
        "POST",
        "/api/v1/dossiers/{d_rec}/actions/stop",
        only(H, D),
        expect={R: 403, S: 403, SU: 403},
        json={"reason": "Có tranh chấp"},
    ),
    Row(
        "POST",
        "/api/v1/dossiers/{d_rec}/actions/withdraw",
        only(R, H, D),
        expect={S: 403, SU: 403},
        json={"reason": "Người nộp rút"},
    ),
    Row("POST", "/api/v1/dossiers/{d_res}/actions/return", only(R), expect={S: 403, H: 403, D: 403, SU: 403}, json={}),
    Row(
        "POST",
        "/api/v1/dossiers/{d_res}/actions/rate",
        only(R),
        expect={S: 403, H: 403, D: 403, SU: 403},
        json={"rating": "good"},
    ),
    Row(
        "POST",
        "/api/v1/dossiers/{d_rec}/time-variant",
        only(R, S),
        expect={H: 403, D: 403, SU: 403},
        json={"variant": "xac-minh", "reason": "Phải xác minh"},
    ),
    Row("GET", "/api/v1/public/dossiers/{d_rec}?phone_last4=5678", EVERYONE),
    Row("GET", "/api/v1/lawdocs", EVERYONE),
    Row(
        "POST",
        "/api/v1/lawdocs",
        LAWDOCS,
        ok=201,
        json={
            "number": "99/2024/QĐ-UBND",
            "type": "decision",
            "issuer": "Ủy ban nhân dân tỉnh Bình Thuận",
            "title": "Quyết định thử",
            "issued_on": "2024-03-01",
            "effective_from": "2024-03-15",
        },
    ),
    Row("GET", "/api/v1/lawdocs/by-number?number={doc_number}", EVERYONE),
    Row("GET", "/api/v1/lawdocs/{doc}", EVERYONE),
    Row("GET", "/api/v1/lawdocs/{doc}/status", EVERYONE),
    Row(
        "POST",
        "/api/v1/lawdocs/{doc2}/relations",
        LAWDOCS,
        ok=201,
        json={"kind": "amends", "to": "{doc_number}", "date": "2024-06-01"},
    ),
    Row("GET", "/api/v1/workplans/tasks", TASK_VIEW),
    Row(
        "POST",
        "/api/v1/workplans/tasks",
        LEADERS,
        ok=201,
        json={"source_id": "{source}", "content": "Báo cáo quý", "lead_unit": "hctp"},
    ),
    Row("GET", "/api/v1/workplans/tasks/{t_new}", TASK_VIEW),
    Row("POST", "/api/v1/workplans/tasks/{t_new}/actions/start", TASK_EDIT, json={}),
    Row("POST", "/api/v1/workplans/tasks/{t_prog}/actions/note", TASK_EDIT, json={"note": "Đang làm"}),
    Row(
        "POST",
        "/api/v1/workplans/tasks/{t_prog}/actions/complete",
        TASK_EDIT,
        json={"result_document": "Báo cáo 1/BC-STP"},
    ),
    Row("POST", "/api/v1/workplans/tasks/{t_done}/actions/reopen", LEADERS, json={"reason": "Chưa đạt"}),
    Row(
        "POST",
        "/api/v1/workplans/tasks/{t_prog}/actions/reschedule",
        LEADERS,
        json={"reason": "Chờ số liệu", "due_on": "{next_month}"},
    ),
    Row("GET", "/api/v1/workplans/plans", TASK_VIEW),
    Row("GET", "/api/v1/reports/dossiers?from={month_start}&to={today}", REPORTS),
    Row("GET", "/api/v1/reports/receiving-points?from={month_start}&to={today}", REPORTS),
    Row("GET", "/api/v1/reports/service-index?from={month_start}&to={today}", REPORTS),
    Row("GET", "/api/v1/portal/articles", EVERYONE),
    Row("GET", "/api/v1/portal/articles/{article_slug}", EVERYONE),
    Row("GET", "/api/v1/portal/stats", EVERYONE),
    Row("GET", "/api/v1/calendar/2026", EVERYONE),
    Row("GET", "/api/v1/agencies", EVERYONE),
    Row("GET", "/api/v1/agencies/receiving-points", EVERYONE),
]

# URL patterns that accept any method (Django's and the feeds' own views): not checked for 405.
ANY_METHOD = {"ngon-ngu/", "rss.xml", "atom.xml", "api/v1/docs", "api/v1/openapi.json", "api/v1/"}


# --------------------------------------------------------------------------- the world


def _procedure(code: str, agency: Any, unit: Any) -> Any:
    data = next(p for p in PROCEDURES if p["code"] == code)
    return dossiers.procedure_publish(actor=None, data=data, agency=agency, unit=unit, valid_from=dt.date(2015, 1, 1))


def _receive(code: str = NATIONALITY, **kwargs: Any) -> Any:
    return dossiers.dossier_receive(actor=None, procedure_code=code, applicant=APPLICANT, **kwargs)


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


@dataclass
class World:
    ids: dict[str, Any]
    users: dict[str, Any]
    tokens: dict[str, str]
    clients: dict[str, Client]


def build_world() -> World:
    parent = orgs.agency_upsert(actor=None, code="000.00.00.H09", name="Ủy ban nhân dân tỉnh Bình Thuận")
    department = orgs.agency_upsert(actor=None, code="000.00.17.H09", name="Sở Tư pháp tỉnh Bình Thuận", parent=parent)
    hctp = orgs.unit_upsert(actor=None, agency=department, code="hctp", name="Phòng Hành chính tư pháp")
    btp = orgs.unit_upsert(actor=None, agency=department, code="btp", name="Phòng Bổ trợ tư pháp")
    # another agency of the province, with its own one-stop unit: outside every one of our desk officers' scope
    neighbour = orgs.agency_upsert(actor=None, code="000.00.20.H09", name="Sở Nội vụ tỉnh Bình Thuận", parent=parent)
    neighbour_unit = orgs.unit_upsert(actor=None, agency=neighbour, code="snv", name="Phòng Công chức")

    def staff(username: str, role: Role, unit: Any, *, superuser: bool = False) -> Any:
        return orgs.staff_upsert(
            actor=None,
            username=username,
            full_name=f"Cán Bộ {username.title()}",
            roles=[role],
            unit=unit,
            password=None,
            superuser=superuser,
        )

    users = {
        R: staff("motcua", Role.RECEPTION, hctp),
        S: staff("chuyenvien", Role.SPECIALIST, hctp),
        H: staff("truongphong", Role.UNIT_HEAD, hctp),
        D: staff("giamdoc", Role.DIRECTOR, None),
        E: staff("bientap", Role.EDITOR, hctp),
        A: staff("hethong", Role.ADMIN, hctp),
        SU: staff("quantri", Role.ADMIN, hctp, superuser=True),
        # the other unit of the department
        "btp_specialist": staff("chuyenvienbtp", Role.SPECIALIST, btp),
        "btp_head": staff("truongphongbtp", Role.UNIT_HEAD, btp),
        "btp_reception": staff("motcuabtp", Role.RECEPTION, btp),
    }
    users[NR] = orgs.staff_upsert(
        actor=None, username="nghihuu", full_name="Cán Bộ Nghỉ Hưu", roles=[], unit=hctp, password=None
    )
    _procedure(NATIONALITY, department, hctp)
    _procedure(NOTARY, department, btp)
    _procedure(LLTP, neighbour, neighbour_unit)
    # a citizen (as the identity provider makes one) with a dossier submitted online
    from tuphap.citizens.services import citizen_from_identity
    from tuphap.dossiers.online.services import online_submit

    users[C] = citizen_from_identity(
        claims={"sub": "congdan", "name": "Nguyễn Thị Minh Anh", "id_number": "001190012345", "birthdate": "1990-04-12"}
    )
    application = {k: v for k, v in online_application({}).items() if k != "declaration"}
    d_online = online_submit(
        actor=users[C],
        files={k: v for k, v in application.items() if k.startswith("component_")},
        **{k: v for k, v in application.items() if not k.startswith("component_")},
    )

    def _online(delivery: str = "desk") -> Any:
        again = {k: v for k, v in online_application({}).items() if k != "declaration"} | {"delivery": delivery}
        return online_submit(
            actor=users[C],
            files={k: v for k, v in again.items() if k.startswith("component_")},
            **{k: v for k, v in again.items() if not k.startswith("component_")},
        )

    # the citizen's dossier waiting for a supplement, and one returned (to be rated, its result electronic)
    d_online_supp = dossiers.dossier_request_supplement(
        actor=None, dossier=dossiers.dossier_accept(actor=None, dossier=_online().code), items=["Bản sao CCCD"]
    )
    d_online_done = dossiers.dossier_return(
        actor=None,
        dossier=dossiers.dossier_resolve(
            actor=None,
            dossier=dossiers.dossier_accept(actor=None, dossier=_online("electronic").code),
            outcome="approved",
        ),
    )
    # a draft keeping a file (issue 18), after the submissions above (which take a draft's files)
    from tuphap.dossiers.online.services import online_draft_save

    first = next(k for k in application if k.startswith("component_"))
    online_draft = online_draft_save(
        actor=users[C], procedure_code=NATIONALITY, files={first: SimpleUploadedFile("nhap.png", png())}
    )

    now = timezone.now()
    today = timezone.localdate()

    # dossiers of unit hctp, one in each state a workflow action starts from
    d_sub = dossiers.dossier_submit(actor=None, procedure_code=NATIONALITY, applicant=APPLICANT)
    d_rec = _receive()
    d_proc = dossiers.dossier_assign(actor=None, dossier=_receive(), handler="chuyenvien")
    d_supp = dossiers.dossier_request_supplement(actor=None, dossier=_receive(), items=["Bản sao CCCD"])
    d_fee = dossiers.dossier_request_fee(actor=None, dossier=_receive())
    payment = Payment.objects.create(
        dossier=d_fee,
        reference="TTMATRIX",
        gateway="sandbox",
        amount=d_fee.procedure.fee,
        status="paid",
        transaction="SBX1",
        receipt_number="BL-MATRIX",
        finished_at=now,
    )
    d_res = dossiers.dossier_resolve(
        actor=None,
        dossier=dossiers.dossier_assign(actor=None, dossier=_receive(), handler="chuyenvien"),
        outcome="approved",
    )
    d_ret = dossiers.dossier_return(
        actor=None, dossier=dossiers.dossier_resolve(actor=None, dossier=_receive(), outcome="approved")
    )
    # an overdue one in each unit (received long ago, as an import would), for the reports' overdue lists
    d_late = _receive(received_at=now - dt.timedelta(days=60))
    # unit btp, and the neighbouring agency
    d_other = dossiers.dossier_assign(actor=None, dossier=_receive(NOTARY), handler="chuyenvienbtp")
    d_other_late = _receive(NOTARY, received_at=now - dt.timedelta(days=60))
    d_neighbour = _receive(LLTP)
    attachment = attachment_add(
        actor=users[R], dossier=d_rec, upload=SimpleUploadedFile("scan.png", png()), kind="component"
    )
    other_attachment = attachment_add(
        actor=users["btp_specialist"], dossier=d_other, upload=SimpleUploadedFile("scan.png", png()), kind="component"
    )

    # legal documents, a draft, a review run with a follow-up
    doc, _ = lawdocs.document_save(
        actor=None,
        number="12/2016/QĐ-UBND",
        doc_type="decision",
        issuer="Ủy ban nhân dân tỉnh Bình Thuận",
        title="Quyết định về học phí",
        issued_on=dt.date(2016, 3, 1),
        effective_from=dt.date(2016, 3, 15),
    )
    doc2, _ = lawdocs.document_save(
        actor=None,
        number="5/2024/QĐ-UBND",
        doc_type="decision",
        issuer="Ủy ban nhân dân tỉnh Bình Thuận",
        title="Quyết định sửa đổi",
        issued_on=dt.date(2024, 5, 1),
        effective_from=dt.date(2024, 5, 15),
    )
    # a document's file (no service attaches one: the importer's data migration or the admin does)
    doc_file = DocumentFile(document=doc, name="12-2016-QD-UBND.pdf")
    doc_file.file.save("12-2016-QD-UBND.pdf", ContentFile(b"%PDF-1.7\n" + b"x" * 100), save=True)
    draft = lawdocs.draft_create(
        actor=None, title="Dự thảo Nghị quyết", doc_type="resolution", lead_agency="Sở Tài chính"
    )
    run = lawdocs.review_run_start(
        actor=None,
        kind="regular",
        title="Rà soát 2024",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
    )
    finding = lawdocs.review_finding_record(
        actor=None, run=run, document=doc, outcome="repeal", owner=users[S], due_on=today + dt.timedelta(days=30)
    )

    # tasks of unit hctp in each state, one of unit btp; a plan
    source = workplans.task_source_create(
        actor=None,
        agency=department,
        kind="conclusion",
        number="86/TB-UBND",
        issued_on=today - dt.timedelta(days=20),
        issuer="UBND tỉnh",
        title="Kết luận",
    )

    def task(content: str, unit: Any) -> Any:
        return workplans.task_create(
            actor=None,
            source=source,
            content=content,
            lead_unit=unit,
            assigned_on=today - dt.timedelta(days=10),
            deadline_kind="date",
            due_on=today + dt.timedelta(days=30),
        )

    t_new = task("Rà soát văn bản về học phí", hctp)
    t_prog = workplans.task_start(actor=None, task=task("Báo cáo công tác hộ tịch", hctp))
    t_done = workplans.task_start(actor=None, task=task("Tổng kết công tác chứng thực", hctp))
    t_done = workplans.task_complete(actor=None, task=t_done, result_document="Báo cáo 2/BC-STP")
    t_other = task("Kiểm tra tổ chức hành nghề công chứng", btp)
    plan = workplans.plan_create(
        actor=None, kind="plan", field="enforcement_monitoring", title="Kế hoạch theo dõi thi hành pháp luật"
    )

    # the calendar: a day off to delete, a free weekday to add
    year = today.year
    day_off = workdays.calendar_day_set(
        actor=None, date=_weekday(dt.date(year, 10, 7)), kind="day_off", reason="Nghỉ bù"
    )
    free_day = _weekday(dt.date(year, 10, 21))

    # the portal: a published article with a photo, a draft, one awaiting approval, an announcement
    editor, director = users[E], users[D]
    category = portal.category_upsert(actor=None, slug="hoat-dong", name="Hoạt động của Sở", position=1)
    article = portal.article_create(
        actor=editor,
        category=category,
        title="Hội nghị tổng kết công tác tư pháp",
        lead="Tóm tắt.",
        body="<p>Nội dung.</p>",
    )
    article = portal.article_publish(actor=editor, article=article)
    image = portal.article_image_add(
        actor=editor,
        article=article,
        upload=SimpleUploadedFile("anh.png", png(), content_type="image/png"),
        caption="Ảnh",
    )
    draft_article = portal.article_create(actor=editor, category=category, title="Bản nháp", body="<p>Nháp.</p>")
    portal.portal_options_update(actor=director, approval_required=True)
    pending_article = portal.article_publish(
        actor=editor,
        article=portal.article_create(actor=editor, category=category, title="Chờ duyệt", body="<p>Chờ.</p>"),
    )
    portal.portal_options_update(actor=director, approval_required=False)
    announcement = portal.announcement_create(
        actor=editor, title="Lịch tiếp công dân", body="Thứ Hai hằng tuần.", valid_from=today
    )

    from tuphap.dossiers.feedback import feedback_submit
    from tuphap.workplans import rules

    fb = feedback_submit(
        actor=None, kind="reflection", content="Chờ lâu ở quầy tiếp nhận.", sender_name="Ngô F", dossier_code=d_rec.code
    )
    new_due = timezone.localtime(d_rec.due_at + dt.timedelta(days=7))
    ids = {
        "year": year,
        "today": today.isoformat(),
        "month_start": (today - dt.timedelta(days=90)).isoformat(),
        "next_month": (today + dt.timedelta(days=45)).isoformat(),
        "now_local": timezone.localtime(now).strftime("%Y-%m-%dT%H:%M"),
        "quarter": f"{today.year}Q{(today.month - 1) // 3 + 1}",
        "hctp": hctp.pk,
        "btp": btp.pk,
        "procedure": NATIONALITY,
        "d_sub": d_sub.code,
        "d_rec": d_rec.code,
        "d_proc": d_proc.code,
        "d_supp": d_supp.code,
        "d_fee": d_fee.code,
        "d_res": d_res.code,
        "d_ret": d_ret.code,
        "d_late": d_late.code,
        "d_other": d_other.code,
        "d_other_late": d_other_late.code,
        "d_neighbour": d_neighbour.code,
        "d_online": d_online.code,
        "online_attachment": d_online.attachments.first().pk,
        "draft_file": online_draft.draft_files.get().pk,
        "d_online_supp": d_online_supp.code,
        "d_online_done": d_online_done.code,
        "token_rec": status_token(d_rec.code),
        "token_ret": status_token(d_ret.code),
        "token_fee": status_token(d_fee.code),
        "payment": payment.reference,
        "result_token": signing.dumps({"c": d_ret.code, "h": "0" * 64, "d": today.isoformat()}, salt=RESULT_SALT),
        "attachment": attachment.pk,
        "feedback": fb.pk,
        "other_attachment": other_attachment.pk,
        "new_due": new_due.strftime("%Y-%m-%dT%H:%M"),
        "new_due_iso": new_due.isoformat(),
        "doc": doc.pk,
        "doc2": doc2.pk,
        "doc_file": doc_file.pk,
        "doc_number": doc.number,
        "draft": draft.pk,
        "run": run.pk,
        "follow_up": finding.follow_up.pk,
        "source": source.pk,
        "t_new": t_new.pk,
        "t_prog": t_prog.pk,
        "t_done": t_done.pk,
        "t_other": t_other.pk,
        "plan": plan.pk,
        "stat_field": next(iter(rules.Field)).value,
        "day_off": day_off.pk,
        "free_day": free_day.isoformat(),
        "category": category.pk,
        "category_slug": category.slug,
        "article": article.pk,
        "article_slug": article.slug,
        "draft_article": draft_article.pk,
        "pending_article": pending_article.pk,
        "image": image.pk,
        "image_path": image.image.name.removeprefix("portal/"),
        "announcement": announcement.pk,
    }
    tokens = {
        name: api_token_create(actor=None, username=user.username) for name, user in users.items()
    }  # NR's made before its roles went
    clients = {ANON: Client()}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    return World(ids=ids, users=users, tokens=tokens, clients=clients)


def _clear_caches() -> None:
    for backend in caches.all(initialized_only=True):
        backend.clear()


def _fresh_rate_limits() -> None:
    """Every request starts with empty rate-limit counters: the table makes hundreds of requests
    from one address in a few seconds (the limits themselves are tested elsewhere)."""
    caches["ratelimit" if "ratelimit" in settings.CACHES else "default"].clear()


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The data, built once for the module and rolled back after it; every cache in
    this process's memory, so that clearing them between requests touches no shared Redis."""
    local = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"matrix-{alias}"}
        for alias in settings.CACHES
    }
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"), CACHES=local),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        _clear_caches()
        yield build_world()
        transaction.set_rollback(True)


# --------------------------------------------------------------------------- calling


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {_fill(k, ids): _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


@dataclass
class Outcome:
    status: int
    location: str = ""
    body: bytes = b""
    error: str = ""

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def call(world: World, principal: str, row: Row, *, bearer: bool = True, method: str | None = None) -> Outcome:
    """One request as ``principal``, in a savepoint that is rolled back."""
    ids = world.ids
    path = _fill(row.path, ids)
    data = row.data(ids) if callable(row.data) else _fill(row.data or {}, ids)
    headers = {}
    if row.htmx:
        headers["HX-Request"] = "true"
    if row.api and principal != ANON and bearer:
        headers["Authorization"] = f"Bearer {world.tokens[principal]}"
    client = world.clients[principal]
    method = method or row.method
    _fresh_rate_limits()
    cookies = copy.deepcopy(client.cookies)  # the session row survives the rollback; a logout's cookie must not
    try:
        with transaction.atomic():
            if method == "GET":
                response = client.get(path, data, headers=headers)
            elif row.json is not None:
                response = client.post(
                    path, json.dumps(_fill(row.json, ids)), content_type="application/json", headers=headers
                )
            else:
                response = client.post(path, data, headers=headers)
            # the client closes a streamed response once it is read
            body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
            transaction.set_rollback(True)
    except Exception as exc:  # noqa: BLE001 - a server error is a finding, reported with the others
        return Outcome(500, error=f"{type(exc).__name__}: {exc}")
    finally:
        client.cookies = cookies
    return Outcome(response.status_code, response.get("Location", ""), body)


def expected(row: Row, principal: str) -> int:
    if principal in row.expect:
        return row.expect[principal]
    if principal in row.allowed:
        return row.ok
    if principal == ANON:
        return 401 if row.api else 302
    if principal in (NR, C) and row.api:
        return 401  # neither its session nor its token is a staff API identity (any more, or ever)
    return 403


def judge(row: Row, principal: str, outcome: Outcome) -> str | None:
    """None if the outcome is the expected one, else a line for the report."""
    want = expected(row, principal)
    data = f" {json.dumps(row.data, ensure_ascii=False)}" if isinstance(row.data, dict) and row.data else ""
    label = f"{row.method} {row.path}{data} as {principal}"
    if outcome.status >= 500:
        return f"{label}: server error {outcome.status} {outcome.error}"
    if outcome.status != want:
        return f"{label}: expected {want}, got {outcome.status} {outcome.location}"
    refused_anon = principal == ANON and principal not in row.allowed and principal not in row.expect
    to_login = outcome.location.startswith(row.login)
    if outcome.status == 302 and refused_anon and not to_login:
        return f"{label}: expected a redirect to the login page, got {outcome.location}"
    if outcome.status == 302 and not refused_anon and to_login:
        return f"{label}: sent to the login page although allowed"
    return None


def principals_for(row: Row) -> list[str]:
    """Every principal; for a heavy export only the first allowed one besides all the refused ones."""
    if not row.heavy:
        return list(PRINCIPALS)
    first = next(p for p in PRINCIPALS if p in row.allowed)
    return [p for p in PRINCIPALS if p == first or p not in row.allowed]


# --------------------------------------------------------------------------- the matrix


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_role_endpoint_matrix(world: World, principal: str) -> None:
    """Every page and API operation as this principal: exactly the allowed ones succeed."""
    rows = [row for row in PAGES + API if principal in principals_for(row)]
    problems = [problem for row in rows if (problem := judge(row, principal, call(world, principal, row)))]
    assert problems == [], f"{len(problems)} of {len(rows)} calls as {principal} went wrong:\n" + "\n".join(problems)


def test_the_judge_notices_a_wrong_line(world: World) -> None:
    """The table is not a tautology: a line that lets every officer read the audit log is caught."""
    wrong = Row("GET", "/nhat-ky/", STAFF)
    caught = {p for p in PRINCIPALS if judge(wrong, p, call(world, p, wrong))}
    assert caught == {R, S, H, E}


def test_api_by_session_matches_by_token(world: World) -> None:
    """Browsers call the API with their session: the same answers as with a token (reads; a
    director, who may read most, an editor, who may read least, and a former officer)."""
    problems = [
        problem
        for row in API
        if row.method == "GET"
        for principal in (D, E, NR)
        if (problem := judge(row, principal, call(world, principal, row, bearer=False)))
    ]
    assert problems == []


# --------------------------------------------------------------------------- completeness


def _route_of(path: str) -> str:
    return str(resolve(path.split("?")[0]).route)


def _all_routes() -> dict[str, Any]:
    """Every URL pattern of the site outside the admin, by its full route."""
    routes: dict[str, Any] = {}

    def walk(patterns: list[Any], prefix: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern) != "admin/":  # the admin: test_admin_site
                    walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                routes[prefix + str(pattern.pattern)] = pattern

    walk(get_resolver().url_patterns)
    return routes


def _operation_of(method: str, concrete: str, operations: set[tuple[str, str]]) -> tuple[str, str]:
    """The OpenAPI operation a concrete path calls: literal segments win over parameters, as in the router."""

    def fits(template: str) -> int | None:
        parts, given = template.split("/"), concrete.split("/")
        if len(parts) != len(given):
            return None
        params = 0
        for part, value in zip(parts, given, strict=True):
            if part.startswith("{"):
                params += 1
            elif part != value:
                return None
        return params

    ranked = sorted((params, path) for (m, path) in operations if m == method and (params := fits(path)) is not None)
    assert ranked and (len(ranked) == 1 or ranked[0][0] < ranked[1][0]), f"{method} {concrete} matches {ranked}"
    return method, ranked[0][1]


def test_every_url_and_operation_is_in_the_table(world: World) -> None:
    """A new URL pattern or API operation fails here until the table says who may use it."""
    from tuphap.dossiers.workflow import ACTIONS
    from tuphap.workplans.rules import ACTIONS as TASK_ACTIONS

    ids = world.ids
    routes = _all_routes()
    api_routes = {
        r
        for r, p in routes.items()
        if r.startswith("api/v1/") and getattr(p.callback, "__module__", "") == "ninja.operation"
    }
    page_routes = set(routes) - api_routes
    listed = {_route_of(_fill(row.path, ids)) for row in PAGES}
    assert page_routes - listed == set(), "URL patterns missing from the table"
    assert listed <= page_routes
    # the API, by operation, as the OpenAPI document lists them
    schema = Client().get("/api/v1/openapi.json").json()
    operations = {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}
    covered = {_operation_of(row.method, _fill(row.path, ids).split("?")[0], operations) for row in API}
    assert operations - covered == set(), "API operations missing from the table"
    # the action URLs are listed with every action they take
    assert {r.path.rstrip("/").rsplit("/", 1)[1] for r in PAGES if "/thao-tac/" in r.path} == set(ACTIONS)
    assert {
        r.path.rsplit("/", 1)[1] for r in API if r.path.startswith("/api/v1/dossiers/{") and "/actions/" in r.path
    } == set(ACTIONS)
    assert {r.path.rsplit("/", 1)[1] for r in API if "/tasks/{" in r.path and "/actions/" in r.path} == set(
        TASK_ACTIONS
    )
    assert {r.data["action"] for r in PAGES if isinstance(r.data, dict) and r.path.startswith("/nhiem-vu/{")} == set(
        TASK_ACTIONS
    )


def test_unlisted_methods_are_refused(world: World) -> None:
    """A GET-only page answers 405 to POST and a POST-only one 405 to GET (asked by the superuser,
    who passes every capability check but the role-only ones, ``roles.ROLE_ONLY``, asked by the
    director): a view that starts taking another method is noticed."""
    by_route: dict[str, tuple[Row, set[str]]] = {}
    for row in PAGES:
        route = _route_of(_fill(row.path, world.ids))
        first, methods = by_route.get(route, (row, set()))
        by_route[route] = (first, methods | {row.method})
    problems = []
    for route, (row, methods) in by_route.items():
        if route in ANY_METHOD:
            continue
        for method in sorted({"GET", "POST"} - methods):
            asker = SU if SU in row.allowed else C if C in row.allowed else D
            outcome = call(world, asker, Row(method, row.path, row.allowed), method=method)
            if outcome.status != 405:
                problems.append(f"{method} {row.path}: {outcome.status}")
    assert problems == []


def test_admin_site(world: World) -> None:
    """Django's admin: its index for administrators, model pages for superusers (the admin role
    alone holds no model permission), everyone else sent to the admin's login page."""
    superuser = RequestFactory().get("/admin/")
    superuser.user = world.users[SU]
    pages = {"/admin/": 200}
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        pages[base] = 200
        # what a superuser may add is the ModelAdmin's decision (append-only logs, tokens made by a command)
        pages[base + "add/"] = 200 if model_admin.has_add_permission(superuser) else 403
    problems = []
    for page, for_superuser in pages.items():
        for principal in PRINCIPALS:
            outcome = call(world, principal, Row("GET", page, EVERYONE))
            if principal == SU:
                want = for_superuser
            elif principal == A:
                want = 200 if page == "/admin/" else 403
            else:
                want = 302
            if outcome.status != want or (want == 302 and not outcome.location.startswith("/admin/login/")):
                problems.append(f"GET {page} as {principal}: expected {want}, got {outcome.status} {outcome.location}")
    assert problems == []


# --------------------------------------------------------------------------- unit scoping

HCTP_DOSSIERS = (
    "d_sub",
    "d_rec",
    "d_proc",
    "d_supp",
    "d_fee",
    "d_res",
    "d_ret",
    "d_late",
    "d_online",
    "d_online_supp",
    "d_online_done",
)
BTP_DOSSIERS = ("d_other", "d_other_late")
NEIGHBOUR_DOSSIERS = ("d_neighbour",)
# who sees which dossiers: a unit its own; the desk its agency's, every unit; directors every one
DOSSIER_SCOPES = {
    S: HCTP_DOSSIERS,
    H: HCTP_DOSSIERS,
    "btp_specialist": BTP_DOSSIERS,
    "btp_head": BTP_DOSSIERS,
    R: HCTP_DOSSIERS + BTP_DOSSIERS,
    "btp_reception": HCTP_DOSSIERS + BTP_DOSSIERS,
    D: HCTP_DOSSIERS + BTP_DOSSIERS + NEIGHBOUR_DOSSIERS,
}
ALL_DOSSIERS = HCTP_DOSSIERS + BTP_DOSSIERS + NEIGHBOUR_DOSSIERS
HCTP_TASKS, BTP_TASKS = ("t_new", "t_prog", "t_done"), ("t_other",)
TASK_SCOPES = {
    S: HCTP_TASKS,
    H: HCTP_TASKS,
    "btp_specialist": BTP_TASKS,
    "btp_head": BTP_TASKS,
    D: HCTP_TASKS + BTP_TASKS,
    A: HCTP_TASKS + BTP_TASKS,
}
REGISTER_KEEPERS = (R, H, D, "btp_head", "btp_reception")  # dossiers.register
UNIT_OF = {S: "hctp", H: "hctp", "btp_specialist": "btp", "btp_head": "btp"}
UNIT_NAMES = {"hctp": "Phòng Hành chính tư pháp", "btp": "Phòng Bổ trợ tư pháp"}


def _get(world: World, principal: str, path: str, **kwargs: Any) -> Outcome:
    outcome = call(world, principal, Row("GET", path, EVERYONE, **kwargs))
    assert outcome.status == 200, f"GET {path} as {principal}: {outcome.status} {outcome.error}"
    return outcome


def _text_of(fmt: str, body: bytes) -> str:
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(body), read_only=True).active
        return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)  # type: ignore[union-attr]
    return body.decode()


@pytest.mark.parametrize("principal", list(DOSSIER_SCOPES))
def test_dossiers_stay_in_their_scope(world: World, principal: str) -> None:
    """Lists, pages, forms, files, the register and the API show a unit's dossiers to that unit only."""
    ids = world.ids
    seen = {ids[key] for key in DOSSIER_SCOPES[principal]}
    hidden = {ids[key] for key in ALL_DOSSIERS} - seen

    inbox = _get(world, principal, "/ho-so/", data={"scope": "unit"}).text()
    assert {code for code in seen if code in inbox} == seen and not {code for code in hidden if code in inbox}
    for query in (
        {"scope": "mine"},
        {"scope": "unit", "due": "overdue"},
        *({"q": code} for code in sorted(hidden)[:2]),
    ):
        page = _get(world, principal, "/ho-so/", data=query, htmx=True).text()
        assert not {code for code in hidden if code in page}, query
    listed = json.loads(_get(world, principal, "/api/v1/dossiers?page_size=200").body)
    assert {item["code"] for item in listed["items"]} == seen and listed["count"] == len(seen)
    for code in hidden:
        assert json.loads(_get(world, principal, f"/api/v1/dossiers?q={code}").body)["count"] == 0
    for unit in ("hctp", "btp"):
        by_unit = json.loads(_get(world, principal, f"/api/v1/dossiers?unit={unit}&page_size=200").body)
        assert {item["code"] for item in by_unit["items"]} <= seen

    # another unit's dossier: every page, form, file and action is "not found"
    not_found = [
        Row("GET", "/ho-so/{code}/", EVERYONE),
        Row("POST", "/ho-so/{code}/thong-tin-ca-nhan/", EVERYONE),
        Row("GET", "/ho-so/{code}/giay-to/control.html", EVERYONE),
        Row("GET", "/ho-so/{code}/giay-to/receipt.docx", EVERYONE),
        Row("POST", "/ho-so/{code}/thao-tac/withdraw/", EVERYONE, data={"withdraw-reason": "Rút"}),
        Row("POST", "/ho-so/{code}/tep/", EVERYONE, data=scan),
        Row("GET", "/api/v1/dossiers/{code}", EVERYONE),
        Row("GET", "/api/v1/dossiers/{code}?reveal=true", EVERYONE),
        Row("POST", "/api/v1/dossiers/{code}/actions/withdraw", EVERYONE, json={"reason": "Rút"}),
    ]
    problems = []
    for code in sorted(hidden):
        for row in not_found:
            outcome = call(
                world,
                principal,
                Row(row.method, row.path.replace("{code}", code), EVERYONE, data=row.data, json=row.json),
            )
            if outcome.status != 404:
                problems.append(f"{row.method} {row.path} for {code}: {outcome.status}")
    if ids["d_other"] in hidden:
        outcome = call(world, principal, Row("GET", "/ho-so/{d_other}/tep/{other_attachment}/", EVERYONE))
        if outcome.status != 404:
            problems.append(f"the other unit's attachment: {outcome.status}")
    # a dossier's file is found only under its own dossier
    outcome = call(world, principal, Row("GET", "/ho-so/{d_rec}/tep/{other_attachment}/", EVERYONE))
    if outcome.status != 404:
        problems.append(f"another dossier's attachment under d_rec: {outcome.status}")
    assert problems == []

    # the register (form 07) lists what the keeper may see and nothing else (PDF and DOCX are the print view's data)
    if principal in REGISTER_KEEPERS:
        for fmt in ("html", "xlsx"):
            body = _get(
                world,
                principal,
                "/ho-so/so-theo-doi/",
                data={"start": "{month_start}", "end": "{today}", "format": fmt},
            ).body
            text = _text_of(fmt, body)
            assert {code for code in seen if code in text} == seen, (
                f"register {fmt} as {principal} lacks {sorted(c for c in seen if c not in text)}"
            )
            assert not {code for code in hidden if code in text}, (
                f"register {fmt} as {principal} shows {sorted(c for c in hidden if c in text)}"
            )


@pytest.mark.parametrize("principal", [H, "btp_head", D, A])
def test_reports_stay_in_their_unit(world: World, principal: str) -> None:
    """Unit heads' dashboards, downloads and API figures cover their unit; directors and the administrator the
    department."""
    ids = world.ids
    unit = UNIT_OF.get(principal)
    other = {"hctp": "btp", "btp": "hctp"}.get(unit or "")
    dashboard = _get(world, principal, "/bao-cao/").text()
    late = {"hctp": ids["d_late"], "btp": ids["d_other_late"]}
    if unit is None:
        assert late["hctp"] in dashboard and late["btp"] in dashboard
        assert UNIT_NAMES["hctp"] in dashboard and UNIT_NAMES["btp"] in dashboard
        return
    assert other is not None
    assert late[unit] in dashboard and late[other] not in dashboard
    assert UNIT_NAMES[other] not in dashboard
    for fmt in ("html", "xlsx"):  # the PDF and the DOCX render the same report
        text = _text_of(fmt, _get(world, principal, f"/bao-cao/tai/{ids['quarter']}.{fmt}").body)
        assert UNIT_NAMES[other] not in text, fmt
    refused = call(
        world,
        principal,
        Row("GET", f"/api/v1/reports/dossiers?from={{month_start}}&to={{today}}&unit={other}", EVERYONE),
    )
    assert refused.status == 422
    own = json.loads(
        _get(world, principal, f"/api/v1/reports/dossiers?from={{month_start}}&to={{today}}&unit={unit}").body
    )
    default = json.loads(_get(world, principal, "/api/v1/reports/dossiers?from={month_start}&to={today}").body)
    assert default["measures"] == own["measures"]
    # the service index: the same scope (another unit refused, the default is the own unit), and the
    # dossiers that lower it are the own unit's only
    index_path = "/api/v1/reports/service-index?from={month_start}&to={today}"
    refused = call(world, principal, Row("GET", f"{index_path}&unit={other}", EVERYONE))
    assert refused.status == 422
    own_index = json.loads(_get(world, principal, f"{index_path}&unit={unit}").body)
    default_index = json.loads(_get(world, principal, index_path).body)
    assert (default_index["components"], default_index["total"]) == (own_index["components"], own_index["total"])
    lowering = _get(world, principal, "/bao-cao/chi-so-phuc-vu/ho-so/").text()
    assert late[unit] in lowering and late[other] not in lowering


@pytest.mark.parametrize("principal", list(TASK_SCOPES))
def test_tasks_stay_in_their_unit(world: World, principal: str) -> None:
    """A unit's tasks: on its board and in the API; another unit's answer 404 (directors and the administrator see
    all)."""
    ids = world.ids
    seen = {ids[key] for key in TASK_SCOPES[principal]}
    hidden = {ids[key] for key in HCTP_TASKS + BTP_TASKS} - seen
    listed = json.loads(_get(world, principal, "/api/v1/workplans/tasks?page_size=200").body)
    assert {item["id"] for item in listed["items"]} == seen
    for unit in ("hctp", "btp"):
        by_unit = json.loads(_get(world, principal, f"/api/v1/workplans/tasks?unit={unit}&page_size=200").body)
        assert {item["id"] for item in by_unit["items"]} <= seen
    board = _get(world, principal, "/nhiem-vu/").text()
    assert {pk for pk in seen if f"/nhiem-vu/{pk}/" in board} == seen and not {
        pk for pk in hidden if f"/nhiem-vu/{pk}/" in board
    }
    for pk in hidden:
        for row in (
            Row("GET", f"/nhiem-vu/{pk}/", EVERYONE),
            Row("POST", f"/nhiem-vu/{pk}/", EVERYONE, data={"action": "note", "note-note": "Xem trộm"}),
            Row("GET", f"/api/v1/workplans/tasks/{pk}", EVERYONE),
            Row("POST", f"/api/v1/workplans/tasks/{pk}/actions/note", EVERYONE, json={"note": "Xem trộm"}),
        ):
            assert call(world, principal, row).status == 404, f"{row.method} {row.path} as {principal}"


@pytest.mark.parametrize("principal", [S, H, "btp_head", D])
def test_home_shows_only_the_units_one_may_see(world: World, principal: str) -> None:
    home = _get(world, principal, "/van-phong/").text()
    unit = UNIT_OF.get(principal)
    for code, name in UNIT_NAMES.items():
        assert (name in home) == (unit is None or unit == code), name


def test_dossiers_are_handed_only_to_those_who_see_them(world: World) -> None:
    """Forwarding hands a dossier to an officer who can open it, never to another unit or to the editor."""
    for target in ("chuyenvienbtp", "bientap", "nghihuu"):
        api = call(world, H, Row("POST", "/api/v1/dossiers/{d_proc}/actions/forward", EVERYONE, json={"to": target}))
        assert api.status == 422 and json.loads(api.body)["detail"][0]["field"] == "handler", (
            target,
            api.status,
            api.text(),
        )
    page = call(
        world, R, Row("POST", "/ho-so/{d_proc}/thao-tac/forward/", EVERYONE, data={"forward-handler": "chuyenvienbtp"})
    )
    assert page.status == 400  # not one of the choices the page offers
    assert (
        call(world, R, Row("POST", "/api/v1/dossiers/{d_proc}/actions/forward", EVERYONE, json={"to": "motcua"})).status
        == 200
    )
