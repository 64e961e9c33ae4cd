"""One index for one address's entries (on a petition, in a window; or across petitions) replaces the index on
the address alone: the mail limit looks it up at every signature, and must not fall back on the petition's
index, which on a big petition means reading every signature."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('petitions', '0007_one_pending_entry_per_submission'),
    ]

    operations = [
        migrations.AlterField(
            model_name='signature',
            name='canonical_email',
            field=models.CharField(max_length=254),
        ),
        migrations.AddIndex(
            model_name='signature',
            index=models.Index(fields=['canonical_email', 'petition', 'created_at'], name='signature_address'),
        ),
    ]
