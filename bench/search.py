"""Search latency at 1k, 10k and 100k stored passages, and the options tried for the partner filter.

The store is filled directly (bench/searchdata.py: 50 partners, real-embedding-derived vectors).
Measured per size:

* raw Chroma: unfiltered top-40, and top-40 with `where={"partner_key": ...}` (the cost to beat);
* options for the partner filter, each checked for IDENTICAL ids in the same order as the filtered
  query: `ids=` with the partner's passage ids (what analyzer/search.py now does in a long-lived
  process), over-fetching unfiltered ids then post-filtering by meeting (falling back to the
  filtered query when too few survive), a client-side exact search over cached partner vectors,
  and (at the largest size) one collection per partner;
* end to end `analyzer.search.search()` (query embedding + hybrid exact terms + top-10 with a
  partner filter): the plain filtered path and the partner index, and whether their hits agree.

Filling 100k passages takes minutes; `--keep DIR` keeps (and reuses) the filled store.
"""

from __future__ import annotations

import os
import pickle
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import emit, fresh_home, parser, percentile

POOL_N = 40  # search() asks Chroma for max(k * 4, 40) candidates
QUERIES = 40
TARGET_P95_MS = 20.0


_CPU: list[float] = []  # CPU ms of the last _lat call: a contention-proof companion to wall time


def _lat(fn, cases) -> tuple[list[float], list]:
    out, times = [], []
    _CPU.clear()
    for case in cases:
        c0, t0 = time.process_time(), time.perf_counter()
        out.append(fn(*case))
        times.append((time.perf_counter() - t0) * 1000)
        _CPU.append((time.process_time() - c0) * 1000)
    return times, out


