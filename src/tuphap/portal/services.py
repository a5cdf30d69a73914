"""Every write of the portal's content: permission, transaction, audit event.
(The cached public pages retire themselves on any change of the content, in
the change's transaction: ``signals.py``.)

Editors (``portal.write``) write articles and announcements and publish them
(``portal.publish``); when the portal's options require it, an editor's
publication waits for a director's approval (``portal.approve``), and so does
any later change of an approved article's content (text, category, photos):
it is kept as an ``ArticleRevision`` (and photos marked ``pending``) while the
approved version stays served, until ``article_approve`` applies it or
``article_changes_reject`` drops it. Every text goes through the rules of
``tuphap.core.text`` (``validation.py``). Counting
views and visits is not here but in ``counting/`` (anonymous, no audit).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, NotRequired, TypedDict, Unpack

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from tuphap.core.keywords import bundled
from tuphap.core.services import acting_user, audit_record, audited_save
from tuphap.orgs.permissions import can, require
from tuphap.portal.images import prepare_image
from tuphap.portal.models import (
    Announcement,
    Article,
    ArticleImage,
    ArticleRevision,
    ArticleStatus,
    Category,
    ImageChange,
    PortalOptions,
    VisitDay,
)
from tuphap.portal.sanitize import sanitize_html
from tuphap.portal.text import fold, slug_base
from tuphap.portal.validation import checked

Actor = AbstractBaseUser | AnonymousUser | None

MAX_IMAGES_PER_ARTICLE = 20


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slug_base(title, 100)
    slug, n = base, 1
    qs = Article.objects.all() if exclude_pk is None else Article.objects.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _search_text(title: str, lead: str, body: str) -> str:
    return fold(f"{title} {lead} {strip_tags(body)}")


def _snapshot(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "slug": article.slug,
        "category": article.category.slug,
        "status": article.status,
        "published_at": article.published_at.isoformat() if article.published_at else None,
    }


def portal_options() -> PortalOptions:
    options = PortalOptions.objects.order_by("pk").first()
    return options if options is not None else PortalOptions(pk=1)


def category_upsert(
    *, actor: Actor, slug: str, name: str, description: str = "", position: int = 0, on_home: bool = True
) -> Category:
    """Create or rename a category (``actor`` None: the demo or a command)."""
    if actor is not None:
        require(actor, "portal.settings")
    text = checked("Category", name=name, description=description)
    name, description = text["name"], text["description"]
    if not name:
        raise ValidationError({"name": _("The name is required.")})
    with transaction.atomic():
        category, created = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position, "on_home": on_home}
        )
        if created:
            audit_record(actor=actor, action="portal.category.create", obj=category, after={"slug": slug, "name": name})
        elif (category.name, category.description, category.position, category.on_home) != (
            name,
            description,
            position,
            on_home,
        ):
            audited_save(
                category,
                actor=actor,
                action="portal.category.update",
                changes={"name": name, "description": description, "position": position, "on_home": on_home},
                before={"name": category.name, "description": category.description},
                after={"name": name, "description": description},
            )
    return category


class ArticleContent(TypedDict):
    """An article's content as an editor writes it: what ``article_create`` and
    ``article_update`` take (and a pending change, ``ArticleRevision``, holds)."""

    category: Category
    title: str
    lead: NotRequired[str]
    body: NotRequired[str]
    byline: NotRequired[str]


@bundled
def article_create(*, actor: Actor, slug: str = "", **content: Unpack[ArticleContent]) -> Article:
    """A new draft; the body is sanitised before it is stored."""
    require(actor, "portal.write")
    values = _article_content(content)
    with transaction.atomic():
        article = Article(
            **values,
            slug=slug_base(slug, 120) if slug else _unique_slug(values["title"]),
            author=acting_user(actor),
            status=ArticleStatus.DRAFT,
            search_text=_search_text(values["title"], values["lead"], values["body"]),
        )
        if Article.objects.filter(slug=article.slug).exists():
            raise ValidationError({"slug": _("This address is already used by another article.")})
        audited_save(article, actor=actor, action="portal.article.create", snapshot=_snapshot)
    return article


#: what ``_apply_changes`` may change on an article
_CONTENT_FIELDS = ("category", "title", "lead", "body", "byline", "search_text")


def _article_content(content: ArticleContent) -> dict[str, Any]:
    """An article's content by the text rules, the body sanitised; the title required."""
    text = checked(
        "Article",
        title=content["title"],
        lead=content.get("lead", ""),
        body=content.get("body", ""),
        byline=content.get("byline", ""),
    )
    if not text["title"]:
        raise ValidationError({"title": _("The title is required.")})
    return {"category": content["category"], **text, "body": sanitize_html(text["body"])}


