"""The report's chart (received and late dossiers per month, PNG) and the font it is drawn with."""

from __future__ import annotations

import functools
import io
import logging
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tuphap.reports.kpi import number_vi

log = logging.getLogger(__name__)
#: the chart's font: the first that exists and has the Vietnamese letters (Liberation Sans is
#: installed with the test packages; DejaVu Sans comes with fontconfig on Debian)
CHART_FONTS = [
    Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
]
VIETNAMESE_LETTERS = "ĐđơƯưệồỗữẫạẩ"


def _has_vietnamese(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except Exception:  # noqa: BLE001 - an unreadable font file is just not a candidate
        return False
    return all(ord(letter) in cmap for letter in VIETNAMESE_LETTERS)


@functools.cache
def chart_font_path() -> Path | None:
    """A sans-serif font file with the Vietnamese letters (None: no such font on this machine)."""
    candidates = list(CHART_FONTS)
    if shutil.which("fc-match"):
        found = subprocess.run(  # noqa: S603 - fixed arguments
            ["fc-match", "-f", "%{file}", "sans-serif:lang=vi"],  # noqa: S607 - fontconfig's own tool
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        ).stdout.strip()
        if found:
            candidates.append(Path(found))
    return next((path for path in candidates if path.is_file() and _has_vietnamese(path)), None)


def _font(size: int) -> Any:
    from PIL import ImageFont

    path = chart_font_path()
    if path is not None:
        return ImageFont.truetype(str(path), size)
    log.warning(
        "no font with Vietnamese letters found for the report chart; install fonts-liberation2 or fonts-dejavu-core"
    )
    return ImageFont.load_default(size)


def month_chart(rows: list[tuple[str, int, int]], width: int = 900, height: int = 420) -> bytes:
    """A bar chart (PNG): received and late per month, labelled in Vietnamese."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font, small = _font(22), _font(18)
    draw.text((20, 12), "Hồ sơ tiếp nhận và trễ hạn theo tháng", fill="#1f2933", font=font)
    top, bottom, left = 70, height - 60, 70
    peak = max([r[1] for r in rows] + [1])
    draw.line((left, bottom, width - 20, bottom), fill="#6b7280", width=2)
    slot = (width - left - 40) / max(len(rows), 1)
    for i, (label, received, late) in enumerate(rows):
        x = left + i * slot + slot * 0.15
        bar = slot * 0.32
        for j, (value, colour) in enumerate(((received, "#0b4f8a"), (late, "#a4161a"))):
            h = (bottom - top) * value / peak
            x0 = x + j * (bar + 6)
            draw.rectangle((x0, bottom - h, x0 + bar, bottom), fill=colour)
            draw.text((x0, bottom - h - 24), number_vi(value), fill="#1f2933", font=small)
        draw.text((x, bottom + 12), label, fill="#1f2933", font=small)
    draw.rectangle((width - 300, 16, width - 284, 32), fill="#0b4f8a")
    draw.text((width - 278, 12), "Tiếp nhận", fill="#1f2933", font=small)
    draw.rectangle((width - 170, 16, width - 154, 32), fill="#a4161a")
    draw.text((width - 148, 12), "Trễ hạn", fill="#1f2933", font=small)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
