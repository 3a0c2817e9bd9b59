import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jobbtorg.core.errors import ValidationFailed
from jobbtorg.core.roles import Role
from jobbtorg.organisation.services import user_create


class Command(BaseCommand):
    help = (
        "Create a staff account with a role and its unit, e.g. "
        "`jobbtorg create_user anna --role coach --jobbtorg jarva --password-stdin`."
    )

    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        unit = parser.add_mutually_exclusive_group()
        unit.add_argument("--jobbtorg", metavar="SLUG", help="for coach, matcher and manager")
        unit.add_argument("--district", metavar="SLUG", help="for district officer")
        unit.add_argument("--provider", metavar="SLUG", help="for provider staff")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input; "
            "without it the account cannot sign in until a password is set",
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        password = None
        if options["password_stdin"]:
            password = (options.get("stdin") or sys.stdin).readline().rstrip("\r\n")
            if not password:
                raise CommandError("--password-stdin was given but standard input was empty.")
        try:
            user = user_create(
                username=options["username"],
                role=options["role"],
                password=password,
                job_centre=options["jobbtorg"],
                district=options["district"],
                provider=options["provider"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
            )
        except ValidationFailed as error:
            raise CommandError(
                "\n".join(message for messages in error.errors.values() for message in messages)
            ) from None
        unit = f" at {user.unit}" if user.unit else ""
        self.stdout.write(f"Created {user.username} ({user.role}{unit}).")
