"""Each meeting and check-in carries its pair's programme, so that a programme's report
counts them by month from one index instead of joining every row to its pair."""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = """
UPDATE {table} SET programme_id = (
    SELECT programme_id FROM mentorships_mentorship
    WHERE mentorships_mentorship.id = {table}.mentorship_id
)
"""


def _programme(null: bool) -> models.ForeignKey:
    return models.ForeignKey(
        db_index=False,
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="programmes.programme",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("mentorships", "0007_mentorship_newest_first"),
        ("programmes", "0008_programme_role_terms"),
    ]

    operations = [
        migrations.AddField(model_name="meeting", name="programme", field=_programme(True)),
        migrations.AddField(model_name="checkin", name="programme", field=_programme(True)),
        migrations.RunSQL(
            BACKFILL.format(table="mentorships_meeting"), reverse_sql=migrations.RunSQL.noop
        ),
        migrations.RunSQL(
            BACKFILL.format(table="mentorships_checkin"), reverse_sql=migrations.RunSQL.noop
        ),
        migrations.AlterField(model_name="meeting", name="programme", field=_programme(False)),
        migrations.AlterField(model_name="checkin", name="programme", field=_programme(False)),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(
                fields=["programme", "starts_at"],
                include=("status",),
                name="meeting_programme_month",
            ),
        ),
        migrations.AddIndex(
            model_name="checkin",
            index=models.Index(
                fields=["programme", "created_at"],
                include=("engagement", "flexibility", "authenticity", "reciprocity"),
                name="check_in_programme_month",
            ),
        ),
    ]
