"""Invitations and suppressions keep a keyed hash of the address instead of the plain canonical address, and
of the sender's address bucket instead of the IP; every requested address is a row (mailed or skipped)."""

from django.db import migrations, models
from django.db.models import Q


def keep_keyed_hashes(apps, schema_editor):
    from clarion.core.netaddr import ip_bucket
    from clarion.spread.models import address_key, ip_key

    Invitation = apps.get_model("spread", "Invitation")
    Suppression = apps.get_model("spread", "Suppression")
    for invitation in Invitation.objects.all().iterator():
        Invitation.objects.filter(pk=invitation.pk).update(
            address_key=address_key(invitation.canonical_email), ip_key=ip_key(ip_bucket(invitation.ip_address)),
            state="mailed")
    for suppression in Suppression.objects.all().iterator():
        Suppression.objects.filter(pk=suppression.pk).update(address_key=address_key(suppression.canonical_email))


class Migration(migrations.Migration):

    dependencies = [
        ("spread", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="address_key",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="invitation",
            name="ip_key",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="invitation",
            name="state",
            field=models.CharField(choices=[("pending", "Waiting to be sent"), ("mailed", "Sent"),
                                            ("skipped", "Not sent")], default="pending", max_length=8),
        ),
        migrations.AddField(
            model_name="suppression",
            name="address_key",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(keep_keyed_hashes, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="invitation", name="one_invitation_per_address"),
        migrations.RemoveIndex(model_name="invitation", name="invitation_recent"),
        migrations.RemoveIndex(model_name="invitation", name="invitation_ip"),
        migrations.RemoveField(model_name="invitation", name="canonical_email"),
        migrations.RemoveField(model_name="invitation", name="ip_address"),
        migrations.RemoveField(model_name="suppression", name="canonical_email"),
        migrations.RemoveField(model_name="suppression", name="ip_address"),
        migrations.AlterField(
            model_name="suppression",
            name="address_key",
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="invitee's e-mail"),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="requested"),
        ),
        migrations.AddConstraint(
            model_name="invitation",
            constraint=models.UniqueConstraint(condition=Q(state="mailed"), fields=("petition", "address_key"),
                                               name="one_invitation_mailed_per_address"),
        ),
        migrations.AddIndex(
            model_name="invitation",
            index=models.Index(fields=["address_key", "created_at"], name="invitation_recent"),
        ),
        migrations.AddIndex(
            model_name="invitation",
            index=models.Index(fields=["ip_key", "created_at"], name="invitation_ip"),
        ),
        migrations.AddIndex(
            model_name="invitation",
            index=models.Index(condition=Q(state="pending"), fields=["created_at"], name="invitation_pending"),
        ),
    ]
