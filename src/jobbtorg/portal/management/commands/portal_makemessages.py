"""Refresh the portal's catalogues (Arabic and plain Swedish) from what its pages can show.

    cd src/jobbtorg && jobbtorg portal_makemessages
    jobbtorg compilemessages -l ar -l sv_X-lattlast

Django's makemessages, fed the portal's files (portal/catalogue.py) instead of the whole tree
and writing to portal/translations/: new strings come in empty, changed ones fuzzy, gone ones
go. The staff catalogue (locale/, Swedish) is made as before by makemessages -l sv.
"""

import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.core.management.commands import makemessages

from jobbtorg.portal.catalogue import (
    CATALOGUE_DIR,
    OTHER_SOURCES,
    portal_files,
    source_text,
)

# The catalogues the portal keeps; Swedish and English need none (Swedish is the staff
# catalogue's, and the msgids are English).
PORTAL_LOCALES = ("ar", "sv_X-lattlast")


class Command(makemessages.Command):
    help = "Refresh the portal's catalogues (ar, plain Swedish) in portal/translations/."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--catalogue-dir",
            default=str(CATALOGUE_DIR),
            help="Where the catalogues are (default: the portal's; a test uses a copy).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.catalogue_dir = str(Path(options.pop("catalogue_dir")).resolve())
        if not options["locale"] and not options["all"]:
            options["locale"] = list(PORTAL_LOCALES)
        options["no_obsolete"] = True
        options["no_location"] = True
        with tempfile.TemporaryDirectory() as excerpts:
            self.excerpts = Path(excerpts)
            super().handle(*args, **options)

    def find_files(self, root: str) -> list[makemessages.TranslatableFile]:
        # Only here does makemessages write: the portal's catalogue directory.
        self.locale_paths = [self.catalogue_dir]
        self.default_locale_path = self.catalogue_dir
        files = [
            makemessages.TranslatableFile(str(path.parent), path.name, self.catalogue_dir)
            for path in portal_files()
        ]
        for number, source in enumerate(OTHER_SOURCES):
            excerpt = self.excerpts / f"other_{number}.py"
            excerpt.write_text(source_text(source), encoding="utf-8")
            files.append(
                makemessages.TranslatableFile(str(self.excerpts), excerpt.name, self.catalogue_dir)
            )
        return files
