"""What axe-core found on three pages, held in the server's HTML (the browser
test tests/e2e/test_accessibility.py checks every page as every role)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.test import Client

from tuphap.orgs.roles import Role

SITE_CSS = Path(__file__).resolve().parents[2] / "src/tuphap/static/tuphap/site.css"


def test_the_dashboard_tables_have_no_empty_header_cell(client: Client, director: Any) -> None:
    client.force_login(director)
    html = client.get("/bao-cao/").content.decode()
    headers = re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)
    assert headers and all(h.strip() for h in headers)
    assert '<th scope="col">Đơn vị</th>' in html and '<th scope="col">Thủ tục</th>' in html


def test_the_appraisal_board_year_select_has_a_name(client: Client, make_staff: Any) -> None:
    client.force_login(make_staff("chuyenvien", Role.SPECIALIST))
    html = client.get("/van-ban/tham-dinh/").content.decode()
    (select,) = re.findall(r'<select name="nam"[^>]*>', html)
    assert 'aria-label="Năm"' in select


def test_muted_text_keeps_4_5_to_1_on_the_tinted_cells() -> None:
    """Weekends on the calendar (#f0f1f3) and overdue rows of the task board (#fdecea)."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    (muted,) = re.findall(r"--muted: (#[0-9a-f]{6})", SITE_CSS.read_text(encoding="utf-8"))
    for background in ("#ffffff", "#f6f7f9", "#f0f1f3", "#fdecea"):
        light, dark = sorted((luminance(muted), luminance(background)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, background
