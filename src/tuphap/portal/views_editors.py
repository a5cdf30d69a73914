"""The portal's back office: editors and directors write, publish and approve
articles and announcements, and set the portal's options. Every view declares
its capability."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuphap.core.params import page_param
from tuphap.orgs.permissions import can, capability_required
from tuphap.portal import selectors, services
from tuphap.portal.forms import AnnouncementForm, ArticleForm, OptionsForm, PublishForm
from tuphap.portal.models import STATUS_FILTERS, Announcement, Article, ArticleImage, ArticleStatus
from tuphap.portal.views_public import PER_PAGE, STAFF_LAYOUT, STATS_MARK, sidebar, stats_html


@capability_required("portal.review")
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("trang-thai", "")
    if status not in dict(STATUS_FILTERS):
        status = ""
    query = request.GET.get("q", "").strip()[:200]
    page = Paginator(selectors.articles_for_staff(status=status, query=query), 25).get_page(page_param(request))
    context = {
        "page": page,
        "status": status,
        "query": query,
        "statuses": STATUS_FILTERS,
        "pending": selectors.articles_for_staff(status=ArticleStatus.PENDING).count()
        if can(request.user, "portal.approve")
        else 0,
        "can_write": can(request.user, "portal.write"),
        "can_approve": can(request.user, "portal.approve"),
        "can_settings": can(request.user, "portal.settings"),
        "options": services.portal_options(),
    }
    return render(request, "portal/manage/list.html", context)


def _save_article(request: HttpRequest, form: ArticleForm, article: Article | None) -> Article:
    data = form.cleaned_data
    fields = {
        "category": data["category"],
        "title": data["title"],
        "lead": data["lead"],
        "body": data["body"],
        "byline": data["byline"],
    }
    if article is None:
        article = services.article_create(actor=request.user, **fields)
    else:
        article = services.article_update(actor=request.user, article=article, **fields)
    if data.get("image"):
        services.article_image_add(
            actor=request.user, article=article, upload=data["image"], caption=data.get("caption", "")
        )
    return article


@capability_required("portal.write")
@require_http_methods(["GET", "POST"])
def article_new(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = _save_article(request, form, None)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The article was saved as a draft."))
            return redirect("portal:article_edit", pk=article.pk)
    return render(request, "portal/manage/article_form.html", {"form": form, "article": None})


@capability_required("portal.write")
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("category"), pk=pk)
    changes = selectors.article_changes(article)
    revision = changes["revision"] if changes else None
    proposed = (
        {name: getattr(revision, name) for name in ("title", "lead", "body", "byline")}
        | {"category": revision.category_id}
        if revision is not None
        else None
    )  # the form holds the change awaiting approval, which the editor goes on with
    form = ArticleForm(request.POST or None, request.FILES or None, instance=article, initial=proposed)
    if request.method == "POST" and form.is_valid():
        try:
            _save_article(request, form, article)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if selectors.article_has_pending_changes(article):
                messages.success(
                    request,
                    _("The change was saved; the portal shows the approved version until a director approves it."),
                )
            else:
                messages.success(request, _("The article was saved."))
            return redirect("portal:article_edit", pk=article.pk)
    article.refresh_from_db()
    context = {
        "form": form,
        "article": article,
        "changes": changes,
        "images": list(article.images.all()),
        "publish_form": PublishForm(),
        "can_publish": can(request.user, "portal.publish"),
        "approval_required": services.portal_options().approval_required,
    }
    return render(request, "portal/manage/article_form.html", context)


@capability_required("portal.review")
@require_GET
def article_preview(request: HttpRequest, pk: int) -> HttpResponse:
    full = get_object_or_404(
        Article.objects.select_related("category", "author").prefetch_related(
            Prefetch("images", queryset=selectors.images_shown())
        ),
        pk=pk,
    )
    others = Paginator(selectors.other_articles(article_id=full.pk, category_id=full.category_id), PER_PAGE).get_page(1)
    context = {
        "article": full,
        "publisher": selectors.publisher_of(full),
        "changes": selectors.article_changes(full),  # the difference a director approves
        "can_approve": can(request.user, "portal.approve"),
        "others": others,
        "views_mark": full.views,
        "preview": True,
        "layout": STAFF_LAYOUT,
        **sidebar(),
    }
    html = (
        render_to_string("portal/article.html", context, request=request).encode().replace(STATS_MARK, stats_html(), 1)
    )
    return HttpResponse(html)


def _run(request: HttpRequest, action: Callable[[], Any], done: str) -> None:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)


@capability_required("portal.publish")
@require_POST
def article_publish(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    article = get_object_or_404(Article, pk=pk)
    form = PublishForm(request.POST)
    at = form.cleaned_data.get("at") if form.is_valid() else None
    _run(
        request,
        lambda: services.article_publish(actor=request.user, article=article, at=at),
        _("Publication recorded."),
    )
    return redirect("portal:article_edit", pk=pk)


@capability_required("portal.review")
@require_POST
def article_unpublish(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    article = get_object_or_404(Article, pk=pk)
    _run(
        request,
        lambda: services.article_unpublish(actor=request.user, article=article),
        _("The article was withdrawn from the portal."),
    )
    return redirect("portal:article_edit", pk=pk)


@capability_required("portal.approve")
@require_POST
def article_approve(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    """Approve an article awaiting approval, or the pending change of a published
    one; ``quyet-dinh=tu-choi`` turns that change down instead."""
    article = get_object_or_404(Article, pk=pk)
    if request.POST.get("quyet-dinh") == "tu-choi":
        _run(
            request,
            lambda: services.article_changes_reject(actor=request.user, article=article),
            _("The change was turned down; the approved version stays on the portal."),
        )
    elif article.status == ArticleStatus.PUBLISHED:
        _run(
            request,
            lambda: services.article_approve(actor=request.user, article=article),
            _("The change was approved and is shown on the portal."),
        )
    else:
        _run(
            request,
            lambda: services.article_approve(actor=request.user, article=article),
            _("The article was approved and published."),
        )
    return redirect(reverse("portal:manage") + "?trang-thai=pending")


@capability_required("portal.write")
@require_POST
def image_remove(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    image = get_object_or_404(ArticleImage.objects.select_related("article"), pk=pk)
    services.article_image_remove(actor=request.user, image=image)
    messages.success(request, _("The photo was removed."))
    return redirect("portal:article_edit", pk=image.article_id)


@capability_required("portal.review")
@require_GET
def announcement_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Announcement.objects.order_by("-valid_from", "-id"), 25).get_page(page_param(request))
    return render(
        request, "portal/manage/announcements.html", {"page": page, "can_publish": can(request.user, "portal.publish")}
    )


@capability_required("portal.publish")
@require_http_methods(["GET", "POST"])
def announcement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(Announcement, pk=pk) if pk is not None else None
    initial = {"valid_from": timezone.localdate()} if item is None else None
    form = AnnouncementForm(request.POST or None, instance=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ["title", "body", "pinned", "valid_from", "valid_to"]}
        try:
            if item is None:
                services.announcement_create(actor=request.user, **data)
            else:
                services.announcement_update(actor=request.user, announcement=item, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The announcement was saved."))
            return redirect("portal:announcement_list")
    return render(request, "portal/manage/announcement_form.html", {"form": form, "item": item})


@capability_required("portal.settings")
@require_http_methods(["GET", "POST"])
def options(request: HttpRequest) -> HttpResponse:
    current = services.portal_options()
    form = OptionsForm(
        request.POST or None,
        initial={"approval_required": current.approval_required, "visits_imported": current.visits_imported},
    )
    if request.method == "POST" and form.is_valid():
        services.portal_options_update(actor=request.user, approval_required=form.cleaned_data["approval_required"])
        services.visits_import_total(actor=request.user, total=form.cleaned_data["visits_imported"])
        messages.success(request, _("The portal's options were saved."))
        return redirect("portal:options")
    return render(request, "portal/manage/options.html", {"form": form, "stats": selectors.visitor_stats()})
