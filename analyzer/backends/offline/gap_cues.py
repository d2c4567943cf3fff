"""The cue patterns of transparency gaps, one table per family (see `gaps.py` for how they combine).

Each table is a list of generic phrasings, none taken from labeled meetings.
"""

from __future__ import annotations

import re

from .lexicon import rx

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
