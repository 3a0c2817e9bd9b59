"""What the participants app tells the apps above it, which it may not call."""

from django.dispatch import Signal

# Sent in the transaction that records a case's exit (`referral`, `date`, `audit_context`):
# the apps above close what they hold open for the case (proposals, supervisor contacts),
# with the exit as the reason and audited in the same context.
case_exited = Signal()
# The same for cases exited at once (`exits`: (referral, date) pairs, `audit_context`), sent
# once for a page's exit and once per batch of an import's: the apps above read them in bulk.
cases_exited = Signal()