def _changes_need_approval(actor: Actor, article: Article) -> bool:
    """An approved article (published or scheduled) changed by someone who may not
    approve, while directors approve articles: the change waits for approval."""
    return (
        article.status == ArticleStatus.PUBLISHED
        and portal_options().approval_required
        and not can(actor, "portal.approve")
    )


def _content(article: Article | ArticleRevision) -> dict[str, Any]:
    """An article's content as audited (the body by its length and digest, not in full)."""
    return {
        "category": article.category.slug,
        "title": article.title,
        "lead": article.lead,
        "body_chars": len(article.body),
        "body_sha256": hashlib.sha256(article.body.encode()).hexdigest()[:16],
        "byline": article.byline,
    }


def _revision_for(actor: Actor, article: Article) -> ArticleRevision:
    """The article's pending change, started from its approved content if there is none."""
    revision = ArticleRevision.objects.select_for_update().filter(article=article).first()
    if revision is None:
        revision = ArticleRevision(
            article=article,
            category=article.category,
            title=article.title,
            lead=article.lead,
            body=article.body,
            byline=article.byline,
        )
    revision.proposed_by = acting_user(actor)
    return revision


def _apply_changes(article: Article) -> bool:
    """Apply the article's pending change (text and photos) to it, in the caller's
    transaction; returns whether there was one. The caller saves the article."""
    revision = ArticleRevision.objects.filter(article=article).select_related("category").first()
    if revision is not None:
        article.category, article.title, article.lead, article.body, article.byline = (
            revision.category,
            revision.title,
            revision.lead,
            revision.body,
            revision.byline,
        )
        article.search_text = _search_text(article.title, article.lead, article.body)
        revision.delete()
    removed = list(ArticleImage.objects.filter(article=article).to_remove())
    for image in removed:
        _image_delete(image)
    added = ArticleImage.objects.filter(article=article).to_add().update(pending=ImageChange.NONE)
    return revision is not None or bool(removed) or bool(added)


def _image_delete(image: ArticleImage) -> None:
    name = image.image.name
    storage = image.image.storage
    image.delete()
    transaction.on_commit(lambda: storage.delete(name))


@bundled
def article_update(*, actor: Actor, article: Article, **content: Unpack[ArticleContent]) -> Article:
    """Change an article's text. On an approved article, while directors approve
    articles, an editor's change is kept as a proposal (``ArticleRevision``) and
    the approved version stays served until a director approves it."""
    require(actor, "portal.write")
    values = _article_content(content)
    with transaction.atomic():
        article = Article.objects.select_for_update().select_related("category").get(pk=article.pk)
        if _changes_need_approval(actor, article):
            revision = _revision_for(actor, article)
            before = _content(revision) if revision.pk else _content(article)
            for name, value in values.items():
                setattr(revision, name, value)
            revision.save()
            audit_record(
                actor=actor, action="portal.article.revise", obj=article, before=before, after=_content(revision)
            )
            return article
        before = _snapshot(article)
        _apply_changes(article)  # a proposal left from before (approval since turned off, or withdrawn): superseded
        audited_save(
            article,
            actor=actor,
            action="portal.article.update",
            changes={**values, "search_text": _search_text(values["title"], values["lead"], values["body"])},
            fields=["updated_at"],
            before=before,
            snapshot=_snapshot,
        )
    return article


def article_publish(*, actor: Actor, article: Article, at: dt.datetime | None = None) -> Article:
    """Publish now or at ``at`` (scheduled). When directors require approval, an
    editor's publication waits for it (status "awaiting approval")."""
    require(actor, "portal.publish")
    with transaction.atomic():
        article = Article.objects.select_for_update().select_related("category").get(pk=article.pk)
        before = _snapshot(article)
        if portal_options().approval_required and not can(actor, "portal.approve"):
            article.status = ArticleStatus.PENDING
            article.published_at = at
            action = "portal.article.submit"
        else:
            article.status = ArticleStatus.PUBLISHED
            article.published_at = at or timezone.now()
            if can(actor, "portal.approve"):
                article.approved_by = actor  # type: ignore[assignment]
            action = "portal.article.publish"
        audited_save(
            article,
            actor=actor,
            action=action,
            fields=["status", "published_at", "approved_by", "updated_at"],
            before=before,
            snapshot=_snapshot,
        )
    return article


