"""Unresolved conflicts: pushback episodes that are still open when the meeting ends.

Pushback sentences are graded: explicit refusal or disagreement ("we can't accept", "we don't
agree", "non-starter", "won't fly", "not in a position to accept") is strong; evaluative and polite or
indirect pushback ("too short", "I'm not sure we can live with that", "a difficult number for us",
"we see it differently", "our position hasn't changed", "we're quite far apart", "with respect, ...
not ...") is medium; soft reluctance ("difficult for us") only counts when the topic is parked. Jokes,
questions, recaps and past disputes are not pushback. Nearby pushbacks on the same topic (shared
content words or embedding similarity) form one episode. The episode's status is decided over the
rest of the meeting: the last decisive move wins, where park/escalate/agree-to-disagree keeps it open,
and agreement, concession or compromise settles it, if it is adjacent to the pushback or on the same
topic further on (a generic "that's fine" only counts nearby). No move at all means the topic was
dropped: still open. One finding per open episode, quoting its first clear pushback (or an explicit
refusal that follows it within a few turns); closing lines such as "we're far apart" are not quoted.
"""

from __future__ import annotations

import re

from ...core.models import RawFinding
from .lexicon import rx
from .meeting import Meeting
from .sentences import Sentence

NEG = r"(?:can(?:'|’)?t|cannot|can not|won(?:'|’)t|will not|are not|aren(?:'|’)t|is not|isn(?:'|’)t|not going to|do not|don(?:'|’)t)"
STRONG = rx(
    rf"\b{NEG}\s+(?:just\s+)?(?:accept|agree|approve|sign|pay|go (?:to|above|below|beyond|higher|lower)|support)\b",
    r"\bnot (?:something|a thing) (?:we|I) (?:can|could|will) (?:accept|agree|sign|support)\b",
    r"\b(?:not |un)acceptable\b", r"\bagree to disagree\b", r"\bdisagree[sd]?\b", r"\bnot worth\b",
    rf"\b(?:we|I)\s+{NEG}\s+think\b.{{0,60}}\b(?:on us|ours|our (?:fault|problem|responsibility|cost)|our side)\b",
    r"\bnot (?:what|how) we (?:agreed|see it)\b", r"\bthat was never agreed\b", r"\bnot accepting\b",
    r"\bnot (?:our|my) (?:fault|problem|responsibility)\b", r"\bwas caused by your\b", r"\bnot paying\b",
    r"\b(?:will|would) never (?:accept|agree|sign|pay)\b", r"\bout of the question\b",
    r"\brefused?\b", r"\brejected?\b", r"\bobjected?\b",
    # explicit refusals, however phrased
    rf"\b(?:we|I)\s+{NEG}\s+(?:live with|go along with|sign off on|sign up to|agree to|accept)\b",
    r"\b(?:non-?starter|deal-?breaker|red line|not on the table|off the table)\b", r"\bI have to push back\b",
    r"\bpush(?:ing)? back (?:on|hard)\b", r"\b(?:that|this|it)(?:'|’)?s not (?:fair|reasonable|acceptable|right)\b",
    r"\bnot going to happen\b", r"\bI don(?:'|’)t think (?:that|it|this)(?:'|’)?s? (?:is )?(?:fair|reasonable|right|acceptable|realistic)\b",
    r"\b(?:won(?:'|’)t|will not|doesn(?:'|’)t|does not|wouldn(?:'|’)t) fly\b", r"\bnot in a position to (?:accept|agree|sign|pay|approve|go)\b",
    r"\b(?:will|would) never (?:approve|support|go|allow)\b", r"\b(?:big|huge|tall) ask\b", r"\bno way (?:we|I|that)\b", r"\bwe (?:strongly )?object\b", r"\bI (?:strongly )?object\b",
    r"\b(?:we|I) (?:cannot|can(?:'|’)?t|won(?:'|’)t|will not) (?:move|budge|go) (?:on|any(?:where)? (?:further|lower|higher)|below|above)\b",
    rf"\b(?:that|this|it)\s+(?:simply\s+|just\s+)?(?:doesn(?:'|’)t|does not|won(?:'|’)t|will not)\s+work for (?:us|me)\b",
    r"\bwe(?:'|’)re not (?:willing|prepared|able) to (?:accept|pay|agree|sign|go|absorb|take)\b",
    r"\bwhy should (?:we|I) (?:pay|accept|absorb|take|carry|bear)\b",
    rf"\b{NEG}\s+(?:take|bear|carry|shoulder)\s+(?:the\s+|any\s+|full\s+)?(?:responsibility|blame|liability|cost|costs|risk)\b",
)
MEDIUM = rx(
    rf"\b{NEG}\s+(?:just\s+)?(?:absorb|commit|deliver|guarantee|give(?! you an answer)|reduce|lower|raise|offer|do|keep|hold|swap|change|move|release)\b",
    r"\btoo (?:short|long|high|low|expensive|much|late|early|little|slow)\b", r"\bimpossible\b",
    r"\b(?:see|view) (?:this|it|that|things) (?:very )?differently\b", r"\bthat(?:'|’)?s not how we see\b",
    r"\bbut\b.{0,50}\b(?:is|are|(?:'|’)s) (?:a lot(?! of)|way too|far too|excessive|unreasonable|unrealistic)\b",
    r"\bour position is\b", r"\bis (?:our|the) (?:maximum|minimum|limit)\b(?!\s+(?:wage|order|quantity|price|salary))", r"\bnon-?negotiable\b", r"\bnot negotiable\b",
    r"\bnot (?:sustainable|workable|viable|realistic)\b", r"\bdoes(?:n(?:'|’)t| not) work for us\b",
    r"\bcountered\b", r"\bwe need\b.{0,40}\bat least\b", r"\bisn(?:'|’)t the same\b",
)
# Polite or indirect disagreement: how people push back without saying "no".
INDIRECT = rx(
    r"\b(?:I(?:'|’)m|I am|we(?:'|’)re|we are) (?:not (?:sure|convinced|certain)|unsure) (?:we|I|that|this|it)\b.{0,40}\b(?:can|could|will|would|is|works?)\b",
    r"\b(?:I(?:'|’)m|I am|we(?:'|’)re|we are) not (?:convinced|comfortable|happy|ok(?:ay)?) (?:with|by|about|that)\b",
    r"\b(?:difficult|tough|hard|challenging|painful) (?:number|figure|price|ask|pill|position|sell|one|percentage|demand) for (?:us|me|our)\b",
    r"\b(?:hard|difficult) (?:for us |for me )?to (?:accept|justify|swallow|explain|sell|defend|agree)\b",
    r"\b(?:we|I) (?:see|view|read|interpret|understand) (?:it|this|that|things|(?:the|your|this|that) [\w\s-]{1,30}?) (?:quite |very |a bit |somewhat |rather |completely )?differently\b",
    r"\b(?:we|I) (?:have|take) (?:a |quite a |rather a )?(?:different|another) (?:view|opinion|reading|understanding|position)\b",
    r"\b(?:that|this)(?:'|’)?s not (?:our|my) (?:understanding|reading|view|interpretation|recollection)\b",
    r"\bour position (?:hasn(?:'|’)t|has not|is unchanged|remains|stays|is still)\b",
    r"\b(?:we|I) still (?:think|believe|feel)\b.{0,60}\b(?:not|too|should|must|wrong|better|ours|yours)\b",
    r"\b(?:we|I) still (?:can(?:'|’)?t|cannot|don(?:'|’)t (?:agree|accept|see)|insist)\b",
    r"\b(?:still|quite|very|too|rather|pretty) far apart\b", r"\b(?:a|the) (?:big |large |significant )?gap between (?:us|our|your)\b",
    r"\bwith (?:all )?(?:due )?respect\b.{0,80}\b(?:not|can(?:'|’)?t|cannot|won(?:'|’)t|don(?:'|’)t|but|too)\b",
    r"\bI(?:'|’)m afraid (?:we|I|that|this|it)\b.{0,30}\b(?:can(?:'|’)?t|cannot|won(?:'|’)t|not|don(?:'|’)t|isn(?:'|’)t)\b",
    r"\b(?:is|are|seems?|sounds?)\s+(?:a (?:bit|little) |rather |quite |very |far |way )?(?:too )?(?:steep|excessive|aggressive|unreasonable|unrealistic|unfair|one-sided)\b",
    r"\b(?:that|this|it)(?:'|’)?s (?:a bit|a little|rather|quite|very|far|way) (?:high|much|expensive|low|short|tight|long|rich)\b",
    r"\b(?:serious|real|strong|major) (?:concerns?|reservations?|doubts?|problem)\b",
    r"\bnot (?:what|how) (?:we|I) (?:expected|understood|were (?:told|promised))\b",
    r"\b(?:we|I) (?:were|was) (?:told|promised|assured)\b.{0,60}\b(?:but|not|now)\b",
    r"\b(?:the|your) (?:contract|agreement|spec(?:ification)?|PO|order) (?:says|said|states|clearly)\b",
    r"\b(?:is|was|are|were) (?:on|your) (?:your side|responsibility)\b", r"\bon your side\b.{0,40}\b(?:not|pay|cost|fault)\b",
    r"\bthat(?:'|’)s (?:on|for) you\b", r"\b(?:your|the supplier(?:'|’)s) (?:responsibility|problem|fault)\b",
    r"\bwe (?:can(?:'|’)?t|cannot|could not|couldn(?:'|’)t) (?:justify|explain|defend|sell) (?:that|this|it)\b",
    r"\b(?:no|not) (?:real )?(?:room|flexibility|margin|headroom) (?:on|for|to)\b", r"\bnot (?:much|any) (?:room|flexibility)\b",
    r"\b(?:I|we) (?:would|'d|’d) (?:have to|need to) (?:insist|disagree|object|push back)\b", r"\binsist\b",
    r"\b(?:is|are|(?:'|’)s) (?:simply |just )?not (?:possible|feasible|doable|an option|realistic|workable) for (?:us|me|our)\b",
    r"\bthat(?:'|’)?s (?:simply |just )?not (?:possible|feasible|doable|an option|realistic)\b",
    r"\b(?:is|are|(?:'|’)s) (?:quite |really |simply )?(?:a lot|too much) (?:for|to)\b",
    r"\bnot something (?:\w+ ){0,3}(?:will|would|can|could) (?:sign|accept|agree|approve|support|pay)\b",
    r"\b(?:is|are) the (?:most|best|maximum|furthest|highest|lowest) (?:\w+ ){0,2}(?:can|could) (?:guarantee|offer|do|go|accept)\b",
    r"\b(?:we|I) (?:read|interpret|understand) (?:it|this|that|clause|article|section|annex|the)\b.{0,30}\bdifferently\b",
    r"\b(?:our|my) (?:reading|interpretation|understanding) (?:of [\w\s.]{1,30} )?is different\b",
    r"\b(?:does|did) not reflect (?:our|my)\b", r"\bdoesn(?:'|’)t reflect (?:our|my)\b",
    r"\bnot sure (?:\w+ ){0,3}(?:will|would) see it that way\b",
    r"\b(?:is|isn(?:'|’)t|not) (?:standard|normal|usual|common|market practice) for us\b", r"\bit(?:'|’)s not (?:standard|normal|market practice)\b",
    r"\b(?:isn|is not|wasn|was not)(?:'|’)?t? something (?:we|I)(?:(?:'|’)ve| have)? (?:priced|budgeted|planned|included|offered|agreed)\b",
    r"\b(?:comes?|came|is|was) (?:from|due to|because of|caused by) your\b.{0,40}\bnot (?:from )?our\b",
    r"\byour [\w-]+(?: [\w-]+)?, not (?:from )?our\b",
    r"\b(?:too|way too|far too) (?:high|low|much|expensive|short|long|late|steep|slow|tight|risky)\b",
)
SOFT = rx(r"\b(?:difficult|hard|tough|a problem|a concern|a sticking point) for (?:us|me|our)\b", r"\b(?:a )?(?:real|big|serious|major) (?:problem|issue|concern) for (?:us|me|our)\b", r"\bthen we have a problem\b")
OPEN = rx(
    r"\bpark (?:it|this|that)\b", r"\bparked\b", r"\boffline\b", r"\bseparately\b", r"\bagree to disagree\b",
    r"\bkeep (?:it|this|that) open\b", r"\bleave (?:it|this|that|the [\w\s-]{1,30}) (?:open|there)\b",
    r"\b(?:still|remains?|stays?|left) open\b", r"\bno agreement\b", r"\bnot agreed\b", r"\bcome back to (?:it|this|that)\b",
    r"\brevisit\b", r"\bthink about it\b", r"\bcannot decide\b", r"\bcan(?:'|’)t decide\b", r"\bnot going to agree\b",
    r"\bdiscuss (?:it |this )?(?:again|internally|separately|with (?:our )?management)\b", r"\bgo back to our side\b",
    r"\bwon(?:'|’)t solve (?:it|this)\b", r"\bnot solve (?:it|this)\b", r"\bcircle back\b", r"\bcheck with (?:headquarters|management|our)\b",
    r"\bwe have a problem\b", r"\bunresolved\b", r"\bsolve (?:it|this|that) (?:now|today)\b", r"\btoo far apart\b",
    r"\bkeep discussing\b", r"\btake it back to\b", r"\bneed to look at\b.{0,20}\bagain\b",
    # parked, escalated, deferred or explicitly still apart
    r"\bpark(?:ing)? (?:the|this|that) (?:topic|point|issue|question|item|one)\b", r"\bput a pin in\b",
    r"\bescalat", r"\b(?:take|raise|bring) (?:it|this|that) (?:up )?(?:to|with) (?:my|our|the) (?:management|boss|director|board|legal|CFO|CEO|headquarters|HQ)\b",
    r"\bnot (?:going to )?(?:solve|settle|resolve|close|agree on) (?:it|this|that)\b", r"\b(?:still|remain|remains|are) (?:far )?apart\b",
    r"\bfollow[- ]up (?:call|meeting|session) (?:on|about|for) (?:this|that|it|the)\b", r"\bnext (?:call|meeting|round)\b.{0,30}\b(?:discuss|decide|come back|revisit|continue)\b",
    r"\bno decision\b", r"\bnot decided\b", r"\bstill (?:to be|needs to be) (?:agreed|decided|settled)\b", r"\bopen (?:point|item|issue|question)s?\b",
    r"\b(?:let(?:'|’)s|we(?:'|’)ll|we should|we need to) (?:come back to|return to|pick (?:this|it|that) up)\b",
    r"\b(?:let(?:'|’)s|we(?:'|’)ll) (?:leave|stop) (?:it|this|that|things) (?:there|here|for now|for today)\b",
    r"\b(?:let(?:'|’)s|we(?:'|’)ll|we can) (?:discuss|talk about|look at) (?:it|this|that) (?:later|another time|next time|offline|separately)\b",
    r"\bsleep on it\b", r"\bwe(?:'|’)ll have to see\b", r"\bno closer\b", r"\bstalemate\b", r"\bdeadlock",
    r"\b(?:for|to|with|through) (?:the |our |both )?(?:lawyers|legal(?: teams?| departments?| counsel)?|courts?|arbitration|arbitrator)\b",
    r"\bdon(?:'|’)t want to argue\b", r"\bnot (?:going to|able to) (?:settle|resolve|solve|agree on) (?:it|this|that)\b",
)
# A later move that settles the point: agreement, concession, compromise.
CONCEDE = rx(
    r"\b(?:we|I)(?: can| will| could|(?:'|’)ll) (?:now )?accept\b(?!\s+(?:only|no|nothing|less|more|anything|a\b))(?!.{0,40}\b(?:if|unless|only)\b)",
    r"\b(?:we|I) can (?:live with|accept|agree to|go with|work with|do) (?:that|this|it|the|your|\w+ percent|\d)",
    r"\bmeet (?:you )?(?:in the middle|halfway)\b", r"\bsplit the difference\b", r"\bcompromise\b.{0,30}\b(?:works|agreed|fine|accept|ok)\b",
    r"\b(?:ok(?:ay)?|fine|alright|good|great|yes)[,.!]?\s+(?:then\s+)?(?:we (?:accept|agree)|let(?:'|’)s do (?:that|it)|deal|agreed)\b",
    r"\byou(?:'|’)ve got a deal\b", r"\b(?:sounds|that(?:'|’)s|seems) (?:fair|reasonable|acceptable)\b", r"\bwe(?:'|’)re aligned\b",
    r"\b(?:happy|fine|okay|ok) with (?:that|this|it)\b", r"\bwe(?:'|’)ll (?:accept|take) (?:that|it|this)\b", r"\bI agree\b(?!.{0,40}\bbut\b)",
    r"\bwe agree\b(?!.{0,40}\bbut\b)", r"\bso we(?:'|’)re agreed\b", r"\bthat settles\b", r"\bwe(?:'|’)ll (?:absorb|cover|waive|drop)\b",
    r"^\W*(?:ok(?:ay)?|fine|alright|good|great|right)[,.!]?\s+[\w\s%.,€$-]{1,40}\bthen[.!]?\s*$", r"\b(?:I|we)(?:'|’)ll (?:accept|take) (?:that|it|this)\b",
    r"\byou (?:have|got) (?:a|yourself a) deal\b", r"\blet(?:'|’)s do (?:that|it)\b(?!.{0,30}\bbut\b)", r"\bmakes sense\b(?!.{0,40}\bbut\b)",
    r"\bwe can (?:go|move) (?:to|down to|up to)\b", r"\b[\w%.,$€]+ it is[.!]?\s*$", r"\bmeet you (?:there|at)\b",
    r"\b(?:we(?:'|’)re|I(?:'|’)m|we are|I am) (?:fine|happy|ok(?:ay)?|comfortable|good) with\b(?!.{0,40}\b(?:but|if|only)\b)",
    r"\b(?:have|found|reached) a (?:fair )?compromise\b", r"\bthat(?:'|’)s a fair compromise\b", r"\block (?:that|it|this) in\b",
    r"\bno objections?\b", r"\bwe(?:'|’)re on board\b", r"\bsounds good\b(?!.{0,40}\bbut\b)",
)
RESOLVED = rx(
    r"\b(?:that|this|it|which|\w+ (?:percent|days|weeks|months|units|euros?|dollars?|pieces))\s+works(?: for (?:us|me))?\b(?!.{0,20}\bbut\b)",
    r"\bagreed[.!]?\s*$",
    r"^\W*(?:okay|ok|fine|good|yes|great|alright|then)?[,.!\s]*(?:agreed|deal)\b", r"\bthat works\b", r"\bit works\b",
    r"\b(?:this|that|it) is acceptable\b", r"\bwe can accept (?:that|this|it)\b", r"\bthis we can accept\b",
    r"\b(?:let(?:'|’)s|we(?:'|’)ll) go with\b", r"\bconvinced me\b", r"\bfair enough\b", r"\bsettled\b",
    r"\bboth sides agreed\b", r"\bagreed on\b", r"\bthen it is included\b", r"\bworks for us\b", r"\bwe can waive\b",
    r"\bwe have a deal\b", r"\bthat(?:'|’)s fine\b",
)
WEAK_OK = rx(r"\bthat(?:'|’)s fine\b", r"\bfair enough\b", r"\b(?:that|it) works\b")
REQUESTING = rx(r"\basked (?:for|whether|if|about)\b", r"\bproposed\b", r"\brequested\b", r"\bsuggested\b")
RECAP_LINE = rx(r"^\W*open\s*:", r"\bopen (?:items|points|issues|questions) (?:are|is|remain)\b", r"^\W*(?:so,? )?(?:to )?(?:recap|summary)\b", r"\brecap\b", r"\bto summari[sz]e\b")
PAST_CONTEXT = rx(r"\blast year\b", r"\bbehind us\b", r"\bin the past\b", r"\bback then\b", r"\bused to\b")
JOKE = rx(r",\s*ha\b", r"\bha ?ha\b", r"\bhaha\b", r"\blol\b", r"\bjust kidding\b")
GAP = 4  # pushbacks this many turns apart still belong to one episode


