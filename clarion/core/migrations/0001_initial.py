from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='RunHeartbeat',
            fields=[
                ('result_id', models.CharField(max_length=64, primary_key=True, serialize=False)),
                ('task_path', models.CharField(max_length=255)),
                ('beat_at', models.DateTimeField()),
            ],
        ),
    ]
