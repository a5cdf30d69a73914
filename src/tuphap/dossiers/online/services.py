"""The citizen's writes: keep a draft with its files, submit it (through ``dossier_submit``, state
``submitted``: the code is given at once), withdraw their own dossier; the purge of old drafts. Each checks
that the actor is a citizen, validates every field with a Vietnamese message named
after the field (``component_<id>`` for a file), and is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from tuphap.citizens import retention as citizen_retention
from tuphap.citizens.models import CitizenProfile
from tuphap.citizens.permissions import citizen_of
from tuphap.citizens.services import retention_days
from tuphap.core import uploads
from tuphap.core.keywords import bundled
from tuphap.core.notifications import notify
from tuphap.core.services import audit_record
from tuphap.dossiers import messages, services, workflow
from tuphap.dossiers.attachments import ALLOWED, MAX_BYTES, MAX_FILES
from tuphap.dossiers.models import Dossier, DossierAttachment, OnlineApplication, Procedure
from tuphap.dossiers.online.components import Component, components_of, online_mode
from tuphap.dossiers.online.models import OnlineDraftFile
from tuphap.dossiers.online.selectors import citizen_dossier
from tuphap.dossiers.procedures import procedure_for
from tuphap.dossiers.results.services import may_issue

COMPONENT_PREFIX = "component_"
#: the applicant's fields of ``clean_applicant`` -> the form's and the API's field names
_APPLICANT_FIELDS = {"applicant.phone": "phone", "applicant.email": "email", "applicant.address": "address"}


def _citizen(actor: Any) -> CitizenProfile:
    profile = citizen_of(actor)
    if profile is None:
        raise PermissionDenied("citizen")
    return profile


def online_procedure(code: str, *, on: dt.date | None = None) -> Procedure:
    """The version in force of a procedure that can be applied for online; a
    ValidationError on ``procedure_code`` for one that cannot (or does not exist)."""
    procedure = procedure_for(code, on=on or timezone.localdate())
    if online_mode(procedure.channels, procedure.online_level) == "none":
        raise ValidationError({"procedure_code": _("This procedure cannot be applied for online.")})
    return procedure


def component_files(files: MultiValueDict[str, UploadedFile]) -> dict[str, UploadedFile]:
    """The uploads of a request named ``component_<id>`` (one file each)."""
    found: dict[str, UploadedFile] = {}
    for key in files:
        upload = files[key]
        if key.startswith(COMPONENT_PREFIX) and isinstance(upload, UploadedFile):
            found[key] = upload
    return found


def _check_files(
    components: list[Component],
    files: Mapping[str, UploadedFile],
    *,
    kept: frozenset[str] | set[str] = frozenset(),
    draft: bool = False,
) -> dict[str, list[str]]:
    """Each file judged by its content and size; a required component missing unless the draft
    keeps a file for it (``kept``: component ids) or this is only a draft being saved."""
    errors: dict[str, list[str]] = {}
    known = {f"{COMPONENT_PREFIX}{c.id}": c for c in components}
    for key in files:
        if key not in known:
            errors[key] = [_("This procedure has no such component.")]
    if len(files) > MAX_FILES:
        errors["files"] = [_("At most %(count)s files.") % {"count": MAX_FILES}]
    for key, component in known.items():
        upload = files.get(key)
        if upload is None:
            if component.required and not draft and component.id not in kept:
                errors[key] = [_("Attach “%(name)s”.") % {"name": component.name}]
            continue
        try:
            uploads.check_size(upload, max_bytes=MAX_BYTES)
        except ValidationError as exc:
            errors[key] = list(exc.messages)
            continue
        if uploads.file_type(upload, ALLOWED) is None:
            errors[key] = [_("“%(name)s”: only PDF, JPEG or PNG files are accepted.") % {"name": component.name}]
    return errors


class Contact(TypedDict, total=False):
    """Where the citizen is reached (the keywords of ``online_draft_save`` and ``online_submit``; the form's and
    the API's fields): a phone, an email (one of them at submission: the dossier's news is sent there) and an
    address (the result's, when it is posted). Each left out is blank."""

    phone: str
    email: str
    address: str


@bundled
def online_draft_save(
    *,
    actor: Any,
    procedure_code: str,
    delivery: str = "",
    files: Mapping[str, UploadedFile] | None = None,
    **contact: Unpack[Contact],
) -> OnlineApplication:
    """Keep what the citizen has done so far, one draft per procedure: the typed fields and the files
    attached (``component_<id>``), each judged by its content and size as at submission, kept
    privately, one per component (a new file replaces the one kept). A bad file keeps nothing."""
    _citizen(actor)
    phone, email, address = contact.get("phone", ""), contact.get("email", ""), contact.get("address", "")
    procedure = online_procedure(procedure_code)
    files = files or {}
    errors = _check_files(components_of(procedure.components), files, draft=True)
    if delivery and delivery not in OnlineApplication.Delivery.values:
        errors["delivery"] = [_("Choose how the result is delivered: desk, post or electronic.")]
    if errors:
        raise ValidationError(errors)
    fields = {"delivery": delivery, "phone": phone[:15], "email": email[:254], "address": address[:255]}
    with transaction.atomic():
        draft, _created = OnlineApplication.objects.select_for_update().get_or_create(
            citizen=actor, procedure_code=procedure.code, dossier__isnull=True, defaults=fields
        )
        if not _created:
            for key, value in fields.items():
                setattr(draft, key, value)
            draft.save(update_fields=[*fields, "updated_at"])
        for key, upload in files.items():
            _keep(draft, key.removeprefix(COMPONENT_PREFIX), upload)
    return draft


def _file_name(upload: UploadedFile, content_type: str, prefix: str = "") -> str:
    name = prefix + ((upload.name or "tep").replace("\\", "/").rsplit("/", 1)[-1][:200] or "tep")
    if not name.lower().endswith(ALLOWED[content_type][0]):
        name = name + ALLOWED[content_type][0][0]
    return name


def _delete_stored(names: list[str]) -> None:
    """Delete stored files once the transaction that let go of them has committed."""

    def delete() -> None:
        for name in names:
            if name:
                default_storage.delete(name)

    transaction.on_commit(delete)


def _keep(draft: OnlineApplication, component: str, upload: UploadedFile) -> OnlineDraftFile:
    """Keep ``upload`` as the draft's file of ``component``, replacing the one kept before."""
    content_type = uploads.file_type(upload, ALLOWED) or "application/octet-stream"
    size = uploads.check_size(upload, max_bytes=MAX_BYTES)
    kept = OnlineDraftFile.objects.filter(draft=draft, component=component).first()
    old = (kept.file.name or "") if kept is not None else ""
    kept = kept or OnlineDraftFile(draft=draft, component=component)
    kept.name = _file_name(upload, content_type)
    kept.content_type, kept.size = content_type, size
    kept.file.save(kept.name, upload, save=False)
    kept.save()
    if old and old != kept.file.name:
        _delete_stored([old])
    return kept


def draft_files(draft: OnlineApplication | None) -> dict[str, OnlineDraftFile]:
    """The files a draft keeps, by component id."""
    if draft is None or draft.pk is None:
        return {}
    return {f.component: f for f in OnlineDraftFile.objects.filter(draft=draft)}


def _drop(drafts: Any) -> int:
    """Delete drafts (a queryset of drafts without a dossier) with their files; how many files."""
    kept = [
        str(name) for name in OnlineDraftFile.objects.filter(draft__in=drafts).values_list("file", flat=True) if name
    ]
    drafts.delete()  # their OnlineDraftFile rows go with them (CASCADE)
    _delete_stored(kept)
    return len(kept)


def online_draft_delete(*, actor: Any, procedure_code: str) -> bool:
    """The citizen deletes their draft of a procedure, with its files. Whether there was one."""
    _citizen(actor)
    with transaction.atomic():
        drafts = OnlineApplication.objects.filter(citizen=actor, procedure_code=procedure_code, dossier__isnull=True)
        found = drafts.exists()
        _drop(drafts)
    return found


def draft_retention_days() -> int:
    """How long a draft untouched is kept: ``citizens.retention.DRAFTS`` (setting
    ``TUPHAP_ONLINE_DRAFT_DAYS``; the project's choice, no legal figure found, **chưa xác nhận**)."""
    return retention_days(citizen_retention.DRAFTS)


def online_drafts_purge(*, at: dt.datetime | None = None, actor: Any = None) -> tuple[int, int]:
    """Delete the drafts not touched for ``draft_retention_days`` with their files (the periodic
    job ``online-drafts-purge``); one audit event. How many drafts and files."""
    now = at or timezone.now()
    before = now - dt.timedelta(days=draft_retention_days())
    with transaction.atomic():
        old = OnlineApplication.objects.filter(dossier__isnull=True, updated_at__lt=before)
        count = old.count()
        if not count:
            return 0, 0
        files = _drop(old)
        audit_record(
            actor=actor,
            action="online.drafts_purge",
            after={"updated_before": before.isoformat(), "drafts": count, "files": files},
        )
    return count, files


@bundled
def online_submit(
    *,
    actor: Any,
    procedure_code: str,
    delivery: str,
    files: Mapping[str, UploadedFile],
    declared: bool = True,
    **contact: Unpack[Contact],
) -> Dossier:
    """Submit an application: the dossier gets its code now (state ``submitted``, the legal clock
    starts when the desk receives it), the files become its attachments, the citizen gets the code
    by email and SMS. Every error names its field: ``procedure_code``, ``delivery``, ``phone``,
    ``email``, ``address``, ``declaration``, ``component_<id>``."""
    profile = _citizen(actor)
    phone, email, address = contact.get("phone", ""), contact.get("email", ""), contact.get("address", "")
    procedure = online_procedure(procedure_code)
    components = components_of(procedure.components)
    kept = draft_files(
        OnlineApplication.objects.filter(citizen=actor, procedure_code=procedure.code, dossier__isnull=True).first()
    )
    errors = _check_files(components, files, kept=set(kept))
    if delivery not in OnlineApplication.Delivery.values:
        errors["delivery"] = [_("Choose how the result is delivered: desk, post or electronic.")]
    if not (phone or "").strip() and not (email or "").strip():
        errors["phone"] = [_("Give a phone number or an email address: the dossier's news is sent there.")]
    if delivery == OnlineApplication.Delivery.POST and not (address or "").strip():
        errors["address"] = [_("Give the address the result is posted to.")]
    if not declared:
        errors["declaration"] = [_("Confirm that the information and the files are true.")]
    if errors:
        raise ValidationError(errors)
    applicant = {
        "name": profile.full_name,
        "id_type": Dossier.IdType.CITIZEN_ID,
        "id_number": profile.id_number,
        "phone": phone,
        "email": email,
        "address": address,
    }
    now = timezone.now()
    with transaction.atomic():
        try:
            dossier = services.dossier_submit(
                actor=actor,
                procedure_code=procedure.code,
                applicant=applicant,
                submitted_at=now,
                flags={
                    "scanned_components": all(f"{COMPONENT_PREFIX}{c.id}" in files or c.id in kept for c in components),
                    "electronic_result": delivery == OnlineApplication.Delivery.ELECTRONIC,
                },
            )
        except ValidationError as exc:
            raise ValidationError({_APPLICANT_FIELDS.get(k, k): v for k, v in exc.message_dict.items()}) from None
        draft = (
            OnlineApplication.objects.select_for_update()
            .filter(citizen=actor, procedure_code=procedure.code, dossier__isnull=True)
            .first()
        ) or OnlineApplication(citizen=actor, procedure_code=procedure.code)
        kept = draft_files(draft)  # again, under the draft's lock
        attached: dict[str, int] = {}
        for component in components:
            upload = files.get(f"{COMPONENT_PREFIX}{component.id}")
            if upload is not None:
                attached[component.id] = _attach(dossier, upload, actor).pk
            elif component.id in kept:
                attached[component.id] = _attach_kept(dossier, kept[component.id], actor).pk
            elif component.required:  # the draft's file went away meanwhile (deleted in another tab)
                raise ValidationError(
                    {f"{COMPONENT_PREFIX}{component.id}": [_("Attach “%(name)s”.") % {"name": component.name}]}
                )
        if kept:
            _delete_stored([f.file.name or "" for f in kept.values()])
            OnlineDraftFile.objects.filter(draft=draft).delete()
        draft.dossier = dossier
        draft.delivery = delivery
        draft.phone, draft.email, draft.address = dossier.applicant_phone, dossier.applicant_email, address
        draft.components = attached
        draft.submitted_at = now
        draft.save()
        audit_record(
            actor=actor,
            action="dossier.submit_online",
            obj=dossier,
            after={"procedure": procedure.code, "delivery": delivery, "files": len(attached)},
        )
        subject, body = messages.submitted_online(code=dossier.code, procedure=procedure.name, at=now)
        notify(
            about=dossier,
            email=dossier.applicant_email,
            phone=dossier.applicant_phone,
            subject=subject,
            body=body,
        )
    return dossier


def _attach_kept(dossier: Dossier, kept: OnlineDraftFile, actor: Any) -> DossierAttachment:
    """The draft's file of a component becomes the dossier's attachment (copied to the dossiers'
    files; the draft's copy is deleted once the submission commits)."""
    attachment = DossierAttachment(
        dossier=dossier,
        kind=DossierAttachment.Kind.COMPONENT,
        name=kept.name,
        content_type=kept.content_type,
        size=kept.size,
        uploaded_by=actor,
    )
    with kept.file.open("rb") as content:
        attachment.file.save(kept.name, content, save=False)
    attachment.save()
    return attachment


def _attach(dossier: Dossier, upload: UploadedFile, actor: Any, *, prefix: str = "") -> DossierAttachment:
    content_type = uploads.file_type(upload, ALLOWED) or "application/octet-stream"
    size = uploads.check_size(upload, max_bytes=MAX_BYTES)
    name = _file_name(upload, content_type, prefix)
    attachment = DossierAttachment(
        dossier=dossier,
        kind=DossierAttachment.Kind.COMPONENT,
        name=name,
        content_type=content_type,
        size=size,
        uploaded_by=actor,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


def online_withdraw(*, actor: Any, code: str, reason: str) -> Dossier:
    """The citizen withdraws their own dossier while the workflow allows it (any open state)."""
    _citizen(actor)
    dossier = citizen_dossier(actor, code)
    if dossier is None:
        raise Dossier.DoesNotExist(code)
    reason = " ".join((reason or "").split())[:1000]
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withdrawing, please.")})
    try:
        workflow.transition("withdraw", dossier.state)
    except workflow.TransitionError:
        raise ValidationError({"reason": _("This dossier can no longer be withdrawn.")}) from None
    with transaction.atomic():
        # the workflow's withdraw is the desk's action: the system takes it for the citizen, who is the audit's actor
        withdrawn = services.dossier_withdraw(
            actor=None, dossier=dossier.code, reason=f"Người nộp rút hồ sơ trực tuyến: {reason}"
        )
        audit_record(actor=actor, action="dossier.withdraw_online", obj=withdrawn, after={"reason": reason})
    return withdrawn


# --------------------------------------------------------------------------- supplements and rating online

SUPPLEMENT_FIELD = "files"
#: at most so many files in one supplement (the dossier's own limit, MAX_FILES, still holds)
MAX_SUPPLEMENT_FILES = 10


def supplement_request(dossier: Dossier) -> dict[str, Any] | None:
    """The request to supplement the citizen answers now: its items, reason and time (None
    when the dossier is not waiting for a supplement)."""
    if dossier.state != workflow.State.SUPPLEMENT_REQUESTED:
        return None
    event = dossier.events.filter(action="request_supplement").order_by("-seq").first()
    if event is None:
        return None
    return {"items": list((event.data or {}).get("items") or []), "reason": event.note, "at": event.at}


def online_supplement(*, actor: Any, code: str, files: list[UploadedFile], note: str = "") -> Dossier:
    """The citizen uploads the missing items against the specialist's request: each file judged by
    its content and size as at application, attached to the dossier, then the workflow's
    ``supplement_received`` (the clock resumes by the rule of the regime in force at receipt),
    taken by the system for the citizen, who is the audit's actor. Errors name ``files`` or ``note``."""
    _citizen(actor)
    dossier = citizen_dossier(actor, code)
    if dossier is None:
        raise Dossier.DoesNotExist(code)
    if dossier.state != workflow.State.SUPPLEMENT_REQUESTED:
        raise ValidationError({SUPPLEMENT_FIELD: _("No supplement is requested for this dossier now.")})
    note = " ".join((note or "").split())[:1000]
    errors: list[str] = []
    if not files:
        errors.append(_("Attach the missing items, please."))
    if len(files) > MAX_SUPPLEMENT_FILES:
        errors.append(_("At most %(count)s files.") % {"count": MAX_SUPPLEMENT_FILES})
    if dossier.attachments.count() + len(files) > MAX_FILES:
        errors.append(_("The dossier already has %(count)s attached files.") % {"count": MAX_FILES})
    for upload in files[:MAX_SUPPLEMENT_FILES]:
        label = (upload.name or "tep").replace("\\", "/").rsplit("/", 1)[-1][:200]
        try:
            uploads.check_size(upload, max_bytes=MAX_BYTES)
        except ValidationError as exc:
            errors.extend(f"“{label}”: {m}" for m in exc.messages)
            continue
        if uploads.file_type(upload, ALLOWED) is None:
            errors.append(_("“%(name)s”: only PDF, JPEG or PNG files are accepted.") % {"name": label})
    if errors:
        raise ValidationError({SUPPLEMENT_FIELD: errors})
    with transaction.atomic():
        names = [_attach(dossier, upload, actor, prefix="bo-sung-").name for upload in files]
        summary = f"Người nộp bổ sung trực tuyến {len(names)} tệp: " + ", ".join(names)
        resumed = services.dossier_supplement_received(
            actor=None, dossier=dossier.code, note=(summary + (f". Ghi chú: {note}" if note else ""))[:2000]
        )
        audit_record(actor=actor, action="dossier.supplement_online", obj=resumed, after={"files": names, "note": note})
    return resumed


def may_rate(dossier: Dossier) -> bool:
    """The citizen rates once, after the result is returned (or, for an electronic result, once it
    is there to download)."""
    if dossier.rating:
        return False
    if dossier.state == workflow.State.RETURNED:
        return True
    online = getattr(dossier, "online", None)
    return (
        dossier.state == workflow.State.RESOLVED
        and online is not None
        and online.delivery == OnlineApplication.Delivery.ELECTRONIC
        and may_issue(dossier)
    )


def online_rate(*, actor: Any, code: str, rating: str) -> Dossier:
    """The citizen's rating of their own dossier (``dossier_rate``, once), audited."""
    _citizen(actor)
    dossier = citizen_dossier(actor, code)
    if dossier is None:
        raise Dossier.DoesNotExist(code)
    if rating not in Dossier.Rating.values:
        raise ValidationError({"rating": _("The rating must be good, acceptable or poor.")})
    if dossier.rating:
        raise ValidationError({"rating": _("The dossier was already rated.")})
    if not may_rate(dossier):
        raise ValidationError({"rating": _("The dossier can be rated once its result is returned.")})
    with transaction.atomic():
        rated = services.dossier_rate(actor=None, dossier=dossier.code, rating=rating)
        audit_record(actor=actor, action="dossier.rate_online", obj=rated, after={"rating": rating})
    return rated
