"""Every write on citizens' accounts: from a verified identity (OpenID Connect),
a local account with its one-time code, the contact details. Audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef, ProtectedError, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from tuphap.citizens import messages, retention
from tuphap.citizens.models import CitizenProfile, OneTimeCode
from tuphap.core.models import ApiToken, Notification
from tuphap.core.notifications import Message, queue
from tuphap.core.services import audit_record, audited_save
from tuphap.core.text import TextError, clean_line
from tuphap.orgs.permissions import require

CODE_MINUTES = 10
CODE_ATTEMPTS = 5
#: at most this many codes to one account in an hour (the page's address limit comes on top)
CODES_PER_HOUR = 5
_PHONE = re.compile(r"^0\d{9,10}$")


# --------------------------------------------------------------------------- identity (OpenID Connect)


def _claim(claims: dict[str, Any], setting: str, default: str) -> str:
    value = claims.get(getattr(settings, setting, default) or default)
    return str(value).strip() if value not in (None, "") else ""


def _birth_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def identity_fields(claims: dict[str, Any]) -> dict[str, Any]:
    """What the identity provider vouches for, by the claim names of the settings
    (``OIDC_CLAIM_NAME``, ``OIDC_CLAIM_ID_NUMBER``, ``OIDC_CLAIM_BIRTHDATE``)."""
    id_number = re.sub(r"\s", "", _claim(claims, "OIDC_CLAIM_ID_NUMBER", "id_number"))[:20]
    return {
        "full_name": _claim(claims, "OIDC_CLAIM_NAME", "name")[:255],
        "id_number": id_number,
        "birth_date": _birth_date(_claim(claims, "OIDC_CLAIM_BIRTHDATE", "birthdate")),
    }


def citizen_from_identity(*, claims: dict[str, Any]) -> Any:
    """The user of the identity the provider vouched for (``sub``): created on the first
    sign-in, its verified name, ID number and date of birth refreshed on every one.
    A staff account is never a citizen: a subject whose username belongs to staff is refused."""
    subject = str(claims.get("sub") or "").strip()
    if not subject or len(subject) > 255:
        raise ValidationError({"sub": "the identity provider gave no subject"})
    fields = identity_fields(claims)
    if not fields["full_name"]:
        raise ValidationError({"name": "the identity provider gave no name"})
    now = timezone.now()
    users = get_user_model()
    with transaction.atomic():
        profile = CitizenProfile.objects.select_for_update().select_related("user").filter(oidc_subject=subject).first()
        if profile is None:
            user = users.objects.create_user(username=_free_username(subject), email="")
            user.set_unusable_password()
            user.save(update_fields=["password"])
            contact = {
                "email": str(claims.get("email") or "")[:254] if claims.get("email_verified") else "",
                "phone": str(claims.get("phone_number") or "")[:15] if claims.get("phone_number_verified") else "",
            }
            audited_save(
                CitizenProfile(
                    user=user,
                    source=CitizenProfile.Source.OIDC,
                    oidc_subject=subject,
                    identity_verified=True,
                    identity_checked_at=now,
                    email_verified_at=now if contact["email"] else None,
                    phone_verified_at=now if contact["phone"] else None,
                    **contact,
                    **fields,
                ),
                actor=user,
                action="citizen.create",
                after={"source": "oidc"},
            )
            return user
        if not profile.user.is_active:
            raise PermissionDenied("the citizen account is disabled")
        before = {k: str(getattr(profile, k)) for k in fields}
        for key, value in fields.items():
            setattr(profile, key, value)
        profile.identity_verified = True
        profile.identity_checked_at = now
        profile.save(update_fields=[*fields, "identity_verified", "identity_checked_at"])
        after = {k: str(getattr(profile, k)) for k in fields}
        if before != after:
            audit_record(actor=profile.user, action="citizen.identity_refresh", obj=profile)
        return profile.user


def _free_username(subject: str) -> str:
    """A username that no one holds: ``cd-`` and a digest of the subject (the subject itself may be
    a national ID number, which a username must not show)."""
    digest = hashlib.sha256(subject.encode()).hexdigest()
    base = f"cd-{digest[:16]}"
    users = get_user_model()
    name, n = base, 1
    while users.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


# --------------------------------------------------------------------------- local accounts


def normalise_contact(contact: str) -> tuple[str, str]:
    """``(channel, value)`` of a phone number or an email address; a ValidationError on ``contact`` otherwise."""
    text = (contact or "").strip()
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError({"contact": _("Enter a valid email address or phone number.")}) from None
        return OneTimeCode.Channel.EMAIL, text.lower()
    digits = re.sub(r"[\s.\-]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if not _PHONE.match(digits):
        raise ValidationError({"contact": _("Enter a valid email address or phone number.")})
    return OneTimeCode.Channel.SMS, digits


def citizen_register(*, contact: str, password: str, full_name: str) -> CitizenProfile:
    """A local account (where the province has no single sign-on): inactive until the
    contact is verified with the code sent to it. The name is declared, not verified."""
    channel, value = normalise_contact(contact)
    try:
        name = clean_line(full_name, name=True, max_length=255)
    except TextError as exc:
        raise ValidationError({"full_name": _("Full name: %(error)s.") % {"error": exc}}) from None
    if not name:
        raise ValidationError({"full_name": _("Enter your full name.")})
    users = get_user_model()
    user_probe = users(username=value, first_name=name)
    try:
        validate_password(password, user_probe)
    except ValidationError as exc:
        raise ValidationError({"password": list(exc.messages)}) from None
    with transaction.atomic():
        existing = users.objects.filter(username=value).select_related("citizen_profile").first()
        if existing is not None:
            profile = getattr(existing, "citizen_profile", None)
            if profile is None or existing.is_active:
                # the same answer whether the contact belongs to staff or to an active citizen
                raise ValidationError({"contact": _("An account with this contact already exists; sign in.")})
            existing.set_password(password)
            existing.save(update_fields=["password"])
            profile.full_name = name
            profile.save(update_fields=["full_name"])
        else:
            user = users.objects.create_user(username=value, password=password, is_active=False)
            profile = audited_save(
                CitizenProfile(
                    user=user,
                    source=CitizenProfile.Source.LOCAL,
                    full_name=name,
                    **({"email": value} if channel == OneTimeCode.Channel.EMAIL else {"phone": value}),
                ),
                actor=None,
                action="citizen.register",
                after={"source": "local"},
            )
        code_send(profile=profile)
    return profile


def _digest(profile: CitizenProfile, code: str) -> str:
    return salted_hmac("tuphap.citizens.otp", f"{profile.pk}:{code}", algorithm="sha256").hexdigest()


def code_send(*, profile: CitizenProfile) -> OneTimeCode:
    """Send a fresh six-digit code to the account's phone or email through the outbox;
    refused when the account had ``CODES_PER_HOUR`` codes in the last hour."""
    now = timezone.now()
    if profile.codes.filter(created_at__gte=now - dt.timedelta(hours=1)).count() >= CODES_PER_HOUR:
        raise ValidationError({"code": _("Too many codes were sent to this contact; try again in an hour.")})
    channel = OneTimeCode.Channel.EMAIL if profile.email and not profile.phone else OneTimeCode.Channel.SMS
    destination = profile.email if channel == OneTimeCode.Channel.EMAIL else profile.phone
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        profile.codes.filter(used_at__isnull=True).update(used_at=now)  # one live code at a time
        row = OneTimeCode.objects.create(
            profile=profile,
            channel=channel,
            destination=destination,
            digest=_digest(profile, code),
            created_at=now,
            expires_at=now + dt.timedelta(minutes=CODE_MINUTES),
        )
        subject, text = messages.verification_code(code=code, minutes=CODE_MINUTES)
        message = (
            Message.email(destination, subject, text)
            if channel == OneTimeCode.Channel.EMAIL
            else Message.sms(destination, text)
        )
        queue(messages=[message], about=profile)
    return row


def code_verify(*, profile: CitizenProfile, code: str) -> bool:
    """Check the code: the live one, not expired, within its attempts. Right: the contact is
    verified and the account active. Wrong: one attempt spent, False."""
    now = timezone.now()
    with transaction.atomic():
        row = (
            OneTimeCode.objects.select_for_update()
            .filter(profile=profile, used_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if row is None or row.attempts >= CODE_ATTEMPTS:
            return False
        if not hmac.compare_digest(row.digest, _digest(profile, (code or "").strip())):
            row.attempts += 1
            row.save(update_fields=["attempts"])
            return False
        row.used_at = now
        row.save(update_fields=["used_at"])
        field = "email_verified_at" if row.channel == OneTimeCode.Channel.EMAIL else "phone_verified_at"
        setattr(profile, field, now)
        profile.save(update_fields=[field])
        user = profile.user
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        audit_record(actor=user, action="citizen.verify_contact", obj=profile, after={"channel": row.channel})
    return True


def citizen_update_contact(*, actor: Any, phone: str, email: str, address: str) -> CitizenProfile:
    """The contact details a citizen may change (never the verified identity)."""
    from tuphap.citizens.permissions import citizen_of

    profile = citizen_of(actor)
    if profile is None:
        raise PermissionDenied("citizen")
    errors: dict[str, str] = {}
    phone = re.sub(r"[\s.\-]", "", phone or "")
    if phone and not _PHONE.match(phone):
        errors["phone"] = _("Enter a valid phone number (10 or 11 digits starting with 0).")
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid email address.")
    try:
        address = clean_line(address or "", max_length=255)
    except TextError as exc:
        errors["address"] = _("Address: %(error)s.") % {"error": exc}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        changed = []
        for key, value in (("phone", phone), ("email", email), ("address", address)):
            if getattr(profile, key) != value:
                setattr(profile, key, value)
                changed.append(key)
                if key in {"phone", "email"}:
                    setattr(profile, f"{key}_verified_at", None)
                    changed.append(f"{key}_verified_at")
        if changed:
            audited_save(
                profile, actor=actor, action="citizen.update_contact", fields=changed, after={"fields": changed}
            )
    return profile


# --------------------------------------------------------------------------- retention (docs/privacy.md)


def retention_days(period: retention.Period) -> int:
    """The period's days, as the setting it names overrides them (at least one day)."""
    return max(int(getattr(settings, period.setting, period.days)), 1)


