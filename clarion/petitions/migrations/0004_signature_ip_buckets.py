"""Signatures store an IPv6 signer's /64, not their full address: what the per-address limits count, and less
personal data. Addresses stored before are cut to their /64 here."""

from django.db import migrations, models

from clarion.core.netaddr import ip_bucket


def cut_ipv6_to_buckets(apps, schema_editor):
    Signature = apps.get_model("petitions", "Signature")
    rows = Signature.objects.exclude(ip_address=None).only("pk", "ip_address").order_by("pk")
    changed = []
    for row in rows.iterator(chunk_size=5000):
        bucket = ip_bucket(row.ip_address)
        if bucket != row.ip_address:
            row.ip_address = bucket
            changed.append(row)
        if len(changed) >= 1000:
            Signature.objects.bulk_update(changed, ["ip_address"])
            changed = []
    Signature.objects.bulk_update(changed, ["ip_address"])


class Migration(migrations.Migration):

    dependencies = [
        ('petitions', '0003_signature_attribution'),
    ]

    operations = [
        migrations.AlterField(
            model_name='signature',
            name='ip_address',
            field=models.GenericIPAddressField(blank=True, null=True, verbose_name='IP address (IPv6: its /64)'),
        ),
        migrations.RunPython(cut_ipv6_to_buckets, migrations.RunPython.noop),
    ]