def grade(sent: Sentence) -> int:
    """3 strong, 2 medium, 1 soft, 0 none."""
    text = sent.text
    if text.rstrip().endswith("?") or PAST_CONTEXT.search(text) or RECAP_LINE.search(text) or JOKE.search(text):
        return 0
    ask = REQUESTING.search(text)  # "X asked for six containers, as they cannot..." is the ask, not a pushback

    def requesting(m: re.Match[str]) -> bool:
        return bool(ask and ask.start() < m.start())

    past = bool(re.search(r"\b(?:was|were|came|had|did|could not|couldn(?:'|’)t)\b", text))
    if (m := STRONG.search(text)) and not requesting(m):
        return 0 if CONCEDE.search(text, m.end()) else 3
    if (m := MEDIUM.search(text)) and not requesting(m) and not past:
        return 2
    if (m := INDIRECT.search(text)) and not requesting(m) and not CONCEDE.search(text) \
            and (not past or re.search(r"\b(?:told|promised|assured)\b", text)):
        return 2
    return 1 if SOFT.search(text) else 0


def _new_topic(episode: list[tuple[Sentence, int]], sent: Sentence, meeting: Meeting) -> bool:
    """A pushback a few turns on that argues about something else starts its own episode."""
    if sent.utt - episode[-1][0].utt <= 2 or OPEN.search(sent.text):
        return False
    words = _words(sent.text)
    if len(words) < 3 or any(len(words & _words(x.text)) >= 2 for x, _ in episode):
        return False
    meeting.embed([x for x, _ in episode[-6:]] + [sent])
    closed = any(OPEN.search(x.text) for x, _ in episode[-2:])  # the last point was just parked or called apart
    return max(meeting.similarity(sent, x) for x, _ in episode[-6:]) < (0.5 if closed else 0.3)


