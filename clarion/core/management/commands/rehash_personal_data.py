from django.conf import settings
from django.core.management.base import BaseCommand

from clarion.core import rehash


class Command(BaseCommand):
    help = ("Re-key every keyed hash of personal data under the current key (the first of CLARION_HASH_KEYS), "
            "after a new key was put first. Keep the old keys listed until this has run.")

    def handle(self, *args, **options):
        if len(settings.CLARION_HASH_KEYS) < 2:
            self.stdout.write("Only one hash key is configured: everything is keyed under it already.")
        for name, function in rehash.rehashers().items():
            figures = ", ".join(f"{label.replace('_', ' ')}: {value}" for label, value in function().items())
            self.stdout.write(f"{name}: {figures}")
