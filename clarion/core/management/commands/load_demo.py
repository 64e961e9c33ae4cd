from django.core.management.base import BaseCommand

from clarion.demo.build import build_demo, demo_exists


class Command(BaseCommand):
    help = "Load the demo campaign (Tamsin Valley Appeal) unless a campaign home page already exists."

    def handle(self, *args, **options):
        if demo_exists():
            self.stdout.write("A campaign home page exists already; demo not loaded.")
            return
        home = build_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo campaign loaded: {home.title}"))