def _episodes(meeting: Meeting) -> list[list[tuple[Sentence, int]]]:
    episodes: list[list[tuple[Sentence, int]]] = []
    for sent in meeting.sentences:
        level = grade(sent)
        if not level:
            continue
        if episodes and sent.utt - episodes[-1][-1][0].utt <= GAP and not _new_topic(episodes[-1], sent, meeting):
            episodes[-1].append((sent, level))
        else:
            episodes.append([(sent, level)])
    merged: list[list[tuple[Sentence, int]]] = []
    for episode in episodes:
        if merged and episode[0][0].utt - merged[-1][-1][0].utt <= 2 * GAP and _same_topic(merged[-1], episode, meeting):
            merged[-1].extend(episode)
        else:
            merged.append(episode)
    return merged


def _same_topic(a: list[tuple[Sentence, int]], b: list[tuple[Sentence, int]], meeting: Meeting) -> bool:
    """Whether two nearby episodes argue about the same thing (embedding similarity of their turns)."""
    meeting.embed([x for x, _ in a] + [y for y, _ in b])
    best = max(meeting.similarity(x, y) for x, _ in a for y, _ in b)
    return best > 0.45


_TOPIC_STOP = set("""the a an and or but to of for on in at by with from is are was were be been it its this that these those
we you they i he she our your their us me my not no can can't cannot will won't would should could do does did don't
have has had just so then there here what which who when how why very too more less also about than as if into out
think need want know see say said yes okay ok well right really still only even much many some any all one two
let's lets please thank thanks sure maybe because""".split())


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _TOPIC_STOP and len(w) > 2}


