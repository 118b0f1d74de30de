"""The policy in force from the start: warning letter within 2 hours of detection, takedown within
24 hours of the letter (the trusted-AI lab's published service commitment)."""

from datetime import date

from django.db import migrations


def seed(apps, schema_editor):
    Policy = apps.get_model("enforcement", "Policy")
    Policy.objects.get_or_create(effective_from=date(2024, 1, 1), defaults={
        "notice_hours": 2, "takedown_hours": 24, "escalate_after_hours": 4, "recheck_minutes": 30,
        "review_threshold": 0.5, "confirm_threshold": 0.8,
        "note": "可信AI实验室服务承诺：发现盗版 2 小时内发出预警函，24 小时内下架"})


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
