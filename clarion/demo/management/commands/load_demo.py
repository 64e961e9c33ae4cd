import logging

from django.core.management.base import BaseCommand

from clarion.demo.build import build_demo, demo_exists
from clarion.pages.renditions import make_all_renditions


class Command(BaseCommand):
    help = ("Load the demo campaign (Tamsin Valley Appeal, in English and Persian) unless a campaign home page "
            "already exists.")

    def handle(self, *args, **options):
        if demo_exists():
            self.stdout.write("A campaign home page exists already; demo not loaded.")
            return
        # Wagtail logs each page it creates and publishes: 40 lines that push the admin login off the screen.
        wagtail_log = logging.getLogger("wagtail")
        level = wagtail_log.level
        if options["verbosity"] < 2:
            wagtail_log.setLevel(logging.WARNING)
        try:
            home = build_demo(translate=True)
        finally:
            wagtail_log.setLevel(level)
        # Drawn now, so the first visitor never waits for (or sees blank) slides while they are made.
        images = make_all_renditions()
        self.stdout.write(self.style.SUCCESS(f"Demo campaign loaded: {home.title} ({images} pictures ready)"))
