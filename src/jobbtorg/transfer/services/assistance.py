"""Writing the social assistance of each month from assistance.csv, by personnummer and
month; the person need not be a participant (the comparison pool)."""

from collections import Counter

from jobbtorg.engines.transfer.records import TransferRecords
from jobbtorg.organisation.models import District
from jobbtorg.transfer.models import AssistanceMonth
from jobbtorg.transfer.services.bulk import apply_changes, chunks, insert_rows, update_changed
from jobbtorg.transfer.services.importer import Importer

NEW_COLUMNS = ("personal_identity_number", "participant_id", "month", "amount_sek", "district_id")


def write_assistance(importer: Importer, records: TransferRecords) -> None:
    numbers = sorted({r.personnummer for r in records.assistance})
    existing = {}
    for part in chunks(numbers):
        for a in AssistanceMonth.objects.filter(personal_identity_number__in=part):
            existing[(a.personal_identity_number, a.month)] = a
    district_ids = dict(District.objects.values_list("slug", "pk"))
    # New months as plain rows (`insert_rows`): a city's import has hundreds of thousands.
    new: list[tuple[object, ...]] = []
    changed = []
    outcomes: Counter[str] = Counter()
    written: set[str] = set()
    for record in records.assistance:
        person = importer.people.get(record.personnummer)
        row = existing.get((record.personnummer, record.month))
        if row is None:
            new.append(
                (
                    record.personnummer,
                    person.pk if person is not None else None,
                    record.month,
                    record.amount_sek,
                    district_ids.get(record.district),
                )
            )
            outcomes["created"] += 1
            written.add(record.personnummer)
        elif apply_changes(
            row,
            {
                "amount_sek": record.amount_sek,
                "participant_id": person.pk if person else row.participant_id,
                # An empty district keeps the one recorded before.
                "district_id": district_ids.get(record.district, row.district_id),
            },
        ):
            changed.append(row)
            outcomes["updated"] += 1
            written.add(record.personnummer)
        else:
            outcomes["unchanged"] += 1
    # Counted once for the batch, not once a row.
    for outcome, count in outcomes.items():
        importer.counts.add("assistance", outcome, count)
    for number in written:
        importer.wrote(number, "assistance")
    insert_rows(AssistanceMonth, NEW_COLUMNS, new)
    update_changed(AssistanceMonth, changed, ["amount_sek", "participant", "district"])
