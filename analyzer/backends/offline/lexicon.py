"""Cue lexicons shared by the detectors: modality, hedges, conditionals, recaps and vague verbs.

Each entry is a pattern family (how people commonly phrase a thing), not a sentence from any
dataset. Kind-specific vocabularies live next to their detectors (conflicts, gaps, missteps).
"""

from __future__ import annotations

import re


def rx(*parts: str) -> re.Pattern[str]:
    """One case-insensitive alternation of the given pattern families."""
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


APOS = "['’]"
ADV = r"(?:(?:also|then|definitely|certainly|personally|just|now|first|still|absolutely|immediately|right away|today|both)\s+)*"
# First-person (or delivering "you'll have") future with firm modality; group "verb" is the action.
FIRM = rx(
    rf"\b(?:I|we)(?:{APOS}ll|\s+will|\s+shall)\s+{ADV}(?P<verb>[a-z]+)",
    rf"\b(?:I{APOS}m|I\s+am|we{APOS}re|we\s+are)\s+{ADV}(?:going\s+to|gonna)\s+{ADV}(?P<verb2>[a-z]+)",
    # "our legal team", "my finance colleagues": up to two describing words before the group noun
    rf"\b(?:our|my)\s+(?:[a-z-]+\s+){{0,2}}(?:team|side|people|colleagues|engineers|lab|plant|factory|office|company|group|department)"
    rf"(?:{APOS}ll|\s+will|\s+is\s+going\s+to)\s+{ADV}(?P<verb3>[a-z]+)",
)
# Delivery promised to the listener: "you'll have it Monday", "you will get our forecast".
DELIVER = rx(
    rf"(?:^|[,;:—–-]\s*|\band\s+)(?:then\s+)?you(?:{APOS}ll|\s+will)\s+(?:have|get|receive|see)\s+(?:it|them|this|that|the|our|my|a|an|both|all)\b"
)
# Phrases that are promises on their own.
PROMISE = rx(
    r"\bleave (?:it|this|that|(?:the|your) [\w\s-]{1,40}?) (?:with|to) me\b",
    r"\bconsider it done\b",
    rf"\bthat{APOS}?s a promise\b",
    r"\bI promise\b",
    r"\byou have my word\b",
    r"\bI(?:'|’)ll take care of\b",
    r"\bI(?:'|’)ll handle\b",
    r"\bcount on (?:me|us)\b",
    r"\bthat(?:'|’)s decided\b",
    r"\bI(?:'|’)ll own (?:it|this|that)\b",
    r"\bI commit to\b",
    r"\bwe commit to\b",
    r"\bI(?:'|’)m on it\b",
)
# Promises that only count with a concrete deadline: "we can guarantee it leaves by 10 August",
# "the deposit will be in your account by the 24th".
DATED_PROMISE = rx(
    r"\b(?:I|we)\s+(?:can\s+)?guarantee\b",
    r"\bwill be (?:back |over )?(?:with you|to you|in your (?:account|inbox|hands|mailbox)|on your desk)\b",
    r"\bwill (?:go|be sent|be delivered|be uploaded|be shipped|arrive) (?:out )?to you\b",
    r"\byou can expect\b",
    r"\blet me (?:send|share|get|circulate|forward|prepare|email|draft)\b",
    r"^\W*(?:sure|yes|of course|absolutely|no problem|certainly)[,.!]?\s+(?:I|we) can (?:send|share|get|do|prepare|deliver|ship|provide|arrange|forward|email|book)\b",
    r"\b(?:I|we)(?:'|’)?(?:ll| will) (?:come|get|revert) back to you\b",
)
NONCOMMIT = rx(
    r"\btake (?:it|this|that) offline\b",
    r"\btake a look\b",
    r"\btake (?:it|that|this) into account\b",
    r"\btake note\b",
    r"\btake (?:it|that) from there\b",
    r"\bpush through\b",
    r"\bball rolling\b",
    r"\bdon(?:'|’)t worry\b",
    r"^\W*(?:ha,? )?tell (?:him|her|them)\b",
    r"\btake you (?:all )?out\b",
    r"\bwe(?:'|’)ll (?:just )?(?:manage|cope|survive|live with)\b",
)
# Minutes items already reported on: "– closed", "– still open", "(done)".
STATUS = rx(
    r"[–—-]\s*(?:closed|done|completed|still open|open|ongoing|pending|carried over)\b",
    r"\((?:closed|done|completed)\)",
)
VOUCH = rx(
    r"\bI give you my word\b",
    r"^\W*(?:that(?:'|’)s|this is) a promise\b",
    r"^\W*I promise\b",
    r"\byou have my word\b",
)
ACCEPT = rx(
    r"^\s*(?:sure|yes|of course|absolutely|no problem|certainly|ok(?:ay)?)?[,.!\s]*(?:consider it done|will do|done|on it|can do|leave it with me)\b"
)
REQUEST = rx(
    r"\b(?:could|can|would|will) you\b", r"\bplease\b", r"\bI(?:'|’)d like you to\b", r"\bwe need you to\b"
)
# Third person in speech or minutes: "Marta will send", "JP to send", "DK and ER to confirm".
NAMED = re.compile(
    r"(?P<who>\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)(?:\s+and\s+[A-Z][\w'’-]+)?(?:'s team)?\s+(?:will|is going to|to)\s+"
    + ADV
    + r"(?P<verb>[a-z]+)"
)
# Reported undertakings in notes: "<Name> said she would send ...", "<Name> agreed to share ...".
REPORTED = re.compile(
    r"(?P<who>\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?:(?:said|confirmed|promised|agreed|offered|committed|undertook"
    r"|volunteered)\s+(?:that\s+)?(?:he|she|they|he\s*/\s*she)\s+(?:would|will|'d|’d)|(?:promised|agreed|offered"
    r"|committed|undertook|volunteered)\s+to)\s+" + ADV + r"(?P<verb>[a-z]+)"
)
ACTION_VERBS = set(
    """
send share circulate submit upload prepare deliver ship get provide confirm issue cut book pay release arrange
schedule set organise organize call email forward update fix replace sign return complete finalise finalize draft
introduce fly dispatch push deploy reflash ramp transfer open place raise file post publish present walk give run install test deploy
write reply respond invoice refund credit order reserve hold pull put bring follow set-up hand make
circulate revise correct reissue resend investigate escalate notify inform loop have take cover approve deliver
check translate add
""".split()
)
VAGUE_VERBS = set(
    """
try discuss talk think look consider need see keep be hope work do continue want like love aim explore review
remain stay wait let come figure evaluate assess reflect monitor move
""".split()
)
HEDGE = rx(
    r"\btry(?:ing)?\b",
    r"\battempt",
    r"\bhop(?:e|efully|ing)\b",
    r"\bmaybe\b",
    r"\bperhaps\b",
    r"\bmight\b",
    r"\bpossibly\b",
    r"\bprobably\b",
    r"\bshould be able\b",
    r"\bsee (?:if|what|whether|how)\b",
    r"\bcheck (?:if|whether)\b",
    r"\blook into\b",
    r"\bdo (?:our|my) best\b",
    r"\bbest effort",
    r"\bno promises\b",
    r"\bif (?:at all )?possible\b",
    r"\bideally\b",
    r"\baim(?:ing)? to\b",
    r"\bthink about\b",
    r"\bwe(?:'|’)?ll see\b",
    r"\bnot sure\b",
    r"\bin principle\b",
    r"\btentative",
    r"\bcould\b",
    r"\bwould\b",
    r"\bwish\b",
    r"\bat some point\b",
    r"\bone day\b",
    r"\bsomehow\b",
)
CONDITIONAL = rx(
    r"\bif\b",
    r"\bunless\b",
    r"\bprovided\b",
    r"\bassuming\b",
    r"\bas long as\b",
    r"\bsubject to\b",
    r"\bdepending on\b",
    r"\bdepends on\b",
    r"\bpermitting\b",
    r"\bin case\b",
    r"\bonce (?:we|you|they|the|it)\b.*\bconfirm",
    r"\bwhen (?:we|you|they|the [\w-]+) (?:receive|get|have|are|(?:'|’)re|come|arrive|hear|see)\b",
    r"\bwhen you(?:'|’)re\b",
)
RECAP = rx(
    r"^\W*(?:so,? |okay,? |ok,? |right,? )?(?:just )?(?:to|let me|so to) (?:recap|summari[sz]e|sum up|confirm|be clear)\b",
    r"\brecap\b",
    r"\bin summary\b",
    r"\bsumming up\b",
    r"\bas (?:we )?agreed\b",
    r"\bas discussed\b",
    r"\bso,? just to confirm\b",
    r"\bto wrap up\b",
    r"\bactions? (?:are|were)\b",
)
PAST = rx(r"\balready\b", r"\blast (?:week|month|time|year)\b", r"\byesterday\b", r"\bago\b")
