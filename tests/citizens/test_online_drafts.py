"""Drafts keep their files: judged by content and size as at submission, kept privately (only
their owner downloads them), one per component (a new one replaces it), shown as already attached,
moved to the dossier at submission, deleted with the draft, purged after the retention period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.citizens.test_online import files_for, pdf, png, signed_in
from tests.dossiers.conftest import LLTP
from tuphap.core.models import AuditEvent
from tuphap.dossiers.models import Dossier, OnlineApplication, OnlineDraftFile
from tuphap.dossiers.online.components import components_of
from tuphap.dossiers.online.services import online_draft_save, online_drafts_purge, online_submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def stored(media: Path) -> set[str]:
    return {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}


def component_keys(catalogue: dict[str, Any]) -> list[str]:
    return [f"component_{c.id}" for c in components_of(catalogue[LLTP].components)]


def test_a_draft_keeps_its_files_for_its_owner_only(
    catalogue: dict[str, Any], citizen: Any, citizen2: Any, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    first = component_keys(catalogue)[0]
    client = signed_in(citizen)
    scan = pdf("to-khai.pdf")
    content = scan.read()
    scan.seek(0)
    response = client.post(f"/ho-so/nop-truc-tuyen/{LLTP}/", {"save_draft": "1", "phone": "0912000111", first: scan})
    assert response.status_code == 200 and "Đã lưu bản nháp" in response.content.decode()
    kept = OnlineDraftFile.objects.get()
    assert (kept.component, kept.content_type, kept.size) == (
        first.removeprefix("component_"),
        "application/pdf",
        len(content),
    )
    assert kept.file.name.startswith("online-drafts/") and stored(media) == {kept.file.name}

    # the form shows it as attached, with a link only its owner can follow
    page = client.get(f"/ho-so/nop-truc-tuyen/{LLTP}/").content.decode()
    link = f"/ho-so/nop-truc-tuyen/{LLTP}/tep/{kept.pk}/"
    assert "Đã đính kèm" in page and link in page and "to-khai.pdf" in page
    download = client.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    assert download["Cache-Control"].startswith("max-age=0") or "no-cache" in download["Cache-Control"]
    assert signed_in(citizen2).get(link).status_code == 404
    assert signed_in(citizen2).get(f"/ho-so/nop-truc-tuyen/{LLTP}/tep/999999/").status_code == 404
    assert client.get(f"/ho-so/nop-truc-tuyen/{LLTP}/tep/{kept.pk + 1}/").status_code == 404
    assert signed_in(citizen).get(f"/ho-so/nop-truc-tuyen/2.001895.000.00.00.H09/tep/{kept.pk}/").status_code == 404
    from django.test import Client

    assert Client().get(link).status_code == 302  # sign in first

    # a new file for the same component replaces the one kept, whose stored file goes
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ho-so/nop-truc-tuyen/{LLTP}/", {"save_draft": "1", "phone": "0912000111", first: png("moi.png")})
    again = OnlineDraftFile.objects.get()
    assert again.pk == kept.pk and again.content_type == "image/png" and again.name == "moi.png"
    assert stored(media) == {again.file.name} != {kept.file.name}


def test_a_bad_file_in_a_draft_is_refused_and_keeps_nothing(catalogue: dict[str, Any], citizen: Any) -> None:
    first = component_keys(catalogue)[0]
    fake = SimpleUploadedFile("anh.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = signed_in(citizen).post(
        f"/ho-so/nop-truc-tuyen/{LLTP}/", {"save_draft": "1", "phone": "0912", first: fake}
    )
    assert response.status_code == 400 and first in response.context["form"].errors
    assert not OnlineDraftFile.objects.exists()
    from django.core.exceptions import ValidationError

    big = SimpleUploadedFile("to.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1), content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        online_draft_save(actor=citizen, procedure_code=LLTP, files={first: big, "component_zz": pdf()})
    assert {first, "component_zz"} <= set(error.value.message_dict)
    assert not OnlineDraftFile.objects.exists() and not OnlineApplication.objects.exists()


def test_the_files_kept_move_to_the_dossier_at_submission(
    catalogue: dict[str, Any], citizen: Any, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    keys = component_keys(catalogue)
    online_draft_save(actor=citizen, procedure_code=LLTP, phone="0912000111", files=files_for(catalogue[LLTP]))
    kept = {f.file.name for f in OnlineDraftFile.objects.all()}
    assert len(kept) == len(keys) >= 2 and stored(media) == kept
    # submitted without attaching anything again: the draft's files are the dossier's
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(citizen).post(
            f"/ho-so/nop-truc-tuyen/{LLTP}/", {"delivery": "desk", "phone": "0912000111", "declaration": "on"}
        )
    assert response.status_code == 303
    dossier = Dossier.objects.get()
    assert dossier.attachments.count() == len(keys) and dossier.scanned_components
    assert {a.content_type for a in dossier.attachments.all()} == {"application/pdf", "image/png"}
    assert sorted(dossier.online.components) == sorted(k.removeprefix("component_") for k in keys)
    assert not OnlineDraftFile.objects.exists()
    files = {a.file.name for a in dossier.attachments.all()}
    assert files <= stored(media) and not kept & stored(media)  # moved: the draft's copies are gone


def test_a_file_attached_at_submission_wins_over_the_draft_s(catalogue: dict[str, Any], citizen: Any) -> None:
    keys = component_keys(catalogue)
    online_draft_save(actor=citizen, procedure_code=LLTP, files={keys[1]: png("cu.png")})
    dossier = online_submit(
        actor=citizen, procedure_code=LLTP, delivery="desk", phone="0912000111", files=files_for(catalogue[LLTP])
    )
    assert "cu.png" not in {a.name for a in dossier.attachments.all()}
    assert dossier.attachments.count() == len(keys) and not OnlineDraftFile.objects.exists()


def test_a_draft_is_deleted_with_its_files(
    catalogue: dict[str, Any], citizen: Any, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    first = component_keys(catalogue)[0]
    online_draft_save(actor=citizen, procedure_code=LLTP, files={first: pdf()})
    assert stored(media)
    client = signed_in(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/ho-so/nop-truc-tuyen/{LLTP}/", {"delete_draft": "1"})
    assert response.status_code == 303 and response["Location"] == "/ho-so/cua-toi/"
    assert not OnlineApplication.objects.exists() and not OnlineDraftFile.objects.exists()
    assert stored(media) == set()


def test_old_drafts_are_purged_with_their_files(
    catalogue: dict[str, Any],
    citizen: Any,
    citizen2: Any,
    media: Path,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = component_keys(catalogue)[0]
    settings.TUPHAP_ONLINE_DRAFT_DAYS = 30
    old = online_draft_save(actor=citizen, procedure_code=LLTP, files={first: pdf()})
    fresh = online_draft_save(actor=citizen2, procedure_code=LLTP, files={first: png()})
    submitted = online_submit(
        actor=citizen2,
        procedure_code="2.001895.000.00.00.H09",
        delivery="desk",
        phone="0912000111",
        files=files_for(catalogue["2.001895.000.00.00.H09"]),
    )
    now = timezone.now()
    OnlineApplication.objects.filter(pk=old.pk).update(updated_at=now - dt.timedelta(days=31))
    OnlineApplication.objects.filter(pk=submitted.online.pk).update(updated_at=now - dt.timedelta(days=400))
    fresh_file = OnlineDraftFile.objects.get(draft=fresh).file.name

    from tuphap.dossiers.periodic import JOBS

    (job,) = [j for j in JOBS if j.name == "online-drafts-purge"]
    with django_capture_on_commit_callbacks(execute=True):
        said = job.run(now)
    assert said == "1 online drafts deleted with 1 files"
    assert list(OnlineApplication.objects.filter(dossier__isnull=True)) == [fresh]
    assert OnlineApplication.objects.filter(pk=submitted.online.pk).exists()  # an application is no draft
    assert fresh_file in stored(media) and len([n for n in stored(media) if n.startswith("online-drafts/")]) == 1
    assert AuditEvent.objects.get(action="online.drafts_purge").after["drafts"] == 1
    assert online_drafts_purge(at=now) == (0, 0)  # nothing more to do