TOPIC_SHIFT = rx(
    r"^\W*(?:ok(?:ay)?|good|great|perfect|right|so|now|then|alright|thanks|thank you)?[,.!\s]*(?:next|moving on|let(?:'|’)s move on|now (?:the|to|on|for|let)|"
    r"one more thing|another (?:topic|point|thing|item)|on (?:the )?(?:topic|subject) of|turning to|the next (?:item|topic|point)|last (?:item|point|topic))\b",
    r"^\W*(?:item|topic|point|agenda item) \d",
)


ACK = rx(r"^\W*(?:yes|yeah|true|agreed|indeed|exactly|you(?:'|’)re right|fair point|good point|point taken|understood, we will)\b"
         r"(?!.*\b(?:but|however|although|though|still)\b)")


def _first_reply(meeting: Meeting, sent: Sentence) -> list[Sentence]:
    """The next turn by someone else, if it comes right after."""
    for turn in meeting.turns_after(sent, 1):
        if turn and turn[0].speaker != sent.speaker and not turn[0].minutes:
            return turn
    return []


def _shifted(meeting: Meeting, after: Sentence, until: Sentence) -> bool:
    """Whether the conversation moved to another agenda item between two sentences."""
    return any(TOPIC_SHIFT.search(s.text) or s.minutes and s.utt != after.utt and s.text.rstrip().endswith(":")
               for s in meeting.sentences[after.index + 1: until.index])


