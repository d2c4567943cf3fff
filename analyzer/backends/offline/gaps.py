"""Transparency gaps: dodged questions, withheld information, late reveals and contradictions.

Cue families: (1) refusing or postponing an answer ("I'd rather not say", "that's confidential",
"not in a position to", "an internal staffing matter", "let's not get bogged down", "another time");
(2) a reassuring or deflecting non-answer right after a direct question ("it's all in hand", "no need
to worry", "let's focus on..."); (3) a late reveal: a change to who/where/how the work is done anchored
in the past ("since March the coating is done by a new supplier"), or subcontracting, when it is framed
as an aside ("by the way", "one thing I forgot"), contrasted with the expected ("not the Doha site",
"a different supplier") or met with surprise; (4) a contradiction: either pointed out by the listener
("that's not what you said earlier"), or a "not yet / separate order / partner factory" statement that
undoes an earlier claim on the same topic ("everything is made in-house", "the price covers
everything"). Honest "I don't know, I'll find out", referrals and openly announced news are not gaps.
"""

from __future__ import annotations

import re

from ...core.models import RawFinding
from .lexicon import rx
from .meeting import Meeting
from .sentences import Sentence

WITHHOLD = rx(
    r"\b(?:would |'d |’d )?rather not (?:go into|get into|share|break|discuss|say|comment|disclose|give)",
    r"\bprefer(?:s|red)? not to (?:share|go into|get into|disclose|discuss|say|comment|give|show)",
    r"\bprefer to (?:show|share|give|explain) (?:it|them|this|that|the [\w\s]{1,20}) (?:after|later|once|another)",
    r"\b(?:can(?:'|’)?t|cannot|can not|not able to|unable to|won(?:'|’)t) (?:really )?(?:go into|get into|comment|disclose|share|explain|discuss|reveal|say)\b",
    r"\blet(?:'|’)?s not (?:get into|go into|go down|talk about|discuss|open)",
    r"\binternal matter\b",
    r"\bthat(?:'|’)s internal\b",
    r"\bis confidential\b",
    r"\b(?:quite |very )?sensitive for us\b",
    r"\bproprietary\b",
    r"\bwe don(?:'|’)t (?:discuss|share|disclose)\b",
    r"\banother time\b",
    r"\bdon(?:'|’)t want to give a (?:wrong|number|figure)",
    r"\bnot (?:at liberty|in a position) to\b",
    r"\bno comment\b",
    r"\bnot going to (?:share|disclose|go into)\b",
    r"\blet(?:'|’)?s (?:just )?say (?:there are|there(?:'|’)s|it(?:'|’)s|we have) (?:some|a few|several|enough|a number|a couple)\b",
    r"\b(?:I|we)(?:'|’)d (?:prefer|rather) (?:to )?keep (?:that|this|it|those|the [\w\s]{1,20}) (?:internal|to ourselves|confidential|private|in-house)\b",
    r"\bnot (?:something|anything) I can (?:share|talk about|go into|disclose|comment on)\b",
    r"\bI(?:'|’)m not (?:going|able) to (?:get|go) into\b",
    r"\bwould not give\b",
    r"\bdeclined to (?:share|say|give|disclose)\b",
    r"\bstill being (?:reconciled|finali[sz]ed|checked)\b",
    # more ways to keep something back
    r"\binternal (?:\w+ )?(?:matter|issue|affair|question|decision)\b",
    r"\bnot possible to (?:share|disclose|show|give|provide|send)\b",
    r"\b(?:can(?:'|’)?t|cannot|won(?:'|’)t) (?:share|disclose|show|give you|provide) (?:that|those|them|it|this|these|the (?:details|numbers|figures|breakdown|names|list))\b",
    r"\blet(?:'|’)?s not (?:get bogged down|get sidetracked|dwell on|go there|worry about)",
    r"\b(?:that(?:'|’)s|it(?:'|’)s|this is) (?:strictly |commercially )?confidential\b",
    r"\bnot (?:authori[sz]ed|allowed|permitted|able) to (?:share|say|disclose|discuss|comment|give)\b",
    r"\bkeep (?:that|this|it) (?:internal|in-house|to ourselves)\b",
    r"\bnot something we (?:share|disclose|publish|discuss|give out|talk about)\b",
    r"\byou(?:'|’)ll (?:just )?have to trust (?:us|me)\b",
    r"\b(?:can(?:'|’)?t|cannot|won(?:'|’)t) get into (?:the )?(?:specifics|details|particulars)\b",
    r"\bI(?:'|’)d rather not say\b",
    r"\bdon(?:'|’)t really think (?:of|about) it in (?:those|these) terms\b",
    r"\b(?:that|this)(?:'|’)s (?:above my pay grade|not for me to say)\b",
    r"\bprefer (?:to keep|not to put) (?:that|this|it|numbers)\b",
    r"\b(?:still )?(?:under|being) (?:discussion|discussed|reviewed|review) internally\b",
    r"\b(?:we(?:'|’)re|I(?:'|’)m|we are|I am) not (?:disclosing|sharing|discussing|commenting on|giving out)\b",
    r"\bthat(?:'|’)s between (?:us|me) and\b",
    r"\bdon(?:'|’)t have (?:the )?(?:authority|clearance|permission|mandate) to (?:share|say|disclose|discuss)\b",
    r"\bwhen the time is right\b",
    r"\b(?:for|at) another (?:meeting|day|occasion|call)\b",
    r"\b(?:don(?:'|’)t|do not|never) give out\b",
    r"\blet(?:'|’)?s (?:leave|put|set) (?:that|this|it) (?:aside|to one side)\b",
    r"\bnot (?:ready|prepared) to (?:share|disclose|discuss)\b",
)
NON_ANSWER = rx(
    r"\b(?:it(?:'|’)s|everything(?:'|’)s|everything is|all) (?:all )?(?:in hand|under control|on track|taken care of|fine, (?:really|trust))\b",
    r"\bit(?:'|’)s (?:a )?(?:flexible|fluid|moving|evolving) (?:situation|picture|arrangement|set-?up|number|model|target)\b",
    r"\bnothing (?:for you )?to worry about\b",
    r"\bI wouldn(?:'|’)t read (?:too much|anything|much) into\b",
    r"\bit is what it is\b",
    r"\b(?:the )?(?P<taut>[a-z]{4,}) is (?:the )?(?P=taut)\b",  # tautologies answer nothing
    r"\bI wouldn(?:'|’)t worry about (?:it|that|this)\b",
    r"\b(?:don(?:'|’)t|do not) (?:think )?(?:we |you )?(?:really )?need to (?:go into|get into|discuss|worry about) (?:the |all the )?(?:details|specifics)\b",
    r"\bthat(?:'|’)s not (?:really )?(?:relevant|important|the point) (?:here|now|for (?:this|today|you))\b",
    r"\bhard to (?:say|put a number on)\b",
    r"\bwe(?:'|’)ll (?:see|cross that bridge)\b",
    r"^\W*(?:well,? |look,? )?let(?:'|’)s (?:focus on|move on|stick to)\b",
    r"\btrust me\b",
    r"^\W*why do you (?:need|want|ask)\b",
    r"^\W*does (?:it|that) (?:really )?matter\b",
    r"\blet(?:'|’)s (?:discuss|talk about|cover) (?:that|this|it) (?:offline|later|separately)\b",
    r"\bthe (?:important|main) thing is\b",
    r"\bwhat matters (?:is|here)\b",
    r"\bI(?:'|’)d rather (?:focus|talk|stick)\b",
    r"\bthat(?:'|’)s (?:a (?:long|complicated) story|complicated)\b",
    r"^\W*nothing (?:that|we|which|to worry|of (?:note|concern)|significant|major|relevant|serious)\b",
    r"\bno need to worry\b",
    r"\bdon(?:'|’)t worry about (?:it|that)\b",
    r"\bnothing (?:we are|we(?:'|’)re) (?:obliged|required)\b",
    r"\bnot (?:obliged|required|obligated) to (?:tell|share|disclose|report)\b",
)
HONEST = rx(
    r"\bI(?:'|’)ll (?:find out|check|ask|confirm|get back)",
    r"\b\w+ will (?:sort|help|send|get back|follow up|walk)\b",
    r"\bI don(?:'|’)t know\b.*\bI(?:'|’)ll\b",
    r"\bunder (?:the )?NDA\b",
    r"\bas (?:we )?agreed\b",
)
LATE_MARK = rx(
    r"\b(?:one (?:more )?(?:thing|point)|something) I should (?:mention|tell|say|flag)\b",
    r"\bI should (?:mention|tell you)\b",
    r"\bby the way\b",
    r"\bforgot to (?:mention|tell)\b",
    r"\bI thought you knew\b",
    r"\bdid not inform\b",
    r"\bdidn(?:'|’)t (?:inform|tell) you\b",
    r"^\W*(?:ah|oh|oh,? and|and)?[, ]*actually,? (?:since|from|the|we|our|it)\b",
    r"\b(?:near|at|towards?) the end (?:of the (?:call|meeting|item))?,? \w+ (?:mentioned|said|noted|revealed|added)\b",
    r"\bwe did not tell\b",
    r"\bnot (?:been )?(?:communicated|disclosed) before\b",
    r"\bI (?:should|ought to) have (?:mentioned|told you|flagged)\b",
    r"\bI (?:meant|forgot) to (?:mention|tell|say|flag)\b",
    r"\bwhile I (?:remember|think of it)\b",
)
WITHHELD_MARK = rx(
    r"\bI thought you knew\b",
    r"\bdid not inform\b",
    r"\bdidn(?:'|’)t (?:inform|tell)\b",
    r"\bthe end\b",
    r"\bwe did not tell\b",
)
SURPRISE = rx(
    r"^\W*(?:wait|sorry|hold on|oh|really|hmm)\b",
    r"\bshould have (?:been told|known|told)\b",
    r"\bnot on our radar\b",
    r"\bwhen was (?:this|that) decided\b",
    r"\bwould have been good to know\b",
    r"\b(?:big|serious) (?:deal|issue|problem)\b",
    r"\bwasn(?:'|’)t on our\b",
    r"\bnot communicated\b",
    r"\bdon(?:'|’)t they\b",
    r"\?$",
)
CONTRADICT = rx(
    r"\b(?:you|he|she|(?-i:[A-Z][\w-]+)) (?:just |already |also )?said (?:earlier|before|that|it|(?:it|this|that) was|everything)\b",
    r"\bsaid earlier\b",
    r"\bearlier,? (?:you|\w+(?: \w+)?) said\b",
    r"\bnot (?:quite )?what (?:I|we) understood\b",
    r"\bdifferent from what\b",
    r"\bthat contradicts\b",
    r"\bthat(?:'|’)s not what you\b",
    r"\b(?:noted|pointed out|said|remarked) (?:that )?(?:this|it|that) (?:had|has) not been (?:mentioned|disclosed|communicated|shared|raised)\b",
)
ASKING = rx(r"\bI(?:'|’)d like to know\b", r"\b(?:can|could) you tell\b", r"\bwe need to know\b")
# A material change in who/where/how something is made or run, anchored in the past ("since March",
# "from December", "in January"): a late reveal even without "by the way".
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
CHANGE = rx(
    r"\b(?:moved|switched|changed|transferred|relocated|(?:has been|have been|was|were) closed|closed down|shut down|shifted|outsourced|subcontracted|replaced|withdrawn|withdrew|"
    r"pulled out|stopped|discontinued|sold|acquired|merged|left the company|resigned|handed over|taken over)\b",
    r"\b(?:sourced|operated|run|made|produced|processed|done|handled|supplied|sewn|assembled|packed|woven|printed) (?:by|from|at|in) (?:a |an |our |the )?(?:different|new|another|partner|sister|third|external|other)\b",
    r"\bnow (?:processed|made|produced|done|handled|operated|sewn|assembled|run|hosted|sourced|packed) (?:at|in|by)\b",
    r"\b(?:is|are) (?:now )?operated by (?:our|a|an) partner\b",
    r"\bno longer\b",
    r"\b(?:started|been|now) using\b",
    r"\bswitched to\b",
    r"\b(?:expired|lapsed|(?:was|been|were) (?:suspended|revoked|cancelled|canceled))\b",
    r"\blost (?:our|the|its) (?:certification|certificate|licen[cs]e|accreditation|approval)\b",
)
TIME_ANCHOR = rx(
    rf"\bsince (?:{_MONTH}|last|the (?:start|beginning|end)|early|mid|late|\d{{4}}|the summer|the spring|q[1-4])",
    rf"\bfrom {_MONTH}\b",
    rf"\bin {_MONTH}\b",
    r"\bas of\b",
    r"\bearlier this (?:year|month|quarter)\b",
    r"\blast (?:month|quarter|year|season)\b",
    r"\bthis (?:year|season)\b",
    r"\brecently\b",
)
SUBCONTRACT = rx(
    r"\b(?:partner|sister|another|third-party|external|outside|small) (?:factory|mill|plant|workshop|supplier|subcontractor|co-?packer|line|facility|lab)\b",
    r"\bsubcontract(?:or|ed|ing)?\b",
    r"\bco-?pack(?:ed|er|ing)\b",
    r"\boutsourc",
    r"\bby our partner\b",
    r"\bour partner (?:in|line|company)\b",
)
ALREADY_TOLD = rx(
    r"\bas (?:you know|we (?:told|said|mentioned|discussed|wrote|informed)|mentioned|announced|agreed)\b",
    r"\bwe informed you\b",
    r"\byou (?:already )?know\b",
    r"\bin (?:our|the) (?:email|letter|notice)\b",
)
NOT_YET = rx(
    r"\bnot (?:yet|actually)\b",
    r"\bno [\w\s]{1,30} (?:yet|so far)\b",
    r"\bwhen we (?:receive|get|have)\b",
    r"\bstill (?:waiting|pending|in progress)\b",
    r"\b(?:hasn|haven|wasn|weren|isn|aren)(?:'|’)t (?:been |actually )?(?:issued|placed|ordered|signed|confirmed|approved|included|done|submitted|certified)\b",
    r"\bseparate (?:\w+ ){0,2}(?:order|invoice|charge|contract|quote|fee)\b",
    r"\bnot included\b",
    r"\b(?:at|for an?) extra (?:cost|charge)\b",
    r"\bin fact\b.{0,40}\bno\b",
)
CLAIM = rx(
    r"\balready\b",
    r"\bcovers? everything\b",
    r"\b(?:is|are|was|were) (?:fully )?(?:included|certified|approved|ordered|placed|signed|confirmed|in place)\b",
    r"\bin-?house\b",
    r"\ball (?:of )?(?:our|the) [\w\s]{0,20}(?:is|are) (?:done|made|produced|sewn|woven)\b",
    r"\bwe (?:do|make|produce) (?:everything|it all)\b",
    r"\bour own (?:factory|factories|mill|mills|plant|plants|line|lines|looms|machines|units|sites|facilities|people|staff)\b",
    r"\beverything (?:is|was|gets) (?:made|produced|done|sewn|woven|built|assembled|manufactured)\b",
    r"\beverything\b.{0,30}\b(?:ourselves|in-?house|included)\b",
)
CONTRAST = rx(
    r"\bbut\b",
    r"\bactually\b",
    r"\bhowever\b",
    r"\bstill\b",
    r"\bnot\b",
    r"\bsince\b",
    r"\bonly\b",
    r"\bno longer\b",
)


