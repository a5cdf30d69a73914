"""The appraisal time limits under the law of 2015 and the law of 2025.

Data, each with its legal basis and the date from which it applies; an
administrator adds a row when the law changes (see docs/lawdocs.md)."""

import datetime as dt

from django.db import migrations

RULES = [
    {
        "applies_from": dt.date(2016, 7, 1),
        "legal_basis": "Luật Ban hành văn bản QPPL 80/2015/QH13 (Điều 121, 130), sửa đổi bởi Luật 63/2020/QH14",
        "amount": 10,
        "unit": "calendar_days",
        "anchor": "before_meeting",
        "before_meeting_days": 10,
        "note": "Hồ sơ gửi Sở Tư pháp chậm nhất 20 ngày trước phiên họp; báo cáo thẩm định gửi chậm nhất 10 ngày trước phiên họp.",
    },
    {
        "applies_from": dt.date(2025, 4, 1),
        "legal_basis": "Luật Ban hành văn bản QPPL 64/2025/QH15, sửa đổi bởi Luật 87/2025/QH15; Nghị định 78/2025/NĐ-CP",
        "amount": 10,
        "unit": "calendar_days",
        "anchor": "received",
        "before_meeting_days": None,
        "note": "Thời hạn tính từ ngày nhận đủ hồ sơ; hồ sơ trả lại vì chưa đủ được tính lại từ ngày nộp lại. Cần rà soát lại con số với văn bản hướng dẫn.",
    },
]


def seed(apps, schema_editor):
    AppraisalRule = apps.get_model("lawdocs", "AppraisalRule")
    for rule in RULES:
        AppraisalRule.objects.get_or_create(applies_from=rule["applies_from"], defaults=rule)


def unseed(apps, schema_editor):
    apps.get_model("lawdocs", "AppraisalRule").objects.filter(
        applies_from__in=[r["applies_from"] for r in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("lawdocs", "0002_search_index")]
    operations = [migrations.RunPython(seed, unseed)]