def _flags(meeting: Meeting) -> list[int]:
    """Per sentence: 1 if it parks/leaves a point open, 2 if it agrees or concedes, else 0 (computed once)."""
    if "conflict_flags" not in meeting.features:
        meeting.features["conflict_flags"] = [
            1 if OPEN.search(s.text) else 2 if (RESOLVED.search(s.text) or CONCEDE.search(s.text)) else 0
            for s in meeting.sentences]
    return meeting.features["conflict_flags"]


def _context_words(sent: Sentence, meeting: Meeting) -> set[str]:
    """Content words of a sentence with its turn and the turn it answers ("Agreed." takes its topic from them)."""
    own = _words(sent.text)
    if len(own) >= 3:
        return own
    words = set(own)
    turn = meeting.turn(sent.utt)
    for s in [x for x in turn if x.index < sent.index][-1:] or meeting.previous_other(sent)[-1:]:
        words |= _words(s.text)
    return words


def _on_topic(sent: Sentence, episode: list[tuple[Sentence, int]], topic: set[str], meeting: Meeting) -> bool:
    if len(_context_words(sent, meeting) & topic) >= 2:
        return True
    if len(episode) > 12 or not _context_words(sent, meeting) & topic:
        return False
    meeting.embed([x for x, _ in episode] + [sent])
    return max(meeting.similarity(sent, x) for x, _ in episode) > 0.5