def _finding(meeting: Meeting, sent: Sentence, why: str, repair: str, label: str, conf: float):
    # "Evasive answer from Sato Yuki": the headline names the pattern and who; the quote shows the words.
    speaker = meeting.speaker_name(sent)
    summary = f"{label} ({speaker})." if speaker else f"{label}."
    return sent, RawFinding(
        rule="gap." + re.sub(r"[^a-z]+", "_", label.lower()).strip("_"),
        kind="transparency_gap",
        quote=sent.text,
        speaker=speaker,
        summary=summary,
        why_it_matters=why,
        suggested_repair=repair,
        confidence=conf,
    )


def _best_statement(turn: list[Sentence]) -> Sentence | None:
    """The sentence of a turn that carries the contradicting fact (contrast words first)."""
    content = [s for s in turn if len(s.text) > 20] or turn
    for s in content:
        if CONTRAST.search(s.text):
            return s
    return content[0] if content else None


def detect(meeting: Meeting) -> list[tuple[Sentence, RawFinding]]:
    """Gap findings, at most one per turn."""
    out: list[tuple[Sentence, RawFinding]] = []
    used_utts: set[int] = set()
    dodged: dict[str | None, int] = {}  # speaker -> utterance of their last dodge

    def add(item):
        if item[0].utt not in used_utts:
            used_utts.add(item[0].utt)
            out.append(item)

    for sent in meeting.sentences:
        text = sent.text
        prev = meeting.previous_other(sent)
        asked = any(s.text.rstrip().endswith("?") or ASKING.search(s.text) for s in prev)
        if WITHHOLD.search(text) and not HONEST.search(text):
            if sent.utt - dodged.get(sent.speaker, -99) > 4:
                add(
                    _finding(
                        meeting,
                        sent,
                        "information the partner asked for was withheld",
                        "ask for it in writing, or agree what can be shared and when",
                        "Withheld or dodged",
                        0.7,
                    )
                )
            dodged[sent.speaker] = sent.utt
        elif asked and NON_ANSWER.search(text) and not HONEST.search(text):
            if sent.utt - dodged.get(sent.speaker, -99) > 4:
                add(
                    _finding(
                        meeting,
                        sent,
                        "a direct question got a reassuring non-answer",
                        "repeat the question and ask for a specific, documented answer",
                        "Evasive answer",
                        0.65,
                    )
                )
            dodged[sent.speaker] = sent.utt
        elif _evasive(meeting, sent, prev):
            if sent.utt - dodged.get(sent.speaker, -99) > 4:
                add(
                    _finding(
                        meeting,
                        sent,
                        "a direct question for a figure or name got an answer without one",
                        "repeat the question and ask for the specific figure or name",
                        "Evasive answer",
                        0.55,
                    )
                )
            dodged[sent.speaker] = sent.utt
        elif _reveal(meeting, sent):
            add(
                _finding(
                    meeting,
                    sent,
                    "a material change was disclosed late, after decisions relied on it",
                    "ask for a written change notice and agree to be told of changes in advance",
                    "Late disclosure",
                    0.65,
                )
            )
        elif (claim := _contradicts_claim(meeting, sent)) is not None:
            add(
                _finding(
                    meeting,
                    sent,
                    f'this contradicts an earlier statement: "{claim.text[:80]}"',
                    "ask which statement is correct and request written confirmation",
                    "Contradicts an earlier statement",
                    0.6,
                )
            )
        elif LATE_MARK.search(text) and not re.search(
            r"\b(?:says hi|wife|husband|family|kids|weather|holiday)\b", text, re.I
        ):
            target = sent
            if len(text) < 60 and not re.search(
                r"\b(?:moved|changed|switched|since|from|was|were|is|are)\b", text[10:]
            ):
                nxt = [s for s in meeting.turn(sent.utt) if s.index > sent.index]
                target = nxt[0] if nxt else sent
            after = meeting.turns_after(sent, 2)
            reaction = any(
                SURPRISE.search(s.text) or CONTRADICT.search(s.text)
                for t in after
                for s in t
                if s.speaker != sent.speaker
            )
            if WITHHELD_MARK.search(text) or reaction or sent.minutes:
                add(
                    _finding(
                        meeting,
                        target,
                        "a material change was disclosed late, after decisions relied on it",
                        "ask for a written change notice and agree to be told of changes in advance",
                        "Late disclosure",
                        0.7,
                    )
                )
        if CONTRADICT.search(text) and not text.lower().startswith(("as you said", "like you said")):
            _contradiction(meeting, sent, add)
    return out


