"""Citizens' accounts: who a citizen is (verified by the identity provider or
not), and the one-time codes that verify a local account's phone or email.

A citizen is a Django user with a ``CitizenProfile`` and no staff role: the
back office's capabilities never reach them (``orgs.roles`` has no citizen
role), and the pages and API operations for citizens ask
``tuphap.citizens.permissions.citizen_of``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CitizenProfile(models.Model):
    class Source(models.TextChoices):
        OIDC = "oidc", _("Electronic identity (single sign-on)")
        LOCAL = "local", _("Local account")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="citizen_profile"
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    #: the provider's subject (``sub``): who the person is for the identity provider, never reassigned
    oidc_subject = models.CharField(_("identity subject"), max_length=255, null=True, blank=True, unique=True)
    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    id_number = models.CharField(_("ID number"), max_length=20, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    #: name, ID number and date of birth come from the identity provider and cannot be edited
    identity_verified = models.BooleanField(_("identity verified"), default=False)
    identity_checked_at = models.DateTimeField(_("identity last confirmed"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=15, blank=True)
    phone_verified_at = models.DateTimeField(_("phone verified at"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    email_verified_at = models.DateTimeField(_("email verified at"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("citizen profile")
        verbose_name_plural = _("citizen profiles")
        constraints = [
            models.CheckConstraint(condition=Q(source__in=["oidc", "local"]), name="citizen_source_valid"),
            models.CheckConstraint(
                condition=Q(source="local") | Q(oidc_subject__isnull=False), name="citizen_oidc_has_subject"
            ),
        ]

    def __str__(self) -> str:
        # no name, number or contact: the audit trail keeps this as its object's label for good
        return f"citizen #{self.pk}"

    @property
    def contact_verified(self) -> bool:
        return bool(self.phone_verified_at or self.email_verified_at)


class OneTimeCode(models.Model):
    """A code sent to a phone or an email to prove the citizen holds it; kept
    as a keyed digest, used once, a few attempts, a few minutes."""

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("Email")

    profile = models.ForeignKey(CitizenProfile, on_delete=models.CASCADE, related_name="codes")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    destination = models.CharField(max_length=255)
    digest = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["profile", "created_at"], name="otp_profile_created")]

    def __str__(self) -> str:
        return f"{self.profile_id} {self.channel} {self.created_at:%Y-%m-%d %H:%M}"