def _status(episode: list[tuple[Sentence, int]], meeting: Meeting) -> tuple[str, str | None]:
    """("open" | "resolved", the sentence that decided it).

    Near the episode (until GAP turns after its last pushback) any park/escalate cue keeps it open and
    any agreement settles it; further on, only moves on the same topic (shared content words or a
    similar embedding) count. The last decisive move wins; no move at all means the meeting moved on.
    """
    first, last = episode[0][0], episode[-1][0]
    topic = set()
    for s, _ in episode:
        topic |= _words(s.text)
    for s in meeting.previous_other(first):
        topic |= _words(s.text)
    state, why = "open", None
    near_end = last.utt + GAP
    flags = _flags(meeting)
    near = [s for s in meeting.sentences[first.index + 1:] if s.utt <= near_end]
    far = [s for s in meeting.sentences[(near[-1].index + 1) if near else first.index + 1:] if flags[s.index]]
    close_far = [s for s in far if len(_context_words(s, meeting) & topic) >= 2]
    rest = [s for s in far if s not in close_far and flags[s.index] == 2 and len(_context_words(s, meeting) & topic) == 1]
    if rest and len(episode) <= 12:
        meeting.embed([x for x, _ in episode] + rest)
        close_far += [s for s in rest if max(meeting.similarity(s, x) for x, _ in episode) > 0.5]
    reply = _first_reply(meeting, last)
    if reply and ACK.search(reply[0].text) and not any(grade(x) for x in reply) and not any(OPEN.search(x.text) for x in reply):
        state, why = "resolved", reply[0].text  # the other side simply concedes the point ("Yes, fair point.")
    decisive = near + sorted(close_far, key=lambda s: s.index)
    parked = False
    for sent in decisive:
        in_episode = any(sent is x for x, _ in episode)
        if OPEN.search(sent.text):
            state, why, parked = "open", sent.text, True
        elif in_episode:
            continue
        elif (RESOLVED.search(sent.text) or CONCEDE.search(sent.text)) and grade(sent) < 2 \
                and not sent.text.rstrip().endswith("?") and not re.search(r"\b(?:if|unless|once|until|provided)\b", sent.text, re.I):
            adjacent = (sent.utt <= last.utt + 2 or not _shifted(meeting, last, sent)) and not parked
            weak = not CONCEDE.search(sent.text) and WEAK_OK.search(sent.text) and len(RESOLVED.findall(sent.text)) <= 1
            if adjacent or (not weak and _on_topic(sent, episode, topic, meeting)):
                state, why = "resolved", sent.text
        elif grade(sent) >= 2 and sent.utt <= near_end and state == "resolved":
            state, why = "open", sent.text  # the "agreement" was followed by more pushback
    return state, why


