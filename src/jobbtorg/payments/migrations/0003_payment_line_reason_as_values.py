"""A payment line's reason as values (`engines.payments.run.Reason.as_json`), beside its English
text, so that the run page words it in the user's language. The lines made before are read
back from their text, which the engine wrote in a fixed form; a text that does not parse keeps
its empty values, and the page shows the text."""

import re

from django.db import migrations, models

_DAY = r"(\d{4}-\d{2}-\d{2})"
_MONTH = r"(\d{4}-\d{2})"
# (the engine's words, the reason's `why`, what the groups are: day, month, months, kind)
_EVENTS = [
    (rf"started {_DAY}", "started", ("day",)),
    (rf"active in {_MONTH}", "active", ("month",)),
    (rf"result \(work or studies\) {_DAY}", "result", ("day",)),
    (
        rf"in work or without assistance (\d+) months after the result of {_DAY}",
        "lasted",
        ("months", "day"),
    ),
    (r"the start never happened", "start_never_happened", ()),
    (rf"the start was moved to {_DAY}", "start_moved", ("day",)),
    (r"the contract's payment model has no (\w+) step", "no_such_step", ("kind",)),
    (rf"not active in {_MONTH}", "not_active", ("month",)),
    (r"the result was retracted", "result_retracted", ()),
    (rf"the result was moved to {_DAY}", "result_moved", ("day",)),
    (r"no longer due", "no_longer_due", ()),
    (r"the (\d+)-month follow-up is no longer known", "follow_up_not_known", ("months",)),
    (
        r"not in work or without assistance (\d+) months after the result",
        "not_lasted",
        ("months",),
    ),
    (rf"the (\d+)-month bonus is due from {_MONTH}", "bonus_later", ("months", "month")),
]
_CORRECTION = re.compile(
    r"correction of run (?P<runs>[^:]+): (?P<event>.+?)"
    r"(?:, level (?P<level>[ABC]) pays (?P<owed>-?[\d.]+))?, paid (?P<paid>-?[\d.]+)"
)


def _event(text):
    for pattern, why, names in _EVENTS:
        match = re.fullmatch(pattern, text)
        if match:
            event = {"why": why, "day": None, "months": None, "kind": None}
            for name, value in zip(names, match.groups(), strict=True):
                if name == "month":
                    event["day"] = f"{value}-01"
                elif name == "months":
                    event["months"] = int(value)
                else:
                    event[name] = value
            return event
    return None


def reason_values(text):
    """The values of an English reason as the engine wrote it, or {} when it does not parse."""
    values = {"corrects": [], "level": None, "owed": None, "paid": None}
    correction = _CORRECTION.fullmatch(text)
    if correction:
        values.update(
            corrects=correction["runs"].split(", "),
            level=correction["level"],
            owed=correction["owed"],
            paid=correction["paid"],
        )
        text = correction["event"]
    event = _event(text)
    return {**event, **values} if event else {}


def read_back(apps, schema_editor):
    Line = apps.get_model("payments", "PaymentRunLine")
    changed = []
    for line in Line.objects.filter(reason_details={}).only("pk", "reason").iterator():
        values = reason_values(line.reason)
        if values:
            line.reason_details = values
            changed.append(line)
    Line.objects.bulk_update(changed, ["reason_details"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0002_payment_lines_outlive_culled_people"),
    ]

    operations = [
        migrations.AddField(
            model_name="paymentrunline",
            name="reason_details",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(read_back, migrations.RunPython.noop),
    ]
