from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from personnummer import personnummer

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.demo.data import (
    DEMO_PASSWORD,
    DEMO_PEOPLE,
    DEMO_PROVIDER_SLUG,
    DEMO_USERS,
)
from jobbtorg.organisation.models import User
from jobbtorg.organisation.services import user_create
from jobbtorg.participants.models import Participant
from jobbtorg.participants.services import participant_create
from jobbtorg.providers.models import Provider


def _with_control_digit(stem: str) -> str:
    for digit in "0123456789":
        if personnummer.valid(stem + digit):
            return stem + digit
    raise ValueError(stem)


class Command(BaseCommand):
    help = "Load the demo accounts (one per role) and fictional people. Safe to run again."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is only loaded in demo mode (JOBBTORG_DEMO_MODE=true).")
        Provider.objects.get_or_create(slug=DEMO_PROVIDER_SLUG, defaults={"name": "Demoanordnaren"})
        created_users = 0
        for demo in DEMO_USERS:
            if User.objects.filter(username=demo.username).exists():
                continue
            user_create(
                username=demo.username,
                role=demo.role,
                password=DEMO_PASSWORD,
                check_password=False,
                job_centre=demo.job_centre,
                district=demo.district,
                provider=demo.provider,
                first_name=demo.first_name,
                last_name=demo.last_name,
            )
            created_users += 1
        created_people = 0
        for stem, first_name, last_name, officer_username in DEMO_PEOPLE:
            number = _with_control_digit(stem)
            if Participant.objects.filter(
                personal_identity_number=number.replace("-", "")
            ).exists():
                continue
            officer = User.objects.get(username=officer_username)
            participant_create(
                actor=officer,
                audit_context=AuditContext.for_command("load_demo", actor=officer),
                personal_identity_number=number,
                first_name=first_name,
                last_name=last_name,
                home_district=officer.district,
            )
            created_people += 1
        self.stdout.write(
            f"Demo data: {created_users} accounts and {created_people} people added "
            f"({len(DEMO_USERS)} accounts and {len(DEMO_PEOPLE)} people in all)."
        )