def _quote(episode: list[tuple[Sentence, int]], top: int) -> Sentence:
    """The pushback to quote: the first clear pushback, or an explicit refusal within three turns of it; not a closer."""
    content = [(s, level) for s, level in episode if not OPEN.search(s.text)] or episode
    best = max(level for _, level in content)
    first = next(s for s, level in content if level >= min(best, 2))
    strong = next((s for s, level in content if level == 3), None)
    if strong is not None and strong.utt - first.utt <= 3:
        return strong  # an explicit refusal right after the opening pushback is the clearest statement
    return first




def _same_dispute(a: list[tuple[Sentence, int]], b: list[tuple[Sentence, int]], meeting: Meeting) -> bool:
    wa = set().union(*(_words(x.text) for x, _ in a))
    wb = set().union(*(_words(x.text) for x, _ in b))
    if len(wa & wb) >= 4:
        return True
    meeting.embed([x for x, _ in a] + [y for y, _ in b])
    return max(meeting.similarity(x, y) for x, _ in a for y, _ in b) > 0.6



def detect(meeting: Meeting) -> list[tuple[Sentence, RawFinding]]:
    """One finding per pushback episode that is still open at the end of the request."""
    out = []
    reported: list[list[tuple[Sentence, int]]] = []
    for episode in _episodes(meeting):
        top = max(level for _, level in episode)
        state, why = _status(episode, meeting)
        if state == "resolved" or (top < 2 and why is None):
            continue
        if any(_same_dispute(prev_ep, episode, meeting) for prev_ep in reported):
            continue  # the same dispute flaring up again later is one finding
        reported.append(episode)
        sent = _quote(episode, top)
        parties = []
        for s, _ in episode:
            name = meeting.speaker_name(s)
            if name and name not in parties:
                parties.append(name)
        prev = meeting.previous_other(sent)
        if prev and (name := meeting.speaker_name(prev[0])) and name not in parties:
            parties.append(name)
        status = f"left open: \"{why[:100]}\"" if why else "the meeting moved on without agreement"
        out.append((sent, RawFinding(
            kind="unresolved_conflict", quote=sent.text, speaker=meeting.speaker_name(sent), parties=parties,
            status=status, confidence=0.75 if top == 3 else 0.6,
            summary=f"Disagreement still open: {sent.text[:140]}",
        )))
    return out
