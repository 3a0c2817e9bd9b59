"""`jobbtorg matching import-ads FILE [--as USERNAME] [--dry-run]`: job ads in JobSearch format
become vacancies. `jobbtorg matching rebuild-index [--force]`: build the city's matching index
now, in this process (the command line is a worker of its own), e.g. after a restore."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jobbtorg.matching import index_store
from jobbtorg.matching.permissions import can_write_employers
from jobbtorg.matching.services.ads import UnusableFile, ads_import, read_ads
from jobbtorg.organisation.models import User

EXIT_ALL_IN, EXIT_SOME_REFUSED, EXIT_UNUSABLE = 0, 1, 2


class Command(BaseCommand):
    help = (
        "The matching function: `matching import-ads FILE` imports JobSearch-format job ads; "
        "`matching rebuild-index` builds the city's matching index now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        importing = commands.add_parser(
            "import-ads",
            help="import job ads in JobSearch format (JSON: one ad, a list, or {hits: [...]})",
        )
        importing.add_argument("file")
        importing.add_argument(
            "--as",
            dest="username",
            help="record the vacancies as registered by this matcher or manager",
        )
        importing.add_argument(
            "--dry-run", action="store_true", help="check and report; write nothing"
        )
        rebuilding = commands.add_parser(
            "rebuild-index",
            help="build and store the matching index now, unless the stored one is fresh",
        )
        rebuilding.add_argument(
            "--force", action="store_true", help="build even when the stored index is fresh"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild-index":
            self._rebuild_index(force=options["force"])
            return
        code = self._import_ads(options)
        if code != EXIT_ALL_IN:
            sys.exit(code)

    def _rebuild_index(self, *, force: bool) -> None:
        outcome = index_store.rebuild(force=force)
        what = f"{outcome.people} people, {outcome.vacancies} vacancies"
        if outcome.built:
            self.stdout.write(f"Matching index built in {outcome.seconds:.1f} s: {what}.")
        else:
            self.stdout.write(f"The stored matching index is fresh ({what}); nothing to do.")

    def _import_ads(self, options: dict[str, Any]) -> int:
        actor = None
        if options.get("username"):
            actor = User.objects.filter(username=options["username"]).first()
            if actor is None:
                self.stderr.write(f"There is no user “{options['username']}”.")
                return EXIT_UNUSABLE
            if not can_write_employers(actor):
                self.stderr.write(
                    f"{actor.username} may not register vacancies: a matcher or a manager may."
                )
                return EXIT_UNUSABLE
        try:
            ads = read_ads(options["file"])
        except UnusableFile as error:
            self.stderr.write(str(error))
            return EXIT_UNUSABLE
        dry_run = options["dry_run"]
        results = ads_import(ads, actor=actor, dry_run=dry_run)
        would = "would be " if dry_run else ""
        for result in results:
            if result.outcome == "refused":
                self.stdout.write(f"ad {result.ad_id}: refused")
                for reason in result.reasons:
                    self.stdout.write(f"  {reason}")
                continue
            self.stdout.write(
                f"ad {result.ad_id}: {would}{result.outcome} – {result.headline} "
                f"[{result.ssyk_code} {result.occupation}]"
            )
            for warning in result.warnings:
                self.stdout.write(f"  warning: {warning}")
        counts = {
            outcome: sum(1 for r in results if r.outcome == outcome)
            for outcome in ("imported", "updated", "refused")
        }
        self.stdout.write(
            f"{len(results)} ads: {counts['imported']} imported, {counts['updated']} updated, "
            f"{counts['refused']} refused" + (" (dry run: nothing written)" if dry_run else "")
        )
        return EXIT_SOME_REFUSED if counts["refused"] else EXIT_ALL_IN
