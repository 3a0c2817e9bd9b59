from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jobbtorg.core.errors import ValidationFailed
from jobbtorg.organisation.models import User
from jobbtorg.organisation.services import api_token_create


class Command(BaseCommand):
    help = (
        "Print a new bearer token for /api/v1/ for a user. It is shown once: only its hash is kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"There is no user “{options['username']}”.")
        try:
            token = api_token_create(user=user)
        except ValidationFailed as error:
            raise CommandError(str(error)) from None
        self.stdout.write(token)
