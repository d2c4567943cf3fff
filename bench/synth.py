"""Synthetic meetings of any size, built from the project's own examples (nothing is downloaded).

Utterances of examples/* are parsed with the analyzer's own ingest, then drawn in shuffled runs
with the topic words renamed (products, places and numbers swapped for seeded alternatives), so a
10,000-word meeting is not just one example repeated verbatim: the embedding model, the chunker and
the caches all see distinct text. Output is the `.txt` "Name: text" format the analyzer parses.

    python bench/synth.py --words 10000 --seed 1 > /tmp/m.txt
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EXAMPLES = ROOT / "examples"
# Topic words swapped per run so repeated utterances differ. Common business nouns that occur in the
# examples; the replacements are same-shaped so the sentences stay grammatical.
TOPICS = {
    "penalty": ["surcharge", "rebate", "fee", "bonus"],
    "warehouse": ["depot", "plant", "hub", "facility"],
    "container": ["shipment", "pallet", "consignment", "crate"],
    "schedule": ["plan", "roster", "timeline", "calendar"],
    "agreement": ["contract", "deal", "framework", "memorandum"],
    "price": ["rate", "tariff", "quote", "fee"],
    "samples": ["prototypes", "specimens", "units", "batches"],
    "forecast": ["projection", "estimate", "outlook", "budget"],
    "invoice": ["statement", "bill", "receipt", "credit note"],
    "launch": ["rollout", "release", "go-live", "opening"],
}
NAMES = [
    "Amara Okafor",
    "Bruno Meyer",
    "Chen Wei",
    "Dana Whitfield",
    "Elif Yilmaz",
    "Farah Haddad",
    "Goro Tanaka",
    "Hana Kim",
    "Ivan Petrov",
    "Julia Santos",
    "Kofi Mensah",
    "Lena Fischer",
    "Mateo Rossi",
    "Nadia Rahman",
]
_WORD = re.compile(r"\b(" + "|".join(TOPICS) + r")\b", re.IGNORECASE)
_NUMBER = re.compile(r"\b\d{2,}\b")


@lru_cache(maxsize=1)
def example_utterances() -> list[tuple[str, str]]:
    """(speaker, text) of every utterance in examples/* that has both."""
    from analyzer.ingest import load_path

    out: list[tuple[str, str]] = []
    for path in sorted(EXAMPLES.iterdir()):
        if path.name == "README.md" or path.is_dir():
            continue
        transcript = load_path(path)
        for utt in transcript.utterances:
            text = " ".join(utt.text.split())
            if utt.speaker and len(text.split()) >= 3:
                out.append((utt.speaker, text))
    return out


def _rename(text: str, rng: random.Random) -> str:
    def topic(match: re.Match[str]) -> str:
        word = rng.choice(TOPICS[match.group(1).lower()])
        return word.capitalize() if match.group(1)[0].isupper() else word

    text = _WORD.sub(topic, text)
    # Numbers (PO numbers, prices, days) get fresh values so exact-term search has distinct targets.
    return _NUMBER.sub(lambda m: str(rng.randint(10 ** (len(m.group()) - 1), 10 ** len(m.group()) - 1)), text)


def utterances(words: int, seed: int = 0) -> list[tuple[str, str]]:
    """About `words` words of (speaker, text) turns: shuffled runs of example utterances, renamed."""
    rng = random.Random(seed)
    pool = example_utterances()
    cast = rng.sample(NAMES, 4)
    speakers: dict[str, str] = {}
    out: list[tuple[str, str]] = []
    count = 0
    while count < words:
        # Runs of consecutive utterances keep local conversational structure (request → reply).
        start = rng.randrange(len(pool))
        for speaker, text in pool[start : start + rng.randint(3, 12)]:
            name = speakers.setdefault(speaker, cast[len(speakers) % len(cast)])
            line = _rename(text, rng)
            out.append((name, line))
            count += len(line.split()) + len(name.split())  # the analyzer counts speaker labels too
            if count >= words:
                break
    return out


def meeting_text(words: int, seed: int = 0, title: str = "Synthetic supply review") -> str:
    """A `.txt` meeting of about `words` words, with a title and date header."""
    lines = [f"{title} (seed {seed})", "Date: 2026-03-10", ""]
    lines += [f"{speaker}: {text}" for speaker, text in utterances(words, seed)]
    return "\n".join(lines) + "\n"


def sentences(n: int, seed: int = 0) -> list[str]:
    """`n` distinct-ish sentences (utterance texts, renamed), for embedding and search benchmarks."""
    rng = random.Random(seed)
    pool = example_utterances()
    return [_rename(pool[rng.randrange(len(pool))][1], rng) for _ in range(n)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sys.stdout.write(meeting_text(args.words, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
