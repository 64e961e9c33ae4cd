from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alerts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="refusals",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="delivery",
            name="retry_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
