"""LLM backend against the local test server (tests/llm_server.py): token ratio, concurrency, re-analysis.

* input tokens sent ÷ transcript tokens, counted by the server with tiktoken (o200k_base) over
  every message (system prompt with all four kinds' definitions + the fenced excerpt), at the
  default chunk settings and a sweep of chunk sizes / overlaps;
* wall time of a 20-chunk meeting when each call takes 1 s, at several ANALYZER_CONCURRENCY limits;
* re-analysis of the unchanged meeting: LLM calls made (want 0) and time vs the first run.

The server runs as a subprocess (`python tests/llm_server.py --port 0 --delay D`), like a real one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, emit, fresh_home, median, parser

TARGET_RATIO = 1.3
TARGET_WALL_S = 3.0


class Server:
    """tests/llm_server.py in a subprocess; `url` is its /v1 base."""

    def __init__(self, delay: float = 0.0) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "llm_server.py"), "--port", "0", "--delay", str(delay)],
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            self.proc.kill()
            raise RuntimeError(f"llm_server did not start: {line!r}")
        self.url = line.split("listening on ", 1)[1]
        self.root = self.url.rsplit("/v1", 1)[0]

    def stats(self) -> dict:
        with urllib.request.urlopen(self.root + "/_control/stats", timeout=10) as response:
            return json.load(response)

    def reset(self) -> None:
        urllib.request.urlopen(
            urllib.request.Request(self.root + "/_control/reset", data=b"", method="POST"), timeout=10
        )

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def _settings(**overrides):
    from analyzer.settings import Settings

    return Settings(max_retries=0, timeout=30, **overrides)


def _analyze(text: str, server: Server, **overrides):
    from analyzer.pipeline import analyze

    os.environ["OPENAI_BASE_URL"] = server.url
    os.environ["OPENAI_API_KEY"] = "sk-bench"
    server.reset()
    started = time.perf_counter()
    report = analyze(
        text, backend="openai:test-model", partner="Bench Partner", settings=_settings(**overrides)
    )
    return time.perf_counter() - started, report, server.stats()


def token_ratio(words_list: list[int]) -> list[dict]:
    from synth import meeting_text

    from analyzer.settings import Settings

    defaults = Settings()
    default = (defaults.chunk_tokens, defaults.chunk_overlap)
    rows = []
    with Server(0.0) as server:
        for words in words_list:
            configs = [default] + [
                c for c in [(4000, 200), (8000, 200), (8000, 0), (16000, 200)] if c != default
            ]
            for chunk, overlap in configs:
                fresh_home("bench-llm-ratio-")  # no extraction cache carried between configs
                _, report, stats = _analyze(
                    meeting_text(words, seed=31 + words), server, chunk_tokens=chunk, chunk_overlap=overlap
                )
                ratio = stats["input_tokens_total"] / report.stats.transcript_tokens
                rows.append(
                    {
                        "words": words,
                        "chunk_tokens": chunk,
                        "overlap": overlap,
                        "chunks": report.stats.chunks,
                        "calls": stats["chat_requests"],
                        "transcript_tokens": report.stats.transcript_tokens,
                        "sent_tokens": stats["input_tokens_total"],
                        "ratio": round(ratio, 3),
                        "default": (chunk, overlap) == default,
                        "ok": ratio <= TARGET_RATIO,
                    }
                )
    return rows


def prompt_overhead() -> dict:
    """Tokens of the rendered messages for an empty excerpt: the fixed cost paid per chunk."""
    import datetime as dt

    from analyzer.core.backend import ExtractionRequest, MeetingContext
    from analyzer.prompting import load_prompts, render_messages
    from analyzer.tokens import count_tokens

    context = MeetingContext(
        meeting_date=dt.date(2026, 3, 10),
        title="Bench",
        partner="Bench Partner",
        participants=["Dana Whitfield", "Sato Yuki"],
        aliases={},
    )
    request = ExtractionRequest(chunk_id="x", text="", offset=0, utterances=[], context=context)
    messages = render_messages(load_prompts(), request)
    per_role = {role: count_tokens(content) for role, content in messages}
    return {
        "system_tokens": per_role.get("system", 0),
        "user_frame_tokens": per_role.get("human", 0),
        "per_chunk_overhead": sum(per_role.values()),
    }


def twenty_chunk_meeting(chunk_tokens: int = 500, overlap: int = 50) -> str:
    """A synthetic meeting that splits into exactly 20 chunks at the given chunk settings."""
    from analyzer.chunking import chunk_transcript
    from analyzer.ingest import parse_text
    from synth import meeting_text

    words = 6000
    for _ in range(200):
        text = meeting_text(words, seed=77)
        count = len(chunk_transcript(parse_text(text), "m", chunk_tokens, overlap))
        if count == 20:
            return text
        words += 100 if count < 20 else -70
    raise RuntimeError("could not build a 20-chunk meeting")


def concurrency(limits: list[int], runs: int) -> tuple[list[dict], dict]:
    rows = []
    text = twenty_chunk_meeting()
    reanalysis = {}
    with Server(1.0) as server:
        for limit in limits:
            walls, chunks, peaks = [], [], []
            for run_index in range(runs):
                fresh_home("bench-llm-conc-")
                wall, report, stats = _analyze(
                    text, server, chunk_tokens=500, chunk_overlap=50, concurrency=limit
                )
                walls.append(wall)
                chunks.append(report.stats.chunks)
                peaks.append(stats["peak_in_flight"])
                if limit == 4 and run_index == 0:
                    # Same home, same text: every chunk must come from the extraction cache.
                    again, report2, stats2 = _analyze(
                        text, server, chunk_tokens=500, chunk_overlap=50, concurrency=limit
                    )
                    reanalysis = {
                        "first_s": round(wall, 3),
                        "second_s": round(again, 3),
                        "share_of_first": round(again / wall, 4),
                        "second_calls": stats2["chat_requests"],
                        "cached_chunks": report2.stats.cached_chunks,
                        "chunks": report2.stats.chunks,
                        "ok": stats2["chat_requests"] == 0 and again <= 0.1 * wall,
                    }
            rows.append(
                {
                    "concurrency": limit,
                    "chunks": median(chunks),
                    "peak_in_flight": max(peaks),
                    "wall_s": median(walls),
                    "target_s": TARGET_WALL_S,
                    "ok": median(walls) <= TARGET_WALL_S,
                }
            )
    return rows, reanalysis


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.set_defaults(runs=3)
    p.add_argument("--concurrency", default="1,4,8,10,20")
    args = p.parse_args()
    fresh_home("bench-llm-")
    overhead = prompt_overhead()
    ratios = token_ratio([1000, 10000])
    conc, reanalysis = concurrency([int(c) for c in args.concurrency.split(",")], args.runs)
    if args.json:
        print(
            json.dumps(
                {
                    "benchmark": "llm",
                    "prompt_overhead": overhead,
                    "token_ratio": ratios,
                    "concurrency": conc,
                    "reanalysis": reanalysis,
                },
                default=str,
            )
        )
        return
    emit(args, f"LLM input tokens ÷ transcript tokens (target ≤ {TARGET_RATIO})", ratios, overhead)
    emit(args, "20-chunk meeting, server answers each call after 1 s (chunk 500 tokens)", conc)
    emit(args, "re-analysis of the unchanged meeting (LLM backend)", [reanalysis])


if __name__ == "__main__":
    main()