def article_approve(*, actor: Actor, article: Article) -> Article:
    """A director approves an article awaiting approval: it is published (at its
    requested time); or approves the pending change of a published article: it
    is applied and served."""
    require(actor, "portal.approve")
    with transaction.atomic():
        article = Article.objects.select_for_update().select_related("category").get(pk=article.pk)
        if article.status == ArticleStatus.PUBLISHED:
            before = _snapshot_and_content(article)
            if not _apply_changes(article):
                raise ValidationError(_("Only an article awaiting approval can be approved."))
            audited_save(
                article,
                actor=actor,
                action="portal.article.approve_changes",
                changes={"approved_by": actor},
                fields=[*_CONTENT_FIELDS, "updated_at"],
                before=before,
                snapshot=_snapshot_and_content,
            )
            return article
        if article.status != ArticleStatus.PENDING:
            raise ValidationError(_("Only an article awaiting approval can be approved."))
        now = timezone.now()
        audited_save(
            article,
            actor=actor,
            action="portal.article.approve",
            changes={
                "status": ArticleStatus.PUBLISHED,
                "published_at": article.published_at if article.published_at and article.published_at > now else now,
                "approved_by": actor,
            },
            fields=["updated_at"],
            snapshot=_snapshot,
        )
    return article


def _snapshot_and_content(article: Article) -> dict[str, Any]:
    """What the audit log keeps of an article whose pending change is approved."""
    return {**_snapshot(article), **_content(article)}


def article_changes_reject(*, actor: Actor, article: Article) -> Article:
    """A director turns down the pending change of a published article: the approved
    version stays; the proposed text and photos are dropped."""
    require(actor, "portal.approve")
    with transaction.atomic():
        article = Article.objects.select_for_update().select_related("category").get(pk=article.pk)
        revision = ArticleRevision.objects.filter(article=article).select_related("category").first()
        added = list(ArticleImage.objects.filter(article=article).to_add())
        removed = ArticleImage.objects.filter(article=article).to_remove()
        if revision is None and not added and not removed.exists():
            raise ValidationError(_("This article has no change awaiting approval."))
        proposed = _content(revision) if revision is not None else {}
        if revision is not None:
            revision.delete()
        for image in added:
            _image_delete(image)
        removed.update(pending=ImageChange.NONE)
        audit_record(
            actor=actor,
            action="portal.article.reject_changes",
            obj=article,
            before={**proposed, "images_added": [i.image.name for i in added]},
            after=_content(article),
        )
    return article


def article_unpublish(*, actor: Actor, article: Article) -> Article:
    """Withdraw an article from the public (back to draft); its views are kept."""
    if not (can(actor, "portal.publish") or can(actor, "portal.approve")):
        require(actor, "portal.publish")
    with transaction.atomic():
        article = Article.objects.select_for_update().select_related("category").get(pk=article.pk)
        before = _snapshot(article)
        _apply_changes(article)  # a draft is not served: a pending change becomes the draft, to approve with it
        audited_save(
            article,
            actor=actor,
            action="portal.article.unpublish",
            changes={"status": ArticleStatus.DRAFT},
            fields=[*_CONTENT_FIELDS, "updated_at"],
            before=before,
            snapshot=_snapshot,
        )
    return article


def article_image_add(*, actor: Actor, article: Article, upload: Any, caption: str = "") -> ArticleImage:
    """Check, resize and attach a photo with its caption (on an approved article,
    while directors approve articles, shown once a director approves it)."""
    require(actor, "portal.write")
    caption = checked("ArticleImage", caption=caption)["caption"]
    prepared = prepare_image(upload, name_hint=article.slug)
    with transaction.atomic():
        article = Article.objects.select_for_update().select_related("category").get(pk=article.pk)
        pending = _changes_need_approval(actor, article)
        count = ArticleImage.objects.filter(article=article).count()
        if count >= MAX_IMAGES_PER_ARTICLE:
            raise ValidationError(_("An article has at most %(n)s images.") % {"n": MAX_IMAGES_PER_ARTICLE})
        image = ArticleImage(
            article=article, caption=caption, position=count, pending=ImageChange.ADD if pending else ImageChange.NONE
        )
        image.image.save(prepared.content.name, prepared.content, save=False)
        image.save()
        audit_record(
            actor=actor,
            action="portal.article.image_add",
            obj=article,
            after={"image": image.image.name, "caption": image.caption, "awaiting_approval": pending},
        )
        if not pending:
            Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
    return image


