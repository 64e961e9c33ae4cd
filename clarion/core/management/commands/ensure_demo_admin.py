import secrets
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.urls import reverse

from clarion.config import env


def _valid(email):
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


class Command(BaseCommand):
    help = ("Create the demo administrator with a random password, printed once, if no superuser exists; its "
            "e-mail address (for test mailings) comes from CLARION_ADMIN_EMAIL, or is asked at a terminal.")

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", help="The administrator's address (default: CLARION_ADMIN_EMAIL).")

    def handle(self, *args, username, email, **options):
        users = get_user_model()
        admin_url = f"{settings.CLARION_BASE_URL}/admin/"
        email_url = settings.CLARION_BASE_URL + reverse("account_email")
        administrators = users.objects.filter(is_superuser=True)
        if administrators.exists():
            self.stdout.write(
                f"Admin: {admin_url} (an administrator exists; to reset a password: "
                f"make manage ARGS='changepassword {username}')"
            )
            if not administrators.exclude(email="").exists():
                self.stdout.write(f"  No administrator has an e-mail address for test mailings: add it at {email_url}")
            return
        email = self.admin_email(email if email is not None else env("CLARION_ADMIN_EMAIL"))
        password = secrets.token_urlsafe(12)
        users.objects.create_superuser(username=username, email=email, password=password)
        where = email or f"none yet (test mailings need one): add it at {email_url}, or set CLARION_ADMIN_EMAIL"
        self.stdout.write(self.style.SUCCESS(
            f"\n  Admin:    {admin_url}\n  Login:    {username}\n  Password: {password}\n  E-mail:   {where}\n"
            "  (the password is shown only at this first start; it is stored only as a hash)\n"
        ))

    def admin_email(self, given):
        """The address given, else one typed at a terminal (Enter skips), else none."""
        if given:
            if not _valid(given.strip()):
                raise CommandError(f"The administrator's address (CLARION_ADMIN_EMAIL) is not an e-mail address: "
                                   f"{given!r}")
            return given.strip()
        if not sys.stdin.isatty():
            return ""
        while True:
            typed = input("E-mail address of the first administrator (for test mailings; Enter to skip): ").strip()
            if not typed or _valid(typed):
                return typed
            self.stderr.write(f"{typed!r} is not an e-mail address; try again, or press Enter to skip.")
