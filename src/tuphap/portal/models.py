"""The public portal's data: categories, articles with images, announcements,
and the counters behind "Lượt xem" and "Thống kê truy cập".

Workflow (publishing, approval, counting) lives in ``services.py`` and
``counting/``; models hold data and invariants only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from tuphap.portal.sanitize import EDITOR_EXTENSIONS
from tuphap.portal.validation import clean_text_fields

# Sent by the content's querysets for the writes that send no ``post_save`` or
# ``post_delete``: ``using`` (the database), ``fields`` (None: any). ``signals.py``
# retires the cached public pages on it, as on saves and deletions.
content_written = Signal()


class ContentQuerySet(models.QuerySet[Any]):
    """A queryset of the public content. Its updates (``bulk_update`` too) and
    ``bulk_create`` send no ``post_save``, so they send ``content_written``."""

    def update(self, **kwargs: Any) -> int:
        rows = super().update(**kwargs)
        if rows:
            _written(self, kwargs)
        return rows

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            _written(self)
        return created


def _written(queryset: ContentQuerySet, fields: Iterable[str] | None = None) -> None:
    content_written.send(sender=queryset.model, using=queryset.db, fields=fields)


class CleanText(models.Model):
    """A model whose texts are cleaned before they are stored (``portal.validation.clean_text_fields``)."""

    class Meta:
        abstract = True

    def clean(self) -> None:
        clean_text_fields(self)


class TitledText(CleanText):
    """An article, its proposed change or an announcement: shown by its title."""

    title: Any

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.title)


class Category(CleanText):
    """A section of the portal (hoạt động, phổ biến giáo dục pháp luật, hỏi đáp pháp luật, …)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    on_home = models.BooleanField(_("shown on the home page"), default=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:category", args=[self.slug])


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Unpublished draft")
    PENDING = "pending", _("Awaiting approval")
    PUBLISHED = "published", _("Published")  # "scheduled" while published_at is in the future


class ArticleQuerySet(ContentQuerySet):
    def visible(self, at: dt.datetime | None = None) -> ArticleQuerySet:
        """Published and due: what the public sees (``is_visible``: the same for one article's row)."""
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__lte=at or timezone.now())

    def scheduled(self, at: dt.datetime | None = None) -> ArticleQuerySet:
        """Published but due later."""
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__gt=at or timezone.now())

    def awaiting_approval(self) -> ArticleQuerySet:
        """Awaiting a director's approval: a first publication, or a change of a
        published article (its text, or its photos)."""
        return self.filter(
            Q(status=ArticleStatus.PENDING)
            | Q(revision__isnull=False)
            | Q(pk__in=ArticleImage.objects.awaiting_approval().values("article_id"))
        )

    def in_status(self, status: str) -> ArticleQuerySet:
        """The editors' status filter: "scheduled", "pending" (awaiting approval, a
        change of a published article too), another status, or "" (all)."""
        if status == "scheduled":
            return self.scheduled()
        if status == ArticleStatus.PENDING:
            return self.awaiting_approval()
        if status:
            return self.filter(status=status)
        return self


#: the editors' status filter (``ArticleQuerySet.in_status``): each value and its label ("" for all)
STATUS_FILTERS: list[tuple[str, Any]] = [("", _("All")), *ArticleStatus.choices, ("scheduled", _("Scheduled"))]


def is_visible(row: dict[str, Any], at: dt.datetime | None = None) -> bool:
    """Whether an article's row (``status``, ``published_at``) is published and due:
    ``ArticleQuerySet.visible`` for one article already read."""
    return (
        row["status"] == ArticleStatus.PUBLISHED
        and row["published_at"] is not None
        and row["published_at"] <= (at or timezone.now())
    )