def article_image_remove(*, actor: Actor, image: ArticleImage) -> None:
    """Remove a photo (on an approved article, while directors approve articles:
    once a director approves the removal; a photo not yet approved goes at once)."""
    require(actor, "portal.write")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=image.article_id)
        image = ArticleImage.objects.select_for_update().get(pk=image.pk)
        name = image.image.name
        if _changes_need_approval(actor, article) and image.pending != ImageChange.ADD:
            image.pending = ImageChange.REMOVE
            image.save(update_fields=["pending"])
            audit_record(
                actor=actor,
                action="portal.article.image_remove",
                obj=article,
                before={"image": name},
                after={"awaiting_approval": True},
            )
            return
        _image_delete(image)
        audit_record(actor=actor, action="portal.article.image_remove", obj=article, before={"image": name})
        Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())


class AnnouncementFields(TypedDict):
    """An announcement's fields: what ``announcement_create`` and ``announcement_update`` take."""

    title: str
    body: NotRequired[str]
    pinned: NotRequired[bool]
    valid_from: dt.date
    valid_to: NotRequired[dt.date | None]


def _announcement_audit(announcement: Announcement) -> dict[str, object]:
    """What the audit log keeps of an announcement, before and after a change."""
    return {
        "title": announcement.title,
        "pinned": announcement.pinned,
        "valid_from": str(announcement.valid_from),
        "valid_to": str(announcement.valid_to or ""),
    }


def _announcement_save(actor: Actor, announcement: Announcement | None, fields: AnnouncementFields) -> Announcement:
    """Write a new announcement (``announcement`` None) or change one: every field
    set (a field not given takes its default), the texts by the text rules, the
    title required, the dates in order; with its audit event."""
    require(actor, "portal.publish")
    text = checked("Announcement", title=fields["title"], body=fields.get("body", ""))
    valid_to = fields.get("valid_to")
    errors = {}
    if not text["title"]:
        errors["title"] = _("The title is required.")
    if valid_to is not None and valid_to < fields["valid_from"]:
        errors["valid_to"] = _("The end date is before the start date.")
    if errors:
        raise ValidationError(errors)
    return audited_save(
        announcement if announcement is not None else Announcement(author=acting_user(actor)),
        actor=actor,
        action="portal.announcement.create" if announcement is None else "portal.announcement.update",
        changes={"pinned": False, "valid_to": None, **fields, **text},
        snapshot=_announcement_audit,
    )


@bundled
def announcement_create(*, actor: Actor, **fields: Unpack[AnnouncementFields]) -> Announcement:
    return _announcement_save(actor, None, fields)


@bundled
def announcement_update(
    *, actor: Actor, announcement: Announcement, **fields: Unpack[AnnouncementFields]
) -> Announcement:
    return _announcement_save(actor, announcement, fields)


def portal_options_update(*, actor: Actor, approval_required: bool) -> PortalOptions:
    """Directors decide whether editors' articles wait for their approval."""
    require(actor, "portal.settings")
    with transaction.atomic():
        options = portal_options()
        return audited_save(
            options,
            actor=actor,
            action="portal.options.update",
            changes={"approval_required": approval_required},
            fields=["updated_at"],
            before={"approval_required": options.approval_required},
            after={"approval_required": approval_required},
        )


def visits_import_total(*, actor: Actor, total: int) -> PortalOptions:
    """Start the all-time figure from the old portal's counter (``actor`` None: a command)."""
    if actor is not None:
        require(actor, "portal.settings")
    if total < 0:
        raise ValidationError({"total": _("The number of visits cannot be negative.")})
    with transaction.atomic():
        options = portal_options()
        before = {"visits_imported": options.visits_imported}
        if options.pk is not None and PortalOptions.objects.filter(pk=options.pk, visits_imported=total).exists():
            return options
        audited_save(
            options,
            actor=actor,
            action="portal.visits.import",
            changes={"visits_imported": total},
            fields=["updated_at"],
            before=before,
            after={"visits_imported": total},
        )
    return options


def visits_history_load(*, actor: Actor, days: dict[dt.date, int]) -> int:
    """Load past daily visit counts (from the old portal's logs); days already counted are kept."""
    if actor is not None:
        require(actor, "portal.settings")
    existing = set(VisitDay.objects.filter(day__in=list(days)).values_list("day", flat=True))
    rows = [VisitDay(day=day, visits=n) for day, n in days.items() if day not in existing and n >= 0]
    if not rows:
        return 0
    with transaction.atomic():
        VisitDay.objects.bulk_create(rows, ignore_conflicts=True)
        audit_record(
            actor=actor,
            action="portal.visits.history_load",
            after={"days": len(rows), "first": str(min(r.day for r in rows)), "last": str(max(r.day for r in rows))},
        )
    return len(rows)
