import sqlite3

from django.core.management.base import BaseCommand, CommandError

from clarion.core import backup


class Command(BaseCommand):
    help = ("Back up the database and the uploaded files into one archive (.tar, or .tar.gz compressed), safely "
            "while the site runs. The keys are not in it: keep SECRET_KEY and CLARION_HASH_KEYS apart.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write, e.g. /backups/clarion-2026-12-02.tar.gz")

    def handle(self, *args, file, **options):
        try:
            manifest = backup.create(file)
        except (backup.BackupError, OSError, sqlite3.Error) as error:
            raise CommandError(f"No backup written: {error}") from error
        self.stdout.write(self.style.SUCCESS(
            f"Backed up the {manifest['database']} database and {manifest['media_files']} uploaded files to {file}."))
        self.stdout.write("A restore needs this site's SECRET_KEY and CLARION_HASH_KEYS too (docs/deploy.md, Backups).")
