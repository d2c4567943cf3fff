"""Embedding throughput: ours (`local_model().encode`) vs chromadb's own ONNXMiniLM_L6_V2, same model files.

chromadb's function normally downloads its model into ~/.cache/chroma. Here it is pointed at a
temporary directory laid out the way it expects (`<dir>/onnx/model.onnx`, `tokenizer.json`, and
the four small files it only checks for), holding symlinks to the packaged int8 model and
tokenizer, so both sides run the identical network and nothing is downloaded. Inputs: short
utterance-sized sentences and passage-sized texts (~160 tokens, what the store embeds).
Tokens are wordpieces including [CLS]/[SEP] (what the model actually processes).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit, median, parser


def chroma_function():
    """chromadb's ONNXMiniLM_L6_V2 reading the packaged files from a temporary download path."""
    from chromadb.utils.embedding_functions import ONNXMiniLM_L6_V2

    from analyzer.resources import embedding_model_path, embedding_tokenizer_path

    base = Path(tempfile.mkdtemp(prefix="bench-chroma-onnx-"))
    folder = base / ONNXMiniLM_L6_V2.EXTRACTED_FOLDER_NAME
    folder.mkdir()
    (folder / "model.onnx").symlink_to(embedding_model_path())
    (folder / "tokenizer.json").symlink_to(embedding_tokenizer_path())
    for name in ("config.json", "special_tokens_map.json", "tokenizer_config.json", "vocab.txt"):
        (folder / name).write_text("{}\n" if name.endswith(".json") else "")  # presence-checked only
    function = ONNXMiniLM_L6_V2(preferred_providers=["CPUExecutionProvider"])
    function.DOWNLOAD_PATH = base  # instance attribute: its own class default stays untouched
    return function


def run(runs: int = 3, n_sentences: int = 256, n_passages: int = 48) -> dict:
    from analyzer.embedding import local_model
    from synth import sentences

    ours = local_model()
    theirs = chroma_function()
    short = sentences(n_sentences, seed=21)
    long = [" ".join(sentences(7, seed=1000 + i)) for i in range(n_passages)]  # ~160 tokens each
    ours.encode(short[:8])
    theirs(short[:8])
    rows, agreement = [], {}
    for label, texts in (("sentences", short), ("passages", long)):
        tokens = ours.count_wordpieces(texts)
        results = {}
        for name, fn in (("ours", lambda t: ours.encode(t)), ("chromadb", lambda t: np.asarray(theirs(t)))):
            walls, cpus = [], []
            for _ in range(runs):
                c0, t0 = time.process_time(), time.perf_counter()
                vectors = fn(texts)
                walls.append(time.perf_counter() - t0)
                cpus.append(time.process_time() - c0)
            results[name] = (median(walls), median(cpus), vectors)
            rows.append(
                {
                    "input": f"{len(texts)} {label}",
                    "impl": name,
                    "wall_s": median(walls),
                    "cpu_s": median(cpus),
                    "sentences_per_s": len(texts) / median(walls),
                    "tokens_per_s": tokens / median(walls),
                    "wordpieces": tokens,
                }
            )
        cos = np.sum(results["ours"][2] * results["chromadb"][2], axis=1)
        agreement[label] = {
            "min_cosine": float(cos.min()),
            "speedup_wall": results["chromadb"][0] / results["ours"][0],
            "speedup_cpu": results["chromadb"][1] / results["ours"][1],
        }
    return {"rows": rows, "ours_vs_chromadb": agreement, "load_average": os.getloadavg()}


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.set_defaults(runs=3)
    args = p.parse_args()
    result = run(args.runs)
    extra = {k: v for k, v in result.items() if k != "rows"}
    emit(args, "embedding throughput (same int8 model files)", result["rows"], extra)
    if not args.json:
        for label, a in result["ours_vs_chromadb"].items():
            print(
                f"{label}: ours is {a['speedup_wall']:.2f}x chromadb (wall), {a['speedup_cpu']:.2f}x (cpu); "
                f"min cosine between the two {a['min_cosine']:.5f}"
            )


if __name__ == "__main__":
    main()