def run(sizes: list[int], keep: str | None = None, per_partner: bool = True) -> dict:
    if keep:
        os.environ["ANALYZER_HOME"] = keep
        from analyzer.settings import get_settings

        get_settings.cache_clear()
    else:
        fresh_home("bench-search-")
    import analyzer.search as search_mod
    import searchdata
    from analyzer.embedding import local_model
    from analyzer.settings import get_settings
    from analyzer.store import Store, partner_key
    from synth import sentences

    store = Store(get_settings())
    cache = Path(get_settings().home) / "pool.pkl"
    if cache.exists():
        texts, vectors = pickle.loads(cache.read_bytes())
    else:
        texts, vectors = searchdata.sentence_pool()
        cache.write_bytes(pickle.dumps((texts, vectors)))
    rng = np.random.default_rng(3)
    queries = sentences(QUERIES, seed=4242)
    qvecs = local_model().encode(queries)
    picks = rng.integers(0, 1 << 30, QUERIES)
    P, M = store.passages, store.meetings
    inc = ["documents", "metadatas", "distances"]
    rows, extra = [], {"sizes": {}}

    for size in sizes:
        fill_started = time.perf_counter()
        searchdata.fill(store, size, texts, vectors)
        fill_s = time.perf_counter() - fill_started
        res: dict[str, dict] = {}
        # Partners present at this size (meetings of 200 passages go to partners in turn).
        present = searchdata.PARTNERS[
            : max(1, min(len(searchdata.PARTNERS), size // searchdata.PASSAGES_PER_MEETING))
        ]
        partners = [present[i % len(present)] for i in picks]
        cases = list(zip(qvecs, partners))

        # The helpers below are only called within this iteration; defaults bind its values anyway.
        def record(name, times, outs=None, reference=None, *, res=res, size=size):
            entry = {
                "p50_ms": percentile(times, 50),
                "p95_ms": percentile(times, 95),
                "cpu_p50_ms": percentile(_CPU, 50) if _CPU else "",
            }
            if outs is not None and reference is not None:
                entry["identical"] = f"{sum(a == b for a, b in zip(outs, reference))}/{len(reference)}"
            res[name] = entry
            rows.append({"passages": size, "method": name, **entry, "identical": entry.get("identical", "")})

        def filtered(v, p):
            return P.query(
                query_embeddings=[v], n_results=POOL_N, where={"partner_key": partner_key(p)}, include=inc
            )["ids"][0]

        _lat(filtered, cases[:3])  # warm the HNSW index and SQLite pages
        t, _ = _lat(
            lambda v, p: P.query(query_embeddings=[v], n_results=POOL_N, include=inc)["ids"][0], cases
        )
        record("raw: unfiltered top-40", t)
        t, reference = _lat(filtered, cases)
        record("raw: where partner top-40", t)

        # Option A: ids= with the partner's (cached) passage ids.
        id_cache = {p: P.get(where={"partner_key": partner_key(p)}, include=[])["ids"] for p in set(partners)}

        def by_ids(v, p, id_cache=id_cache):
            return P.query(query_embeddings=[v], n_results=POOL_N, ids=id_cache[p], include=inc)["ids"][0]

        t, outs = _lat(by_ids, cases)
        record("A: ids= partner ids (warm cache)", t, outs, reference)

        # Option B: over-fetch unfiltered ids only, keep the partner's meetings, fall back if too few.
        share = 1 / len(present)

        def overfetch(v, p, factor=2.0, share=share):
            meetings = set(M.get(where={"partner_key": partner_key(p)}, include=[])["ids"])
            n = min(P.count(), int(POOL_N / share * factor))
            got = P.query(query_embeddings=[v], n_results=n, include=["distances"])["ids"][0]
            keep = [i for i in got if i.split(":", 1)[0] in meetings][:POOL_N]
            if len(keep) < POOL_N:
                return filtered(v, p)
            P.get(ids=keep, include=["documents", "metadatas"])
            return keep

        t, outs = _lat(overfetch, cases)
        record("B: over-fetch 2x share, post-filter, fallback", t, outs, reference)

        # Option C: exact search in numpy over the partner's cached vectors.
        vec_cache = {}
        for p in set(partners):
            got = P.get(where={"partner_key": partner_key(p)}, include=["embeddings"])
            vec_cache[p] = (got["ids"], np.asarray(got["embeddings"], dtype=np.float32))

        def exact(v, p, vec_cache=vec_cache):
            ids, matrix = vec_cache[p]
            order = np.argsort(1 - matrix @ v, kind="stable")[:POOL_N]
            keep = [ids[i] for i in order]
            P.get(ids=keep, include=["documents", "metadatas"])
            return keep

        t, outs = _lat(exact, cases)
        record("C: numpy exact over cached partner vectors", t, outs, reference)

        # Option D: a collection per partner (only at the largest size: copying costs minutes).
        if per_partner and size == max(sizes):
            cols = {}
            for p in set(partners):
                got = P.get(
                    where={"partner_key": partner_key(p)}, include=["embeddings", "documents", "metadatas"]
                )
                col = store.client.get_or_create_collection(
                    "bench-pp-" + partner_key(p).replace(" ", "-"),
                    metadata={"hnsw:space": "cosine"},
                    embedding_function=None,
                )
                if col.count() != len(got["ids"]):
                    col.add(
                        ids=got["ids"],
                        embeddings=got["embeddings"],
                        documents=got["documents"],
                        metadatas=got["metadatas"],
                    )
                cols[p] = col

            def per_collection(v, p, cols=cols):
                return cols[p].query(query_embeddings=[v], n_results=POOL_N, include=inc)["ids"][0]

            t, outs = _lat(per_collection, cases)
            record("D: collection per partner", t, outs, reference)

        # End to end: search() with query embedding, exact terms and the committed check.
        def e2e(query, p):
            return [h.chunk_id for h in search_mod.search(store, query, k=10, partner=p)]

        text_cases = list(zip(queries, partners))
        search_mod.USE_PARTNER_INDEX = False
        e2e(*text_cases[0])
        t, plain_hits = _lat(e2e, text_cases)
        record("search(): filtered query (before)", t)
        search_mod.USE_PARTNER_INDEX = True
        search_mod.PARTNER_INDEX.clear()
        for case in text_cases:  # first and second search per partner: fills the index (one-off cost)
            e2e(*case)
            e2e(*case)
        t, fast_hits = _lat(e2e, text_cases)
        record("search(): partner index, warm (after)", t, fast_hits, plain_hits)
        search_mod.PARTNER_INDEX.clear()
        t0 = time.perf_counter()
        e2e(*text_cases[0])
        cold = [(time.perf_counter() - t0) * 1000]
        t0 = time.perf_counter()
        e2e(*text_cases[0])
        cold.append((time.perf_counter() - t0) * 1000)
        extra["sizes"][size] = {
            "fill_s": round(fill_s, 1),
            **res,
            "first_and_second_search_ms": [round(c, 1) for c in cold],
        }
    return {"rows": rows, **extra}


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,10000,100000")
    p.add_argument("--keep", help="reuse/keep the filled store in this directory")
    p.add_argument("--no-per-partner", action="store_true")
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    result = run(sizes, args.keep, not args.no_per_partner)
    extra = {k: v for k, v in result.items() if k != "rows"}
    extra["target"] = f"search() p95 <= {TARGET_P95_MS} ms at 100k"
    extra["load_average"] = os.getloadavg()
    emit(args, "search latency (ms) and partner-filter options", result["rows"], extra)


if __name__ == "__main__":
    main()
