from django.core.management.base import BaseCommand

from clarion.pages.renditions import make_all_renditions


class Command(BaseCommand):
    help = "Make every picture size the published pages and modules show (after an import, or when sizes change)."

    def handle(self, *args, **options):
        self.stdout.write(f"Pictures ready: {make_all_renditions()}")
