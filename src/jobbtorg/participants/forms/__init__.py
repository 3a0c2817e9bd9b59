from jobbtorg.participants.forms.assessments import (
    AssessmentForm,
    HealthEntryForm,
)
from jobbtorg.participants.forms.case_messages import (
    CaseMessageAnswerForm,
)
from jobbtorg.participants.forms.coaches import (
    CoachChangeForm,
    CoachChoiceField,
    coaches_of,
)
from jobbtorg.participants.forms.district_events import (
    DistrictReportForm,
)
from jobbtorg.participants.forms.exits import (
    YES_NO,
    ExitForm,
)
from jobbtorg.participants.forms.fields import (
    DateInput,
)
from jobbtorg.participants.forms.first_meetings import (
    FirstMeetingForm,
    IntakeSlotForm,
)
from jobbtorg.participants.forms.interruptions import (
    InterruptionEndForm,
    InterruptionStartForm,
)
from jobbtorg.participants.forms.limit_exceptions import (
    LimitExceptionDecisionForm,
    LimitExceptionForm,
)
from jobbtorg.participants.forms.participants import (
    ParticipantCreateForm,
    ParticipantSearchForm,
)
from jobbtorg.participants.forms.referrals import (
    ReferralForm,
)
from jobbtorg.participants.forms.sharing import (
    CaseSharingForm,
)

__all__ = [
    "AssessmentForm",
    "CaseMessageAnswerForm",
    "CaseSharingForm",
    "CoachChangeForm",
    "CoachChoiceField",
    "DateInput",
    "DistrictReportForm",
    "ExitForm",
    "FirstMeetingForm",
    "HealthEntryForm",
    "IntakeSlotForm",
    "InterruptionEndForm",
    "InterruptionStartForm",
    "LimitExceptionDecisionForm",
    "LimitExceptionForm",
    "ParticipantCreateForm",
    "ParticipantSearchForm",
    "ReferralForm",
    "YES_NO",
    "coaches_of",
]
