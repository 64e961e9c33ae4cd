import sqlite3
import tarfile

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from clarion.core import backup


class Command(BaseCommand):
    help = ("Restore a backup made by `manage.py backup` into this site's (empty) database and media folder, then "
            "migrate it to this version. Give this site the backed-up site's SECRET_KEY and CLARION_HASH_KEYS first.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive `manage.py backup` wrote")
        parser.add_argument("--replace", action="store_true",
                            help="overwrite a database that is not empty (stop the site first)")
        parser.add_argument("--different-keys", action="store_true",
                            help="restore although the keys differ: mailed links and keyed hashes stop working")

    def handle(self, *args, file, replace, different_keys, **options):
        try:
            with tarfile.open(file) as archive:
                mismatches = backup.key_mismatches(backup.read_manifest(archive))
            if mismatches and not different_keys:
                raise backup.BackupError(
                    f"The keys differ from the backed-up site's ({', '.join(mismatches)}): links already mailed and "
                    "keyed hashes (who signed) would stop working. Give this site the old keys (docs/deploy.md, "
                    "Backups and restoring), or pass --different-keys to restore anyway.")
            manifest = backup.restore(file, replace=replace)
        except (backup.BackupError, OSError, tarfile.TarError, sqlite3.Error) as error:
            raise CommandError(f"Not restored: {error}") from error
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(
            f"Restored the backup of {manifest['created_at']}: the database and {manifest['media_files']} uploaded "
            "files. Start the site as usual."))
