"""Cue families for unresolved-conflict detection: how people push back, park, and settle a point.

Each entry is a pattern family (a way people commonly phrase a move in a negotiation), not a sentence
from any dataset. Grades: STRONG is an explicit refusal or disagreement, MEDIUM an evaluative or
position statement, INDIRECT polite pushback that avoids "no", SOFT reluctance that only counts when
the point is then parked. OPEN keeps a point open (park, escalate, agree to disagree, still apart);
CONCEDE and RESOLVED settle it (agreement, concession, compromise).
"""

from __future__ import annotations

from .lexicon import rx

NEG = r"(?:can(?:'|’)?t|cannot|can not|won(?:'|’)t|will not|are not|aren(?:'|’)t|is not|isn(?:'|’)t|not going to|do not|don(?:'|’)t)"
STRONG = rx(
    rf"\b{NEG}\s+(?:just\s+)?(?:accept|agree|approve|sign|pay|go (?:to|above|below|beyond|higher|lower)|support)\b",
    r"\bnot (?:something|a thing) (?:we|I) (?:can|could|will) (?:accept|agree|sign|support)\b",
    r"\b(?:not |un)acceptable\b", r"\bagree to disagree\b", r"\bdisagree[sd]?\b", r"\bnot worth\b",
    rf"\b(?:we|I)\s+{NEG}\s+think\b.{{0,60}}\b(?:on us|ours|our (?:fault|problem|responsibility|cost)|our side)\b",
    r"\bnot (?:what|how) we (?:agreed|see it)\b", r"\bthat was never agreed\b", r"\bnot accepting\b",
    r"\bnot (?:our|my) (?:fault|problem|responsibility)\b",
    r"\b(?:we(?:'|’)re|we are|I(?:'|’)m|I am) not (?:paying|accepting|signing|agreeing to|approving)\b",
    r"\b(?:the answer is|(?:we|I) (?:have|need|must) (?:to )?(?:say|answer)) no\b", r"\b(?:we|I) (?:must|have to|will have to) (?:decline|refuse)\b",
    r"\b(?:will|would) never (?:accept|agree|sign|pay)\b", r"\bout of the question\b",
    r"(?<!\bwere )(?<!\bwas )(?<!\bbeen )(?<!\bbe )\b(?:refused?|rejected?)\b", r"\bobjected?\b",
    r"\b(?:can(?:'|’)?t|cannot|won(?:'|’)t|will not) be (?:held )?(?:liable|responsible|accountable)\b",
    # explicit refusals, however phrased
    rf"\b(?:we|I)\s+{NEG}\s+(?:live with|go along with|sign off on|sign up to|agree to|accept)\b",
    r"\b(?:non-?starter|deal-?breaker|red line|not on the table|off the table)\b", r"\bI have to push back\b",
    r"\bpush(?:ing)? back (?:on|hard)\b", r"\b(?:that|this|it)(?:'|’)?s not (?:fair|reasonable|acceptable|right)\b",
    r"\bnot going to happen\b", r"\bI don(?:'|’)t think (?:that|it|this)(?:'|’)?s? (?:is )?(?:fair|reasonable|right|acceptable|realistic)\b",
    r"\b(?:won(?:'|’)t|will not|doesn(?:'|’)t|does not|wouldn(?:'|’)t) fly\b", r"\bnot in a position to (?:accept|agree|sign|pay|approve|go)\b",
    r"\b(?:will|would) never (?:approve|support|go|allow)\b", r"\bno way (?:we|I|that)\b", r"\bwe (?:strongly )?object\b", r"\bI (?:strongly )?object\b",
    r"\b(?:we|I) (?:cannot|can(?:'|’)?t|won(?:'|’)t|will not) (?:move|budge|go) (?:on|any(?:where)? (?:further|lower|higher)|below|above)\b",
    rf"\b(?:that|this|it)\s+(?:simply\s+|just\s+)?(?:doesn(?:'|’)t|does not|won(?:'|’)t|will not)\s+work for (?:us|me)\b",
    r"\bwe(?:'|’)re not (?:willing|prepared|able) to (?:accept|pay|agree|sign|go|absorb|take)\b",
    r"\bwhy should (?:we|I) (?:pay|accept|absorb|take|carry|bear)\b",
    rf"\b{NEG}\s+(?:take|bear|carry|shoulder)\s+(?:the\s+|any\s+|full\s+)?(?:responsibility|blame|liability|cost|costs|risk)\b",
)
MEDIUM = rx(
    rf"\b{NEG}\s+(?:just\s+)?(?:absorb|commit|deliver|guarantee|give(?! you an answer)|reduce|lower|raise|offer|do|keep|hold|swap|change|move|release)\b",
    r"(?<!\bread )\btoo (?:short|long|high|low|expensive|much|late|early|little|slow)\b(?! to (?:say|tell|know|judge|call))", r"\bimpossible\b",
    r"\b(?:is|are|(?:'|’)s) (?:below|under|above) (?:our|my) (?:cost|costs|budget|limit|floor|minimum|ceiling)\b",
    r"\b(?:see|view) (?:this|it|that|things) (?:very )?differently\b", r"\bthat(?:'|’)?s not how we see\b",
    r"\bbut\b.{0,50}\b(?:is|are|(?:'|’)s) (?:a lot(?! of)|way too|far too|excessive|unreasonable|unrealistic)\b",
    r"\bour position is\b", r"\bis (?:our|the) (?:maximum|minimum|limit)\b(?!\s+(?:wage|order|quantity|price|salary))", r"\bnon-?negotiable\b", r"\bnot negotiable\b",
    r"\bnot (?:sustainable|workable|viable|realistic)\b", r"\bdoes(?:n(?:'|’)t| not) work for us\b",
    r"\bcounter(?:ed|-?offer(?:ed)?)\b", r"\bisn(?:'|’)t the same\b",
    # competing numbers: each side states its own floor or ceiling
    r"\b(?:we|I) (?:need|require|must have|expect|insist on)\b.{0,40}\b(?:at least|minimum|no less than|not less than|at most|maximum)\b",
    r"\bthe (?:best|most|furthest|lowest|highest) (?:we|I) can (?:do|go|offer|accept)\b", r"\bwe(?:'|’)re at [\w.,%$€£]+.{0,20}\byou(?:'|’)re at\b",
    r"\b(?:caused|created|triggered) by (?:your|you)\b", r"\b(?:was|is|were) (?:on|down to) your (?:side|end|team|people)\b",
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
    r"\bnot sure (?:\w+ ){0,3}(?:will|would) (?:see it that way|agree|accept|go for|sign off)\b",
    # "I hear you, but ...": acknowledging the other side before holding one's own position
    r"\b(?:I hear you|I understand|I take your point|I see your point|I appreciate (?:that|the|your)|I know)\b[^.]{0,25}\bbut\b.{0,60}\b(?:not|can(?:'|’)?t|cannot|won(?:'|’)t|too|still|need)\b",
    r"\bnot what (?:we|I) signed (?:up|on) for\b", r"\b(?:is|are|(?:'|’)s) (?:simply |just )?not enough (?:for us|for me|to)\b",
    # whose scope or cost it is: each side claims the point is the other's
    r"\b(?:has|have) always been (?:\w+ ){0,2}(?:scope|responsibility|cost|side|job)\b",
    r"\b(?:we|I) (?:see|consider|regard) (?:the |this |that |it )?[\w\s-]{0,40}\bas (?:part of|included in|covered by) (?:the |your |our )?[\w\s-]{0,25}(?:scope|contract|price|agreement)\b",
    r"\bI don(?:'|’)t see (?:how (?:we|I|that|this)|(?:us|it|that) (?:getting|making|doing|accepting)|[\w-]+ (?:weeks|days|months|percent))\b", r"\b(?:you(?:'|’)re|that(?:'|’)s|that is|it(?:'|’)s) asking (?:a lot|too much)\b",
    r"\bcan(?:'|’)?t see (?:our|a|any) way (?:to|clear)\b", r"\b(?:big|huge|tall) ask\b", r"\bwe(?:'|’)d (?:really )?struggle (?:to|with)\b",
    r"\b(?:doesn(?:'|’)t|does not) sit (?:well|right) with (?:us|me)\b", r"\b(?:we|I)(?:'|’)d (?:not be|be un)comfortable\b",
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
    r"\bdiscuss (?:it |this )?(?:again|internally|separately|with (?:our )?management)\b",
    r"\bgo back to (?:our|my) (?:side|team|people|management|board|lawyers|legal|finance)\b",
    r"\bwon(?:'|’)t solve (?:it|this)\b", r"\bnot solve (?:it|this)\b", r"\bcircle back\b", r"\bcheck with (?:headquarters|management|our)\b",
    r"\bwe have a problem\b", r"\bunresolved\b", r"\bsolve (?:it|this|that) (?:now|today)\b", r"\btoo far apart\b",
    r"\b(?:keep|continue) (?:discussing|talking|the discussion)\b", r"\btake (?:it|this|that) back to\b",
    r"\b(?:set|put) (?:it|this|that) (?:aside|to one side)\b", r"\btable (?:it|this|that)\b", r"\bnot there yet\b", r"\bneed to look at\b.{0,20}\bagain\b",
    # parked, escalated, deferred or explicitly still apart
    r"\bpark(?:ing)? (?:the|this|that) (?:topic|point|issue|question|item|one)\b", r"\bput a pin in\b",
    r"\bescalat", r"\b(?:take|raise|bring) (?:it|this|that) (?:up )?(?:to|with) (?:my|our|the) (?:management|boss|director|board|legal|CFO|CEO|headquarters|HQ)\b",
    r"\bnot (?:going to )?(?:solve|settle|resolve|close|agree on) (?:it|this|that)\b", r"\b(?:still|remain|remains|are) (?:far )?apart\b",
    r"\bfollow[- ]up (?:call|meeting|session) (?:on|about|for) (?:this|that|it|the)\b", r"\bnext (?:call|meeting|round)\b.{0,30}\b(?:discuss|decide|come back|revisit|continue)\b",
    r"\bno decision\b", r"\bnot (?:decided|concluded|settled|resolved)\b", r"\bstill (?:to be|needs to be) (?:agreed|decided|settled)\b", r"\bopen (?:point|item|issue|question)s?\b",
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
    r"(?<!\bas )(?<!\bwe )(?<!\bbe )(?<!\bnot )(?<!\byet )\bagreed[.!]?\s*$", r"\b(?:it(?:'|’)s|that(?:'|’)s) a deal\b", r"\bshake on it\b",
    r"^\W*(?:okay|ok|fine|good|yes|great|alright|then)?[,.!\s]*(?:agreed|deal)\b", r"\bthat works\b", r"\bit works\b",
    r"\b(?:this|that|it) is acceptable\b", r"\bwe can accept (?:that|this|it)\b", r"\bthis we can accept\b",
    r"\b(?:let(?:'|’)s|we(?:'|’)ll) go with\b", r"\bconvinced me\b", r"\bfair enough\b", r"\bsettled\b",
    r"\bboth sides agreed\b", r"\bagreed on\b", r"\bthen (?:it(?:'|’)s|it is|that(?:'|’)s|that is) (?:included|covered|settled|agreed)\b", r"\bworks for us\b",
    r"\b(?:we|I) (?:can|will|(?:'|’)ll) (?:waive|drop|absorb|cover|include|extend|match)\b(?!.{0,40}\b(?:if|unless|only)\b)",
    r"\bwe have a deal\b", r"\bthat(?:'|’)s fine\b",
)
WEAK_OK = rx(r"\bthat(?:'|’)s fine\b", r"\bfair enough\b", r"\b(?:that|it) works\b")
REQUESTING = rx(r"\basked (?:for|whether|if|about)\b", r"\bproposed\b", r"\brequested\b", r"\bsuggested\b")
RECAP_LINE = rx(r"^\W*open\s*:", r"\bopen (?:items|points|issues|questions) (?:are|is|remain)\b", r"^\W*(?:so,? )?(?:to )?(?:recap|summary)\b", r"\brecap\b", r"\bto summari[sz]e\b",
                # a status list ("trims agreed, fabric still open") summarises points; it is not a new pushback
                r"\bagreed\b.{0,50}\b(?:still |remains? |left )?open\b", r"\bopen\b.{0,50}\bagreed\b")
PAST_CONTEXT = rx(r"\blast year\b", r"\bbehind us\b", r"\bin the past\b", r"\bback then\b", r"\bused to\b")
JOKE = rx(r",\s*ha\b", r"\bha ?ha\b", r"\bhaha\b", r"\blol\b", r"\bjust kidding\b")
TOPIC_SHIFT = rx(
    r"^\W*(?:ok(?:ay)?|good|great|perfect|right|so|now|then|alright|thanks|thank you)?[,.!\s]*(?:next|moving on|let(?:'|’)s move on|now (?:the|to|on|for|let)|"
    r"one more thing|another (?:topic|point|thing|item)|on (?:the )?(?:topic|subject) of|turning to|the next (?:item|topic|point)|last (?:item|point|topic))\b",
    r"^\W*(?:item|topic|point|agenda item) \d",
)


ACK = rx(r"^\W*(?:yes|yeah|true|agreed|indeed|exactly|you(?:'|’)re right|fair point|good point|point taken|understood, we will)\b"
         r"(?!.*\b(?:but|however|although|though|still)\b)")

