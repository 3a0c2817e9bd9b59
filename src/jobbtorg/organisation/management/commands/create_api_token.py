from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jobbtorg.core.errors import ValidationFailed
from jobbtorg.organisation.models import User
from jobbtorg.organisation.services import api_token_days, api_token_issue


class Command(BaseCommand):
    help = (
        "Print a new bearer token for /api/v1/ for a user. It is shown once: only its hash is "
        "kept. It works until it expires, the user's password changes or the account is "
        "deactivated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            metavar="N",
            help=f"how many days the token works (default {api_token_days()}, "
            "the setting JOBBTORG_API_TOKEN_DAYS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"There is no user “{options['username']}”.")
        try:
            token, record = api_token_issue(user=user, days=options["days"])
        except ValidationFailed as error:
            raise CommandError(str(error)) from None
        # The token alone on standard output, so that scripts can read it; the expiry beside it
        # for the person running the command.
        self.stdout.write(token)
        expires = timezone.localtime(record.expires_at).strftime("%Y-%m-%d %H:%M %Z")
        self.stderr.write(f"The token expires {expires}.")
