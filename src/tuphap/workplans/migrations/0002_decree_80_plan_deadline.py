"""The 10-day rule of Decree 80/2025/NĐ-CP as configurable data: a province
issues its plan to implement a law within 10 days of the Prime Minister's
plan (from 1 Apr 2025). Changed later through ``services.deadline_rule_set``."""

import datetime as dt

from django.db import migrations


def add_rule(apps, schema_editor):
    DeadlineRule = apps.get_model("workplans", "DeadlineRule")
    DeadlineRule.objects.get_or_create(
        code="implementation_plan",
        valid_from=dt.date(2025, 4, 1),
        defaults={
            "name": "Kế hoạch triển khai thi hành văn bản của tỉnh",
            "amount": 10,
            "unit": "calendar_days",
            "legal_basis": "Nghị định 80/2025/NĐ-CP (kể từ ngày Thủ tướng Chính phủ ban hành kế hoạch)",
        },
    )


def remove_rule(apps, schema_editor):
    apps.get_model("workplans", "DeadlineRule").objects.filter(
        code="implementation_plan", valid_from=dt.date(2025, 4, 1)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("workplans", "0001_tasks_plans_violation_figures")]
    operations = [migrations.RunPython(add_rule, remove_rule)]
