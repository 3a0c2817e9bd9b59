"""What the transfer import tells the apps above it, which it may not call."""

from django.dispatch import Signal

# Sent in the transaction that finishes an import that created or changed rows (`run`: the
# ImportRun). Its rows were written in bulk, which sends no post_save.
records_imported = Signal()
