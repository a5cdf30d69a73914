"""Retention of citizens' data (docs/privacy.md, ``tuphap.citizens.retention``): local accounts never
verified go after 30 days (daily job), old drafts after 30 days and unused accounts after three years
once their online dossiers no longer need them (``purge_personal_data``), the contact of online
applications with their dossier's; dossiers and their applicant record are never touched."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from tests.citizens.test_online import files_for
from tests.dossiers.conftest import LLTP
from tuphap.citizens import retention
from tuphap.citizens.models import CitizenProfile, OneTimeCode
from tuphap.citizens.periodic import JOBS
from tuphap.citizens.services import citizen_from_identity, citizen_register, code_verify
from tuphap.core.models import ApiToken, AuditEvent, Notification
from tuphap.core.services import api_token_create
from tuphap.dossiers import services
from tuphap.dossiers.models import Dossier, OnlineApplication
from tuphap.dossiers.online.services import online_draft_save, online_submit

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "mot-mat-khau-kho-doan-9"


def ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def signed_up(contact: str, *, days_ago: int) -> CitizenProfile:
    profile = citizen_register(contact=contact, password=PASSWORD, full_name="Lê Thị Hoa")
    CitizenProfile.objects.filter(pk=profile.pk).update(created_at=ago(days_ago))
    return CitizenProfile.objects.get(pk=profile.pk)


def person(sub: str, *, last_seen_days: int) -> Any:
    user = citizen_from_identity(
        claims={"sub": sub, "name": f"Công Dân {sub}", "id_number": "001190012345", "birthdate": "1990-04-12"}
    )
    CitizenProfile.objects.filter(user=user).update(created_at=ago(last_seen_days + 30))
    User.objects.filter(pk=user.pk).update(last_login=ago(last_seen_days))
    return User.objects.get(pk=user.pk)


def run_job(name: str) -> str:
    job = next(j for j in JOBS if j.name == name)
    return job.run(timezone.now())


def test_the_audit_trail_labels_a_citizen_without_personal_data() -> None:
    user = citizen_from_identity(claims={"sub": "nhan", "name": "Phạm Văn Nhân", "id_number": "001190099999"})
    event = AuditEvent.objects.get(action="citizen.create")
    assert event.object_repr == f"citizen #{user.citizen_profile.pk}"
    assert "Phạm Văn Nhân" not in event.object_repr and "001190099999" not in str(event.after)


def test_periods_are_data_with_their_basis() -> None:
    assert [p.days for p in retention.PERIODS] == [1, 30, 3 * 365, 30]
    for period in retention.PERIODS:
        assert "Nghị định 13/2023/NĐ-CP" in period.basis and period.setting.startswith("TUPHAP_")
        assert not period.confirmed  # the figures are the department's choice, for its DPO to confirm


def test_local_accounts_never_verified_are_erased_after_the_period(settings: Any) -> None:
    old = signed_up("0912345001", days_ago=31)
    recent = signed_up("0912345002", days_ago=29)
    verified = signed_up("0912345003", days_ago=60)
    code = OneTimeCode.objects.filter(profile=verified).first()
    assert code is not None
    # verify the third one with the code the outbox sent
    body = Notification.objects.filter(to="0912345003").order_by("-id").first().body  # type: ignore[union-attr]
    match = re.search(r"\b(\d{6})\b", body)
    assert match is not None and code_verify(profile=verified, code=match.group(1))
    old_user = old.user_id
    assert Notification.objects.about(old).exists() and OneTimeCode.objects.filter(profile=old).exists()

    assert run_job("citizen-accounts-purge") == "1 never verified local accounts erased"
    assert not CitizenProfile.objects.filter(pk=old.pk).exists() and not User.objects.filter(pk=old_user).exists()
    assert not Notification.objects.about(old).exists() and not OneTimeCode.objects.filter(profile_id=old.pk).exists()
    assert set(CitizenProfile.objects.values_list("pk", flat=True)) == {recent.pk, verified.pk}
    event = AuditEvent.objects.get(action="citizen.purge_unverified")
    assert event.after["deleted"] == 1 and event.after["closed"] == 0
    assert "0912345001" not in str(event.after) and "Lê Thị Hoa" not in event.object_repr
    assert run_job("citizen-accounts-purge") == ""  # nothing left; no second event
    assert AuditEvent.objects.filter(action="citizen.purge_unverified").count() == 1

    # the period is a setting: shortened, the recent one goes too; the same contact can sign up afresh
    settings.TUPHAP_CITIZEN_UNVERIFIED_DAYS = 7
    assert run_job("citizen-accounts-purge") == "1 never verified local accounts erased"
    assert citizen_register(contact="0912345002", password=PASSWORD, full_name="Lê Thị Hoa").user.is_active is False


def closed_online(citizen: Any, catalogue: dict[str, Any], *, days_ago: int) -> Dossier:
    """An online dossier of the citizen, withdrawn ``days_ago`` (closed, its finish that day)."""
    dossier = online_submit(
        actor=citizen,
        procedure_code=LLTP,
        delivery="desk",
        phone="0912000111",
        email="dan@example.vn",
        address="12 Trần Hưng Đạo",
        files=files_for(catalogue[LLTP]),
    )
    Dossier.objects.filter(pk=dossier.pk).update(received_at=ago(days_ago + 5))
    OnlineApplication.objects.filter(dossier=dossier).update(submitted_at=ago(days_ago + 5))
    return services.dossier_withdraw(actor=None, dossier=dossier.code, reason="Nộp nhầm", at=ago(days_ago))


def test_unused_accounts_are_erased_once_their_dossiers_no_longer_need_them(
    catalogue: dict[str, Any], staff: dict[str, Any]
) -> None:
    gone = person("gone", last_seen_days=4 * 365)  # dossier closed 800 days ago: erased, the dossier kept
    old = closed_online(gone, catalogue, days_ago=800)
    alone = person("alone", last_seen_days=4 * 365)  # no dossier at all: erased
    recent_case = person("recent-case", last_seen_days=4 * 365)  # dossier closed 300 days ago: kept
    closed_online(recent_case, catalogue, days_ago=300)
    open_case = person("open-case", last_seen_days=4 * 365)  # a dossier still open: kept
    online_submit(
        actor=open_case, procedure_code=LLTP, delivery="desk", phone="0912000222", files=files_for(catalogue[LLTP])
    )
    seen = person("seen", last_seen_days=2 * 365)  # signed in two years ago: kept
    app = person("app", last_seen_days=4 * 365)  # uses the mobile app (a token used last week): kept
    api_token_create(actor=None, username=app.username)
    ApiToken.objects.filter(user=app).update(last_used_at=ago(7))
    drafter = person("drafter", last_seen_days=4 * 365)  # a draft saved ten days ago: kept
    online_draft_save(actor=drafter, procedure_code=LLTP, phone="0912000333")
    stale = person("stale", last_seen_days=4 * 365)  # a draft untouched for 200 days: draft and account go
    online_draft_save(actor=stale, procedure_code=LLTP, phone="0912000444")
    OnlineApplication.objects.filter(citizen=stale).update(updated_at=ago(200))
    User.objects.filter(pk__in=[u.pk for u in staff.values()]).update(last_login=ago(5 * 365))
    before = {
        d.pk: (d.applicant_name, d.applicant_id_number, d.state, d.finished_at, d.events.count())
        for d in Dossier.objects.all()
    }

    dry = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=dry)
    assert "xóa 1 bản nháp cũ và xóa 3 tài khoản công dân" in dry.getvalue()
    assert CitizenProfile.objects.count() == 8 and OnlineApplication.objects.filter(dossier=None).count() == 2

    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "đã xóa 1 bản nháp cũ; đã xóa 3 tài khoản công dân" in out.getvalue()
    kept = {p.user.username for p in CitizenProfile.objects.select_related("user")}
    assert kept == {u.username for u in (recent_case, open_case, seen, app, drafter)}
    for user in (gone, alone, stale):
        closed = User.objects.get(pk=user.pk)  # the audit trail names them as actors: the row stays, nameless
        assert closed.username == f"cd-xoa-{user.pk}" and not closed.is_active and not closed.has_usable_password()
        assert (closed.email, closed.first_name, closed.last_name) == ("", "", "")
        assert not closed.api_tokens.exists()
    # the dossiers are whole: still linked to the (closed) account, the applicant record untouched
    link = OnlineApplication.objects.get(dossier=old)
    assert link.citizen_id == gone.pk and (link.phone, link.email, link.address) == ("", "", "")
    after = {
        d.pk: (d.applicant_name, d.applicant_id_number, d.state, d.finished_at, d.events.count())
        for d in Dossier.objects.all()
    }
    assert after == before
    old.refresh_from_db()
    assert (old.applicant_phone, old.applicant_email, old.applicant_address) == ("", "", "")
    assert Dossier.objects.exclude(pk=old.pk).filter(applicant_phone="").count() == 0
    # staff accounts are never citizens' accounts
    assert all(User.objects.get(pk=u.pk).is_active for u in staff.values())
    event = AuditEvent.objects.get(action="citizen.purge_inactive")
    assert event.after["closed"] == 3 and event.after["deleted"] == 0
    assert AuditEvent.objects.get(action="online.drafts_purge").after["drafts"] == 1
    assert AuditEvent.objects.get(action="dossier.purge_personal").after["applications"] == 1

    again = io.StringIO()
    call_command("purge_personal_data", stdout=again)
    assert "đã xóa 0 bản nháp cũ; đã xóa 0 tài khoản công dân" in again.getvalue()
    assert AuditEvent.objects.filter(action__in=["citizen.purge_inactive", "online.drafts_purge"]).count() == 2


def test_a_returning_citizen_of_an_erased_account_starts_afresh(catalogue: dict[str, Any]) -> None:
    gone = person("quay-lai", last_seen_days=4 * 365)
    old = closed_online(gone, catalogue, days_ago=800)
    call_command("purge_personal_data", stdout=io.StringIO())
    again = citizen_from_identity(claims={"sub": "quay-lai", "name": "Công Dân quay-lai", "id_number": "001190012345"})
    assert again.pk != gone.pk and again.is_active
    # the old dossier stays the department's record, with its applicant; not in the new account's list
    assert not OnlineApplication.objects.filter(citizen=again).exists()
    assert Dossier.objects.get(pk=old.pk).applicant_name == "Công Dân quay-lai"