LATE_FRAME = rx(
    r"^\W*(?:ah|oh|and|so|also)?,?\s*actually\b",
    r"\bin passing\b",
    r"\bonly now\b",
    r"\bone (?:more )?thing\b",
    r"\bforgot to (?:say|mention|tell)\b",
    r"\bI should (?:say|add|flag|mention)\b",
    r"\bjust so you know\b",
    r"\bfor your information\b",
    r"\bbefore I forget\b",
    r"\bincidentally\b",
    r"\bcome to think of it\b",
    r"\bturn(?:s|ed) out\b",
)
NEW_PLACE = rx(
    r"\bnot (?:the|from|in|at) \w+",
    r"\binstead\b",
    r"\brather than\b",
    r"\b(?:a |an )?(?:different|new|another|second) (?:supplier|vendor|plant|factory|mill|line|site|partner|subcontractor|data cent(?:re|er)|furnace|source|operator|lender|bank|workshop)\b",
    r"\bnow (?:processed|made|produced|done|handled|operated|sewn|assembled|run|hosted|sourced|packed) (?:at|in|by)\b",
)
NEGATED = re.compile(
    r"\b(?:hasn(?:'|’)t|has not|haven(?:'|’)t|have not|didn(?:'|’)t|did not|never|not) (?:\w+ )?(?:changed|moved|switched)\b",
    re.I,
)


