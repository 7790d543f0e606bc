# ruff: noqa: E501  (generated: the History actions as the model spells them)

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("advisor", "0019_team_unavailable_spanish"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historyentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("added", "Added"),
                    ("changed", "Changed"),
                    ("deleted", "Deleted"),
                    ("translated", "Translated"),
                    ("published", "Published"),
                    ("discarded", "Discarded"),
                    ("restored", "Restored as draft"),
                    ("rolled_back", "Restored and published"),
                    ("uploaded", "Map file uploaded"),
                    ("pruned", "Old versions removed"),
                    ("archived", "Archived"),
                    ("unarchived", "Brought back from the archive"),
                    ("bot_texts", "Bot texts changed"),
                    ("reason_deleted", "A user's reason deleted"),
                    ("team_group_code", "Team group code made"),
                ],
                max_length=20,
            ),
        ),
    ]