def codes_purge(*, at: dt.datetime | None = None) -> int:
    """Delete the one-time codes expired for more than ``retention.CODES`` (used or not): they prove
    nothing any more, and the destination they name is personal data."""
    cutoff = (at or timezone.now()) - dt.timedelta(days=retention_days(retention.CODES))
    deleted, _by_model = OneTimeCode.objects.filter(expires_at__lt=cutoff).delete()
    return deleted


def _erase(profile: CitizenProfile) -> str:
    """Erase one citizen's account: the profile (with its codes), the messages sent about it and the
    API tokens go; the user row is deleted, or, when records still point at it (an online dossier's
    link to its citizen, the audit trail), kept without a name, a contact or a way to sign in.
    "deleted" or "closed"."""
    user = profile.user
    Notification.objects.about(profile).delete()
    profile.delete()
    user.api_tokens.all().delete()
    try:
        with transaction.atomic():
            user.delete()
    except ProtectedError:
        user.username = f"cd-xoa-{user.pk}"
        user.email = user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["username", "email", "first_name", "last_name", "is_active", "password"])
        return "closed"
    return "deleted"


def _erase_all(profiles: Any, *, action: str, facts: dict[str, Any], operator: str, actor: Any = None) -> int:
    """Erase each account of ``profiles``; one audit event for the run (counts only, no personal data)."""
    done = {"deleted": 0, "closed": 0}
    with transaction.atomic():
        for profile in profiles.select_related("user").select_for_update(of=("self",)):
            done[_erase(profile)] += 1
        if done["deleted"] or done["closed"]:
            audit_record(actor=actor, action=action, after={**facts, **done}, operator=operator)
    return done["deleted"] + done["closed"]