SPECIFIC_Q = rx(
    r"\bhow (?:many|much|long|often)\b",
    r"\bwhat(?:(?:'|’)s| is| are| was| were) (?:the|your) (?:[\w-]+ ){0,2}(?:number|figure|rate|percentage|price|cost|margin|volume|capacity|yield|headcount|share|amount)\b",
    r"\bwhich (?:supplier|factory|plant|subcontractor|partner|company|mill|vendor|lab)\b",
    r"\bwho (?:is|are|makes|does|supplies|runs)\b",
    r"\bwhere (?:is|are|do|does) (?:the|your|it|they)\b.{0,30}\b(?:made|produced|sewn|assembled|manufactured|done|hosted|stored)\b",
)
DEFLECT = rx(
    r"\bflexible\b",
    r"\bmore or less\b",
    r"\bin line with\b",
    r"\bdepend(?:s|ing) on\b",
    r"\bit (?:varies|depends)\b",
    r"\bdifferent (?:sources|partners|suppliers|places)\b",
    r"\bseveral (?:sources|partners|suppliers)\b",
    r"\bas (?:needed|required|necessary)\b",
    r"\benough\b",
    r"\bsufficient\b",
    r"\bdon(?:'|’)t (?:really )?(?:track|count|think of it)\b",
    r"\bnormal(?:ly)?\b",
    r"\bthe usual\b",
    r"\bstandard\b",
    r"\bwe(?:'|’)re (?:comfortable|fine|okay|good)\b",
    r"\bnot (?:a|an) (?:issue|problem|concern)\b",
)


