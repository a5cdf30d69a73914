"""Agencies, units and staff of the department.

Agency codes follow Decision 20/2020/QĐ-TTg (e.g. ``000.00.17.H09``). Since the
provinces merged on 1 Jul 2025 an agency has a validity period and may have a
successor; old dossiers keep the codes they were received under.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

AGENCY_CODE_RE = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$")


def validate_agency_code(value: str) -> None:
    if not AGENCY_CODE_RE.match(value):
        raise ValidationError(
            _("Agency code “%(code)s” does not follow Decision 20/2020/QĐ-TTg (e.g. 000.00.17.H09)."),
            code="agency_code",
            params={"code": value},
        )


class Agency(models.Model):
    """Cơ quan: a state body with a code, e.g. the Department of Justice."""

    code = models.CharField(_("agency code"), max_length=20, unique=True, validators=[validate_agency_code])
    name = models.CharField(_("agency name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    place_name = models.CharField(_("place name (on documents)"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=100, blank=True)
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("e.g. that the code is a demo value, not the official one")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agency")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="agency_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class Unit(models.Model):
    """Phòng / đơn vị: a unit inside an agency."""

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="units")
    code = models.SlugField(_("unit code"), max_length=40)
    name = models.CharField(_("unit name"), max_length=255)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("unit")
        ordering = ["agency__code", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="unit_code_unique_in_agency")]

    def __str__(self) -> str:
        return self.name


class StaffProfile(models.Model):
    """Hồ sơ cán bộ: a user's place in the department."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="staff_profile"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    receiving_point = models.ForeignKey(
        "orgs.ReceivingPoint",
        verbose_name=_("receiving point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("where this officer receives dossiers (the desk's default)"),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profile")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class ReceivingPointKind(models.TextChoices):
    PROVINCIAL_CENTRE = "provincial_centre", _("Provincial public administration service centre")
    COMMUNE_CENTRE = "commune_centre", _("Commune public administration service centre")
    ONLINE = "online", _("Online (public service portal)")
    PUBLIC_POST = "public_post", _("Public postal service")


class ReceivingPoint(models.Model):
    """Nơi tiếp nhận: where dossiers are received (the provincial centre, a
    commune's centre, the online portal, the public post). Data, not code: the
    list of communes changes with the map and is entered by the department."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ReceivingPointKind.choices)
    name = models.CharField(_("name"), max_length=255)
    commune = models.CharField(_("commune / ward"), max_length=100, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="receiving_points"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("receiving point")
        verbose_name_plural = _("receiving points")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="receiving_point_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["provincial_centre", "commune_centre", "online", "public_post"]),
                name="receiving_point_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)
