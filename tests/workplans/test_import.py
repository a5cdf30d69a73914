"""XLSX import of violation-handling figures: bad rows reported by line, good rows kept, idempotent."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from tuphap.orgs.roles import Role
from tuphap.workplans import importer, rules, selectors, services
from tuphap.workplans.models import ViolationStat


def _xlsx(rows: list[list[Any]], header: list[str] | None = None) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(header or list(rules.STAT_HEADERS_VI))
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


ROWS = [
    [2022, 1, "Công an tỉnh", "Giao thông", 8420, 21356500000, 19870000000],  # line 2
    [2022, 1, "Công an tỉnh", "An ninh, trật tự, an toàn xã hội", 612, 2104000000, 1850500000],
    [2022, 5, "Sở Y tế", "Y tế", 3, 1000, 1000],  # line 4: bad quarter
    [None, None, None, None, None, None, None],  # blank: skipped
    [2022, 1, "Sở Y tế", "Nấu ăn", "nhiều", 1000, 1000],  # line 6: bad field and count
    [2022, 1, "Sở Tài nguyên và Môi trường", "moi truong", 27, "1.380.000.000", 905000000],
]


def test_import_reports_bad_rows_and_keeps_good_ones(specialist: Any) -> None:
    report = importer.violation_stats_import(actor=specialist, file=_xlsx(ROWS))
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert [line for line, _ in report.errors] == [4, 6]
    assert "Quý" in report.errors[0][1]
    assert "Lĩnh vực" in report.errors[1][1] and "Số quyết định" in report.errors[1][1]
    table = selectors.violation_report(2022, 1)
    assert table.total == {
        "decisions": 8420 + 612 + 27,
        "fines_imposed": 21356500000 + 2104000000 + 1380000000,
        "fines_collected": 19870000000 + 1850500000 + 905000000,
    }
    assert [r["field"] for r in table.by_field] == ["traffic", "public_order", "environment"]
    assert {r["reporter"] for r in table.by_reporter} == {"Công an tỉnh", "Sở Tài nguyên và Môi trường"}


def test_import_is_idempotent_and_updates_changed_rows(specialist: Any) -> None:
    importer.violation_stats_import(actor=specialist, file=_xlsx(ROWS))
    again = importer.violation_stats_import(actor=specialist, file=_xlsx(ROWS))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert ViolationStat.objects.count() == 3
    changed = [list(ROWS[0]), list(ROWS[1])]
    changed[0][4] = 8500
    report = importer.violation_stats_import(actor=specialist, file=_xlsx(changed))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert ViolationStat.objects.get(field="traffic").decisions == 8500


def test_template_round_trips(specialist: Any) -> None:
    rows = [rules.StatRow(2022, 2, "Sở Xây dựng", "land_construction", 4, 100, 50)]
    report = importer.violation_stats_import(actor=specialist, file=io.BytesIO(importer.template_xlsx(rows)))
    assert report.created == 1 and report.errors == []


def test_bad_files_and_headers_are_refused(specialist: Any, make_staff: Any) -> None:
    with pytest.raises(ValidationError):
        importer.violation_stats_import(actor=specialist, file=io.BytesIO(b"not a workbook"))
    with pytest.raises(ValidationError):
        importer.violation_stats_import(actor=specialist, file=_xlsx(ROWS, header=["a", "b"]))
    with pytest.raises(PermissionDenied):
        importer.violation_stats_import(actor=make_staff("bientap", Role.EDITOR), file=_xlsx(ROWS))


def test_entered_figures_use_the_same_service(specialist: Any) -> None:
    stat, outcome = services.violation_stat_save(
        actor=specialist, row=rules.StatRow(2022, 1, "Sở Tư pháp", "justice", 4, 22500000, 22500000)
    )
    assert outcome == "created" and stat.updated_by == specialist
    assert (
        services.violation_stat_save(
            actor=specialist, row=rules.StatRow(2022, 1, "Sở Tư pháp", "justice", 4, 22500000, 22500000)
        )[1]
        == "unchanged"
    )