class Article(TitledText):
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(_("headline"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    lead = models.TextField(_("lead"), max_length=1000, blank=True)
    body = ProseEditorField(_("body"), extensions=EDITOR_EXTENSIONS, sanitize=True, blank=True)
    byline = models.CharField(_("byline"), max_length=150, blank=True, help_text=_("As printed under the article."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    published_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    views = models.PositiveBigIntegerField(_("views"), default=0)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("news articles")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "published_at"], name="article_status_published"),
            models.Index(fields=["category", "status", "published_at"], name="article_category_published"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ArticleStatus.values), name="article_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("portal:article", args=[self.slug])

    @property
    def state(self) -> str:
        """draft, pending, scheduled or published."""
        if self.status == ArticleStatus.PUBLISHED and self.published_at and self.published_at > timezone.now():
            return "scheduled"
        return str(self.status)

    @property
    def state_label(self) -> str:
        if self.state == "scheduled":
            return str(_("Scheduled"))
        return str(ArticleStatus(self.status).label)


def article_image_path(instance: ArticleImage, filename: str) -> str:
    now = timezone.now()
    return f"portal/{now:%Y/%m}/{filename}"


class ImageChange(models.TextChoices):
    NONE = "", _("Shown")
    ADD = "add", _("Added, awaiting approval")
    REMOVE = "remove", _("Removal awaiting approval")


class ArticleImageQuerySet(ContentQuerySet):
    """Photos by the approval of their change (``ImageChange``)."""

    def shown(self) -> ArticleImageQuerySet:
        """The photos the public sees: not those added awaiting approval (a removal
        awaiting approval is still shown)."""
        return self.exclude(pending=ImageChange.ADD)

    def awaiting_approval(self) -> ArticleImageQuerySet:
        """Photos whose addition or removal awaits approval."""
        return self.exclude(pending=ImageChange.NONE)

    def to_add(self) -> ArticleImageQuerySet:
        """Photos added, awaiting approval."""
        return self.filter(pending=ImageChange.ADD)

    def to_remove(self) -> ArticleImageQuerySet:
        """Photos whose removal awaits approval."""
        return self.filter(pending=ImageChange.REMOVE)


class ArticleImage(CleanText):
    """A photo of an article, checked and resized on upload; shown with its caption.
    On an approved article, with approval required, an editor's addition or
    removal waits for a director's approval (``pending``)."""

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to=article_image_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)
    pending = models.CharField(
        _("change awaiting approval"), max_length=8, choices=ImageChange.choices, default=ImageChange.NONE, blank=True
    )

    objects = ArticleImageQuerySet.as_manager()

    class Meta:
        verbose_name = _("article image")
        verbose_name_plural = _("article images")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(pending__in=ImageChange.values), name="article_image_pending_valid"),
        ]

    def __str__(self) -> str:
        return self.caption or self.image.name

    @property
    def removal_pending(self) -> bool:
        """Whether its removal already waits for a director's approval (it cannot be asked again)."""
        return self.pending == ImageChange.REMOVE


class ArticleRevision(TitledText):
    """A change of an approved article's content proposed by an editor while
    directors approve articles: the published version stays served until a
    director approves it (``services.article_approve`` applies it)."""

    article = models.OneToOneField(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="revision"
    )
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("headline"), max_length=250)
    lead = models.TextField(_("lead"), max_length=1000, blank=True)
    body = models.TextField(_("body"), blank=True)
    byline = models.CharField(_("byline"), max_length=150, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now=True)

    class Meta:
        verbose_name = _("proposed change of an article")
        verbose_name_plural = _("proposed changes of articles")


class AnnouncementQuerySet(ContentQuerySet):
    def current(self, day: dt.date) -> AnnouncementQuerySet:
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class Announcement(TitledText):
    """A short notice ("Thông báo") with validity dates; pinned ones come first."""

    title = models.CharField(_("headline"), max_length=250)
    body = models.TextField(_("text"), blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-pinned", "-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="announcement_valid_range",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("portal:announcement", args=[self.pk])


# What the public pages show: any change of these retires the cached pages (``signals.py``).
CONTENT_MODELS = (Category, Article, ArticleImage, Announcement)


class PortalOptions(models.Model):
    """The portal's settings (one row): approval before publishing, imported visit total."""

    approval_required = models.BooleanField(_("directors approve articles before publication"), default=False)
    visits_imported = models.PositiveBigIntegerField(_("visits imported from the old portal"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("portal options")
        verbose_name_plural = _("portal options")

    def __str__(self) -> str:
        return str(_("Portal options"))


class VisitDay(models.Model):
    """Visits started on one day (Asia/Ho_Chi_Minh); weeks and months are sums of days."""

    day = models.DateField(_("day"), unique=True)
    visits = models.PositiveBigIntegerField(_("visits"), default=0)

    class Meta:
        verbose_name = _("visits of a day")
        verbose_name_plural = _("visits per day")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.visits}"


class Presence(models.Model):
    """When a visitor was last seen, for "online now". ``key`` is a hash of the
    visitor cookie's random id: no IP address, no personal data."""

    key = models.CharField(_("visitor key"), max_length=32, unique=True)
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("visitor presence")
        verbose_name_plural = _("visitor presence")

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.last_seen:%H:%M:%S}"


class ContentGeneration(models.Model):
    """One row: a value every change of the content changes in its own transaction
    (``signals.py``), so that every server process retires its cached pages as
    soon as the change commits (the page cache's keys carry it)."""

    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("content generation")
        verbose_name_plural = _("content generation")

    def __str__(self) -> str:
        return str(self.value)


class CounterFlush(models.Model):
    """A batch of Redis counters written to the database, recorded in the same
    transaction: a batch is applied once even if the process that applied it
    died before it could remove the batch from Redis."""

    batch = models.CharField(_("batch"), max_length=32, unique=True)
    at = models.DateTimeField(_("applied at"), db_index=True)

    class Meta:
        verbose_name = _("counter flush")
        verbose_name_plural = _("counter flushes")

    def __str__(self) -> str:
        return self.batch
