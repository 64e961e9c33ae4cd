"""Every submission becomes its own pending entry: uniqueness moves to confirmed signatures only, dedupe keys
become keyed hashes (clarion.petitions.dedupe), and the cap on "already signed" notices per signature
becomes a cap on mails per address and petition in a window.

Live keys were the plain canonical address (or address|name|postal code): each is keyed as it is. Anonymised
rows kept sha256("<petition>:<address>") in three columns: the digest itself is keyed (so that signer still
cannot count twice on a petition still open) and the address columns are emptied.
"""

import django.core.validators
from django.db import migrations, models

from clarion.core.keyed import keyed_hash

PURPOSE = "petitions.dedupe"
LEGACY_PURPOSE = "petitions.dedupe.anonymised-before-keying"
ANONYMISED_EMAIL = "anonymised@anonymised.invalid"


def key_every_dedupe_key(apps, schema_editor):
    Signature = apps.get_model("petitions", "Signature")
    rows = Signature.objects.only("pk", "dedupe_key", "anonymised_at", "confirmed_at").order_by("pk")
    batch = []
    for row in rows.iterator(chunk_size=5000):
        if row.anonymised_at is None:
            row.dedupe_key = keyed_hash(row.dedupe_key, PURPOSE)
        else:
            row.dedupe_key = keyed_hash(row.dedupe_key, LEGACY_PURPOSE) if row.confirmed_at else ""
        batch.append(row)
        if len(batch) >= 1000:
            Signature.objects.bulk_update(batch, ["dedupe_key"])
            batch = []
    Signature.objects.bulk_update(batch, ["dedupe_key"])
    Signature.objects.filter(anonymised_at__isnull=False).update(
        email=ANONYMISED_EMAIL, canonical_email="", email_domain="", comment_state="")


class Migration(migrations.Migration):

    dependencies = [
        ('petitions', '0006_ip_retention_after_signing'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='signature',
            name='one_signature_per_key',
        ),
        migrations.RenameField(
            model_name='petitionsettings',
            old_name='duplicate_notices',
            new_name='address_mail_limit',
        ),
        migrations.AlterField(
            model_name='petitionsettings',
            name='address_mail_limit',
            field=models.PositiveIntegerField(default=3, help_text='Confirmation links and “already signed” notices, within the window below. Beyond it nothing is sent, so nobody can flood an inbox by signing with someone else’s address; but someone who does can make the owner wait for the window to pass.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='e-mails about one petition to one address'),
        ),
        migrations.AddField(
            model_name='petitionsettings',
            name='address_mail_hours',
            field=models.PositiveIntegerField(default=6, validators=[django.core.validators.MinValueValidator(1)], verbose_name='window for those e-mails (hours)'),
        ),
        migrations.AddField(
            model_name='signature',
            name='noticed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(key_every_dedupe_key, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='signature',
            constraint=models.UniqueConstraint(condition=models.Q(('confirmed_at__isnull', False)), fields=('petition', 'dedupe_key'), name='one_confirmed_signature_per_key'),
        ),
    ]
