from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from clarion.dashboard.actions import rebuild_figures


class Command(BaseCommand):
    help = ("Count the morning screen's hourly figures from the signatures: from the first signature, or from "
            "--since DATE (YYYY-MM-DD, in the site's time zone) on. The periodic roll-up carries on from there.")

    def add_arguments(self, parser):
        parser.add_argument("--since", help="first day to count again (YYYY-MM-DD)")

    def handle(self, *args, since=None, **options):
        start = None
        if since:
            day = parse_date(since)
            if day is None:
                raise CommandError(f"--since wants a date as YYYY-MM-DD, not {since!r}")
            start = timezone.make_aware(datetime.combine(day, time.min))
        hours = rebuild_figures(since=start)
        self.stdout.write(f"Stored the figures of {hours} hours.")
