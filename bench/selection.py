"""The token-saving pre-pass (analyzer/selection.py) on the labeled dev meetings: recall vs tokens kept.

Recall is the share of gold quotes lying fully inside a selected window; the token share is the
tokens of the selected windows (speaker labels included) over the tokens of the whole transcripts,
both pooled over eval/data/dev. Caveat: the offline extractor's rules were developed against these
dev meetings, so the scorers using it are optimistic here; the held-out test split is not read.
The curve is printed for several scorers and context sizes, so the trade-off is visible rather
than one tuned point. Only the dev split is read.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, emit, parser

SHARES = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
TARGET_RECALL = 0.98
TARGET_SHARE = 0.5


def run(dataset: Path = ROOT / "eval" / "data" / "dev") -> tuple[list[dict], dict]:
    from analyzer.evaluation import load_dataset
    from analyzer.ingest import parse_text
    from analyzer.core.backend import MeetingContext
    from analyzer.selection import covered, cue_scores, offline_scores, select, similarity_scores
    from analyzer.tokens import count_tokens

    meetings = []
    for labeled in load_dataset(dataset):
        transcript = parse_text(labeled.transcript)
        texts = [u.text for u in transcript.utterances]
        context = MeetingContext(
            meeting_date=labeled.date,
            title=labeled.title,
            partner=labeled.partner,
            participants=transcript.participants,
            aliases=transcript.aliases,
        )
        meetings.append(
            (
                transcript,
                [label.span for label in labeled.labels],
                cue_scores(texts),
                similarity_scores(texts),
                offline_scores(transcript, context),
                count_tokens(transcript.text),
            )
        )
    total_tokens = sum(m[5] for m in meetings)
    total_quotes = sum(len(m[1]) for m in meetings)
    scorers = {
        "cues": lambda cue, sim, off: cue,
        "embedding": lambda cue, sim, off: sim,
        "cues*0.05+embedding": lambda cue, sim, off: 0.05 * cue + sim,
        "offline+cues*0.05+embedding (default)": lambda cue, sim, off: off + 0.05 * cue + sim,
    }
    rows, best = [], {}
    for name, combine in scorers.items():
        for context in (0, 1):
            for share in SHARES:
                kept = found = 0
                for transcript, spans, cue, sim, off, _ in meetings:
                    windows = select(transcript, share=share, context=context, scores=combine(cue, sim, off))
                    kept += sum(count_tokens(transcript.text[w.start : w.end]) for w in windows)
                    found += sum(covered(windows, s, e) for s, e in spans)
                recall, token_share = found / total_quotes, kept / total_tokens
                rows.append(
                    {
                        "scorer": name,
                        "context": context,
                        "budget": share,
                        "token_share": round(token_share, 3),
                        "recall": round(recall, 3),
                        "meets_target": recall >= TARGET_RECALL and token_share <= TARGET_SHARE,
                    }
                )
                if token_share <= TARGET_SHARE and recall > best.get("recall", -1):
                    best = {
                        "scorer": name,
                        "context": context,
                        "budget": share,
                        "token_share": round(token_share, 3),
                        "recall": round(recall, 3),
                    }
    extra = {
        "meetings": len(meetings),
        "gold_quotes": total_quotes,
        "transcript_tokens": total_tokens,
        "best_recall_at_or_below_half_the_tokens": best,
        "target": f"recall >= {TARGET_RECALL} at <= {TARGET_SHARE:.0%} of tokens",
    }
    return rows, extra


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    args = p.parse_args()
    rows, extra = run()
    emit(args, "pre-pass selection: gold-quote recall vs token share (dev)", rows, extra)
    if not args.json:
        print("best at <= 50% tokens:", extra["best_recall_at_or_below_half_the_tokens"])


if __name__ == "__main__":
    main()
