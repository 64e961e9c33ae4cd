# Existing modules are in the default language, each its own translation group.
from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):

    dependencies = [
        ('layout', '0004_module_translatable_bootstrap'),
    ]

    operations = [
        BootstrapTranslatableModel('layout.Module'),
    ]
