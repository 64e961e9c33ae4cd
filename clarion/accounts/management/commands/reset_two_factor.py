from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clarion.accounts import actions


class Command(BaseCommand):
    help = "Remove a user's authenticator app and backup codes (they lost both); they set it up again at next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as missing:
            raise CommandError(f"No user “{username}”.") from missing
        actions.turn_off(user, acting_user=None)
        self.stdout.write(f"Two-factor sign-in of “{username}” is reset.")
