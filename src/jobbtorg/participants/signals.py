"""What the participants app tells the apps above it, which it may not call."""

from django.dispatch import Signal

# Sent in the transaction that records exits (`exits`: (referral, date) pairs,
# `audit_context`), once for a page's exit and once per batch of an import's: the apps above
# close what they hold open for the cases (proposals, supervisor contacts), with the exit as
# the reason and audited in the same context, reading them in bulk.
cases_exited = Signal()
