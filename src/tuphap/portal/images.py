"""Uploaded photos: checked (real image of an allowed type, size, pixels) and
re-encoded at a web size with Pillow, which also drops EXIF data (GPS, camera)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_SOURCE_PIXELS = 40_000_000  # refuse decompression bombs before decoding
MAX_EDGE = 1600  # longest side after resizing
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


@dataclass(frozen=True)
class PreparedImage:
    content: ContentFile
    width: int
    height: int


def prepare_image(upload: object, *, name_hint: str = "anh") -> PreparedImage:
    """Check an uploaded file and return it resized and re-encoded (JPEG, or PNG when transparent)."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is too large (at most %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    data = upload.read() if hasattr(upload, "read") else bytes(upload)  # type: ignore[call-overload]
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is too large (at most %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(_("The file is not an image (JPEG, PNG, WebP or GIF)."), code="not_image") from None
    if kind not in ALLOWED_FORMATS:
        raise ValidationError(_("The file is not an image (JPEG, PNG, WebP or GIF)."), code="not_image")
    if width * height > MAX_SOURCE_PIXELS:
        raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")
    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
        transparent = image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info)
        out = io.BytesIO()
        if transparent:
            image.convert("RGBA").save(out, format="PNG", optimize=True)
            ext = "png"
        else:
            image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True, progressive=True)
            ext = "jpg"
        final_width, final_height = image.size
    base = slugify(name_hint)[:50] or "anh"
    return PreparedImage(ContentFile(out.getvalue(), name=f"{base}.{ext}"), final_width, final_height)
