"""Demo data of the portal: categories, about sixty articles, announcements and a
visitor history, loaded through the services; a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from tuphap.core.tz import local_day
from tuphap.portal import services
from tuphap.portal.demo.data import ANNOUNCEMENTS, ARTICLES, CATEGORIES, IMPORTED_VISITS, PUBLISHED_ON
from tuphap.portal.models import Announcement, Article
from tuphap.portal.text import slug_base

HISTORY_DAYS = 420
PHOTO_COLOURS = [(164, 22, 26), (11, 79, 138), (22, 101, 52), (180, 83, 9), (91, 33, 182), (15, 118, 110)]


def _number(seed: str, low: int, high: int) -> int:
    digest = hashlib.sha256(seed.encode()).digest()
    return low + int.from_bytes(digest[:4], "big") % (high - low + 1)


def _photo(index: int) -> SimpleUploadedFile:
    """A simple generated picture (no photograph of real people or places)."""
    colour = PHOTO_COLOURS[index % len(PHOTO_COLOURS)]
    image = Image.new("RGB", (960, 540), colour)
    draw = ImageDraw.Draw(image)
    for k in range(0, 960, 48):
        draw.line([(k, 540), (k + 270, 0)], fill=tuple(min(255, c + 25) for c in colour), width=10)
    draw.rectangle([60, 380, 900, 480], fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile("anh-minh-hoa.jpg", out.getvalue(), content_type="image/jpeg")


def load(stdout: Any) -> None:
    editor = get_user_model().objects.filter(username="bientap").first()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    categories = {
        slug: services.category_upsert(actor=None, slug=slug, name=name, description=description, position=position)
        for slug, name, description, position in CATEGORIES
    }
    created = 0
    existing = set(Article.objects.values_list("slug", flat=True))
    for i, (category, title, lead, paragraphs) in enumerate(ARTICLES):
        slug = slug_base(title, 100)
        if slug in existing:
            continue
        with transaction.atomic():
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            article = services.article_create(
                actor=editor,
                category=categories[category],
                title=title,
                lead=lead,
                body=body,
                byline="Ban biên tập",
                slug=slug,
            )
            if i % 10 == 0:
                services.article_image_add(
                    actor=editor, article=article, upload=_photo(i // 10), caption=f"Ảnh minh họa: {title[:80]}"
                )
            if title in PUBLISHED_ON:  # a dated article: in the morning of its day, office time
                day = PUBLISHED_ON[title]
                at = dt.datetime.combine(day, dt.time(8 + _number(slug, 0, 8)), tzinfo=timezone.get_current_timezone())
                days_ago = (now.date() - day).days
            else:
                days_ago = (i * 37) % 175 + 1
                at = now - dt.timedelta(days=days_ago, hours=_number(slug, 0, 9))
            services.article_publish(actor=editor, article=article, at=at)
            Article.objects.filter(pk=article.pk).update(
                views=_number(slug + ":views", 120, 1200) + 12 * max(0, 175 - days_ago)
            )
        created += 1
    today = local_day(timezone.now())
    for title, text, pinned, start, end in ANNOUNCEMENTS:
        if Announcement.objects.filter(title=title).exists():
            continue
        services.announcement_create(
            actor=editor,
            title=title,
            body=text,
            pinned=pinned,
            valid_from=today + dt.timedelta(days=start),
            valid_to=today + dt.timedelta(days=end) if end is not None else None,
        )
    history = {}
    for back in range(HISTORY_DAYS, -1, -1):
        day = today - dt.timedelta(days=back)
        base = 420 if day.weekday() >= 5 else 980
        visits = base + _number(day.isoformat(), 0, 520)
        history[day] = visits // 3 if back == 0 else visits
    loaded = services.visits_history_load(actor=None, days=history)
    services.visits_import_total(actor=None, total=IMPORTED_VISITS)
    stdout.write(f"Cổng thông tin: {created} bài viết mới, {loaded} ngày lịch sử truy cập.")