def unverified_accounts(*, at: dt.datetime) -> Any:
    """Local accounts never activated (no contact verified) signed up before ``retention.UNVERIFIED_ACCOUNTS``."""
    cutoff = at - dt.timedelta(days=retention_days(retention.UNVERIFIED_ACCOUNTS))
    return CitizenProfile.objects.filter(
        source=CitizenProfile.Source.LOCAL,
        user__is_active=False,
        phone_verified_at__isnull=True,
        email_verified_at__isnull=True,
        created_at__lt=cutoff,
    )


def unverified_accounts_purge(*, at: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Erase the local accounts whose contact was never verified within the period (the daily job)."""
    now = at or timezone.now()
    found = unverified_accounts(at=now)
    if dry_run:
        return found.count()
    cutoff = now - dt.timedelta(days=retention_days(retention.UNVERIFIED_ACCOUNTS))
    return _erase_all(
        found,
        action="citizen.purge_unverified",
        facts={"signed_up_before": cutoff.isoformat()},
        operator="periodic citizen-accounts-purge",
    )


def inactive_accounts(*, inactive_before: dt.datetime, keep: Any = ()) -> Any:
    """Citizens' accounts not used since ``inactive_before``: made before it, no sign-in and no API token
    used after it, not among the users ``keep`` (those whose online dossiers still need the account,
    as the dossiers app knows), never a staff account."""
    recent_token = ApiToken.objects.filter(user=OuterRef("user"), last_used_at__gte=inactive_before)
    return (
        CitizenProfile.objects.filter(created_at__lt=inactive_before)
        .filter(Q(user__last_login__isnull=True) | Q(user__last_login__lt=inactive_before))
        .exclude(Exists(recent_token))
        .exclude(user__in=keep)
        .exclude(user__is_superuser=True)
        .exclude(user__staff_profile__isnull=False)
    )


def inactive_accounts_close(*, actor: Any, inactive_before: dt.datetime, keep: Any = (), dry_run: bool = False) -> int:
    """Erase the accounts unused since ``inactive_before`` (``retention.INACTIVE_ACCOUNTS``), except the
    users in ``keep``. The dossiers stay whole: an account with online dossiers keeps its user row,
    nameless and closed, so that each dossier's link to who applied is not broken."""
    if actor is not None:
        require(actor, "orgs.manage")
    found = inactive_accounts(inactive_before=inactive_before, keep=keep)
    if dry_run:
        return found.count()
    return _erase_all(
        found,
        action="citizen.purge_inactive",
        facts={"inactive_before": inactive_before.isoformat()},
        operator="manage.py purge_personal_data",
        actor=actor,
    )
