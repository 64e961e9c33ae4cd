import json

from django.core.management.base import BaseCommand

from clarion.core.status import Limits, fact_lines, gather


class Command(BaseCommand):
    help = ("What to look at when something feels wrong: task queue, worker liveness, periodic tasks, outbox, "
            "mailings. Exits 1 when something is clearly wrong, so cron or monitoring can call it.")

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="One JSON object, for machines.")
        parser.add_argument("--mail-late-minutes", type=int, default=Limits.mail_late_seconds // 60,
                            help="A pending message older than this is a problem (default %(default)s).")
        parser.add_argument("--worker-quiet-minutes", type=int, default=Limits.worker_quiet_seconds // 60,
                            help="No worker activity this long while tasks wait is a problem (default %(default)s).")

    def handle(self, *args, **options):
        limits = Limits(mail_late_seconds=options["mail_late_minutes"] * 60,
                        worker_quiet_seconds=options["worker_quiet_minutes"] * 60)
        sections = gather(limits)
        problems = [problem for section in sections.values() for problem in section.problems]
        if options["json"]:
            report = {"ok": not problems, "problems": problems}
            report.update((name, section.facts) for name, section in sections.items())
            self.stdout.write(json.dumps(report, indent=2, default=str))
        else:
            for section in sections.values():
                self.stdout.write("\n".join([str(section.title), *fact_lines(section.facts)]))
            self.stdout.write("\n".join(["", "Problems:", *(f"  - {p}" for p in problems)]) if problems else "\nOK")
        if problems:
            raise SystemExit(1)