def _evasive(meeting: Meeting, sent: Sentence, prev: list[Sentence]) -> bool:
    """The first sentence of an answer to a specific question (how many / which supplier) that gives no
    figure, name or date and deflects instead."""
    if not prev or not any(s.text.rstrip().endswith("?") and SPECIFIC_Q.search(s.text) for s in prev[-2:]):
        return False
    turn = meeting.turn(sent.utt)
    if (
        turn[0] is not sent
        or HONEST.search(sent.text)
        or re.search(r"\bI don(?:'|’)t know\b|\bnot sure\b|\bcheck\b", sent.text, re.I)
    ):
        return False
    answer = " ".join(s.text for s in turn)
    if re.search(
        r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|fifty|hundred|dozen|half|all|none|no)\b",
        answer,
        re.I,
    ):
        return False
    if re.search(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]{2,}", answer[1:]):
        return False  # names a supplier, place or person
    return bool(DEFLECT.search(sent.text))


def _reveal(meeting: Meeting, sent: Sentence) -> bool:
    """A change to how or where the work is done, or subcontracting, told as news (framed as an aside,
    contrasted with what was expected, or met with surprise)."""
    text = sent.text
    if text.rstrip().endswith("?") or ALREADY_TOLD.search(text) or len(text) < 25 or NEGATED.search(text):
        return False
    future = re.search(
        r"\b(?:I|we)(?:'|’)ll\b|\b(?:will|going to|plan(?:ning)? to|could|might|if)\b", text, re.I
    )
    change = CHANGE.search(text) and TIME_ANCHOR.search(text)
    outside = SUBCONTRACT.search(text) and re.search(r"\b(?:our|we|the|they)\b", text, re.I) and not future
    if not (change or outside):
        return False
    if re.search(r"\b(?:you|your)\b", text[:30], re.I) and not re.search(
        r"\byour (?:environment|order|parts|product|data)", text, re.I
    ):
        return False  # about the listener's side, not a disclosure of ours
    if re.search(r"\bwe noticed\b|\byou (?:changed|moved|switched)\b|\bby (?-i:[A-Z])\w+ in\b", text, re.I):
        return False
    framed = bool(LATE_FRAME.search(text) or LATE_MARK.search(text))
    before = [s for s in meeting.turn(sent.utt) if s.index < sent.index]
    framed = framed or any(LATE_FRAME.search(s.text) or LATE_MARK.search(s.text) for s in before[-1:])
    after = meeting.turns_after(sent, 1)
    reaction = any(
        SURPRISE.search(s.text)
        and not s.text.rstrip().endswith("?")
        or re.match(r"\W*(?:wait|sorry|what)\b", s.text, re.I)
        for t in after
        for s in t[:2]
        if s.speaker != sent.speaker
    )
    return bool(framed or NEW_PLACE.search(text) or reaction)


