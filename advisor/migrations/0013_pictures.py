"""Steps' pictures: stored in the database once per content (no step has one yet)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("advisor", "0012_link_buttons"),
    ]

    operations = [
        migrations.CreateModel(
            name="Picture",
            fields=[
                ("sha256", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("data", models.BinaryField()),
                ("content_type", models.CharField(max_length=20)),
                ("width", models.PositiveIntegerField()),
                ("height", models.PositiveIntegerField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.AddField(
            model_name="node",
            name="picture",
            field=models.ForeignKey(
                blank=True,
                help_text="Shown above the message, which becomes its caption (at most 1024 "
                "characters then). JPEG, PNG or WebP, up to 10 MB.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="advisor.picture",
            ),
        ),
    ]
