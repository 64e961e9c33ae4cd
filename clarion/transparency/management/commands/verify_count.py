from django.core.management.base import BaseCommand, CommandError

from clarion.petitions.models import PetitionCount, PetitionPage
from clarion.transparency.audit import problems


class Command(BaseCommand):
    help = ("Recompute a petition's published total from the database (signatures, the transparency log, its "
            "stored hashes and signed heads); fails with every difference found.")

    def add_arguments(self, parser):
        parser.add_argument("petition_id", type=int)

    def handle(self, petition_id, **options):
        if not PetitionPage.objects.filter(pk=petition_id).exists():
            raise CommandError(f"No petition has the id {petition_id}.")
        found = problems(petition_id)
        if found:
            raise CommandError("The count does not verify:\n  " + "\n  ".join(found))
        total = PetitionCount.objects.filter(petition_id=petition_id).values_list("count", flat=True).first() or 0
        self.stdout.write(f"Petition {petition_id}: the published total {total} verifies against the log.")