def _contradicts_claim(meeting: Meeting, sent: Sentence) -> Sentence | None:
    """A "not yet / separate order / partner factory" statement that undoes an earlier claim on the same topic."""
    text = sent.text
    if (
        text.rstrip().endswith("?")
        or not (NOT_YET.search(text) or SUBCONTRACT.search(text))
        or re.search(r"\bif\b", text, re.I)
    ):
        return None
    claims = [
        s
        for s in meeting.sentences[: sent.index]
        if CLAIM.search(s.text) and not s.text.rstrip().endswith("?") and not NOT_YET.search(s.text)
    ]
    if not claims:
        return None
    mine = {w for w in re.findall(r"[a-z0-9]{4,}", text.lower())}
    close = [c for c in claims if len(mine & set(re.findall(r"[a-z0-9]{4,}", c.text.lower()))) >= 2]
    if not close:
        meeting.embed(claims[-8:] + [sent])
        close = [
            c
            for c in claims[-8:]
            if meeting.similarity(c, sent) > 0.55
            or meeting.similarity(c, sent) > 0.3
            and {w for w in mine if len(w) >= 6} & set(re.findall(r"[a-z0-9]{6,}", c.text.lower()))
            or SUBCONTRACT.search(text)
            and re.search(r"in-?house|our own|everything is", c.text, re.I)
        ]
    return close[-1] if close else None


def _contradiction(meeting: Meeting, sent: Sentence, add) -> None:
    """Pin a pointed-out contradiction on the statement it refers to."""
    nxt = meeting.turns_after(sent, 1)
    if (
        nxt
        and nxt[0]
        and nxt[0][0].speaker != sent.speaker
        and re.match(r"\W*(?:ah|actually|well|oh)\b", nxt[0][0].text, re.I)
        and sent.text.rstrip().endswith((".", "?"))
        and re.search(r"\byou said\b", sent.text)
    ):
        target = _best_statement(nxt[0])
    elif sent.minutes:
        earlier = [
            s for s in meeting.sentences if s.utt == sent.utt and s.index < sent.index
        ] or meeting.previous_other(sent)
        target = _best_statement(earlier)
    else:
        target = _best_statement(meeting.previous_other(sent))
    if target is not None and target.speaker != sent.speaker:
        add(
            _finding(
                meeting,
                target,
                "this contradicts what the partner was told earlier in the meeting",
                "ask which statement is correct and request written confirmation",
                "Contradicts an earlier statement",
                0.65,
            )
        )
