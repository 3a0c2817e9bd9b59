"""Writing interruptions from interruptions.csv, matched by the case and their start."""

from jobbtorg.core.bulk import insert_objects
from jobbtorg.engines.transfer.records import TransferRecords
from jobbtorg.participants.models import (
    Interruption,
)
from jobbtorg.transfer.services.bulk import apply_changes, chunks, update_changed
from jobbtorg.transfer.services.importer import Importer


def write_interruptions(importer: Importer, records: TransferRecords) -> None:
    cases = {importer.cases[r.personnummer].pk for r in records.interruptions}
    existing = {}
    for part in chunks(list(cases)):
        for i in Interruption.objects.filter(referral_id__in=part):
            existing[(i.referral_id, i.start)] = i
    new, changed = [], []
    for record in records.interruptions:
        case = importer.cases[record.personnummer]
        importer.notice("interruptions", record)
        values = {"reason": record.reason, "reason_text": record.reason_text, "end": record.end}
        interruption = existing.get((case.pk, record.start))
        if interruption is None:
            new.append(
                Interruption(
                    referral=case, start=record.start, recorded_by=importer.actor, **values
                )
            )
            importer.counts.add("interruptions", "created")
            importer.wrote(record.personnummer, "interruptions")
        elif apply_changes(interruption, values):
            changed.append(interruption)
            importer.counts.add("interruptions", "updated")
            importer.wrote(record.personnummer, "interruptions")
        else:
            importer.counts.add("interruptions", "unchanged")
    update_changed(Interruption, changed, ["reason", "reason_text", "end"])
    insert_objects(Interruption, new)
