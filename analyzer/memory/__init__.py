"""Partner memory: follow-up of commitments across meetings, partner health, cited answers and briefs.

- `follow_up(store, partner, backend=...)`: kept / slipped / dropped / open per earlier commitment and later meeting.
- `partner_timeline(store, partner, as_of=None)`: meetings, commitment statuses and health indicators.
- `ask(store, question, partner=None, backend=...)`: ranked passages, or a short answer citing them.
- `brief_markdown(...)` / `open_commitments_ics(...)`: what to know and what is owed before the next call.
"""

from .ask import Answer, ask
from .brief import brief_markdown, open_commitments_ics
from .followup import follow_up, track
from .health import PartnerTimeline, partner_timeline
from .models import CommitmentRef, Evidence, FollowupDecision, FollowupResult, MeetingText, TrackedCommitment

__all__ = [
    "Answer",
    "CommitmentRef",
    "Evidence",
    "FollowupDecision",
    "FollowupResult",
    "MeetingText",
    "PartnerTimeline",
    "TrackedCommitment",
    "ask",
    "brief_markdown",
    "follow_up",
    "open_commitments_ics",
    "partner_timeline",
    "track",
]
