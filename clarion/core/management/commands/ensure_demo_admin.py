import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the demo administrator with a random password, printed once, if no superuser exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        users = get_user_model()
        admin_url = f"{settings.CLARION_BASE_URL}/admin/"
        if users.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"Admin: {admin_url} (an administrator exists; to reset a password: "
                f"make manage ARGS='changepassword {username}')"
            )
            return
        password = secrets.token_urlsafe(12)
        users.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(self.style.SUCCESS(
            f"\n  Admin:    {admin_url}\n  Login:    {username}\n  Password: {password}\n"
            "  (shown this once; it is stored only as a hash)\n"
        ))
