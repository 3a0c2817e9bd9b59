from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jobbtorg.demo.cases import demo_people_count, load_demo_people
from jobbtorg.demo.data import DEMO_PASSWORD, DEMO_PROVIDER_SLUG, DEMO_USERS
from jobbtorg.demo.deadlines import deadlines_kept_at_the_end
from jobbtorg.demo.history import (
    history_people_count,
    load_demo_assistance,
    load_demo_history,
    load_demo_payments,
    load_demo_targets,
)
from jobbtorg.demo.lex_sarah import load_demo_lex_sarah
from jobbtorg.demo.matching import load_demo_matching
from jobbtorg.demo.portal import load_demo_portal
from jobbtorg.demo.summerjobs import load_demo_summerjobs
from jobbtorg.organisation.models import User
from jobbtorg.organisation.services import user_create
from jobbtorg.providers.models import Provider


class Command(BaseCommand):
    help = "Load the demo accounts (one per role) and fictional people. Safe to run again."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is only loaded in demo mode (JOBBTORG_DEMO_MODE=true).")
        Provider.objects.get_or_create(slug=DEMO_PROVIDER_SLUG, defaults={"name": "Demoanordnaren"})
        created_users = 0
        # Hashed once for every account (the hash is made slow on purpose: once per account
        # was most of the load's time).
        hashed = None
        for demo in DEMO_USERS:
            if User.objects.filter(username=demo.username).exists():
                continue
            hashed = hashed or make_password(DEMO_PASSWORD)
            user = user_create(
                username=demo.username,
                role=demo.role,
                password=None,
                job_centre=demo.job_centre,
                district=demo.district,
                provider=demo.provider,
                first_name=demo.first_name,
                last_name=demo.last_name,
            )
            User.objects.filter(pk=user.pk).update(password=hashed)
            created_users += 1
        with deadlines_kept_at_the_end():
            created_people = load_demo_people() + load_demo_history()
        load_demo_assistance()
        load_demo_payments()
        load_demo_targets()
        load_demo_matching()
        load_demo_summerjobs()
        load_demo_portal()
        load_demo_lex_sarah()
        people = demo_people_count() + history_people_count()
        self.stdout.write(
            f"Demo data: {created_users} accounts and {created_people} people added "
            f"({len(DEMO_USERS)} accounts and {people} people in all)."
        )
