"""The matching evaluation set: needs and offers written for it, in Japanese and English, with
the right offers of each need marked; and its measures (recall@5, MRR) for the engine and for a
plain BM25 baseline."""

import json
import math
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from renkei.lib.japanese import tokenise
from renkei.matching import engine

HERE = Path(__file__).parent


def load() -> tuple[list[dict], list[dict]]:
    needs = json.loads((HERE / "needs.json").read_text(encoding="utf-8"))
    offers = json.loads((HERE / "offers.json").read_text(encoding="utf-8"))
    return needs, offers


def need_doc(need: dict) -> engine.Doc:
    return engine.Doc(
        "need",
        need["id"],
        f"{need['title']}\n{need['text']}",
        frozenset(need.get("themes", [])),
        frozenset([need["region"], f"p:{need['pref']}"]),
        need.get("scale", ""),
        organisation_id=f"org-{need['id']}",
    )


def offer_doc(offer: dict) -> engine.Doc:
    return engine.Doc(
        "offer",
        offer["id"],
        f"{offer['title']}\n{offer['text']}",
        frozenset(offer.get("themes", [])),
        frozenset(offer.get("regions", [])),
        offer.get("scale", ""),
        organisation_id=f"org-{offer['id']}",
    )


def engine_ranker(offers: list[dict]) -> Callable[[dict], list[str]]:
    taxonomy = engine.file_taxonomy()
    index = engine.MemoryIndex(taxonomy)
    for offer in offers:
        index.add(offer_doc(offer))
    return lambda need: [str(m.id) for m in engine.rank(need_doc(need), "offer", index, taxonomy, limit=10)]


def bm25_ranker(offers: list[dict]) -> Callable[[dict], list[str]]:
    """Plain BM25 (k1 1.2, b 0.75) over the search tokens of title and text: no themes, regions or sizes."""
    docs = {o["id"]: Counter(tokenise(f"{o['title']}\n{o['text']}")) for o in offers}
    average = sum(sum(c.values()) for c in docs.values()) / len(docs)
    df: Counter = Counter(term for c in docs.values() for term in c)
    n = len(docs)

    def rank(need: dict) -> list[str]:
        query = tokenise(f"{need['title']}\n{need['text']}")
        scores = {}
        for doc_id, counts in docs.items():
            length = sum(counts.values())
            score = 0.0
            for term in set(query):
                tf = counts.get(term, 0)
                if tf:
                    idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
                    score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / average))
            if score > 0:
                scores[doc_id] = score
        return [doc_id for doc_id, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))][:10]

    return rank


def measure(ranker: Callable[[dict], list[str]], needs: list[dict], k: int = 5) -> dict:
    """recall@k over all marked pairs, and the mean reciprocal rank of each need's first right offer."""
    found = pairs = 0
    reciprocal = 0.0
    for need in needs:
        ranked = ranker(need)
        right = set(need["matches"])
        pairs += len(right)
        found += len(right & set(ranked[:k]))
        first = next((i for i, doc_id in enumerate(ranked, 1) if doc_id in right), None)
        reciprocal += 1 / first if first else 0.0
    return {"needs": len(needs), "pairs": pairs, f"recall@{k}": found / pairs, "mrr": reciprocal / len(needs)}


def run() -> dict:
    needs, offers = load()
    return {"engine": measure(engine_ranker(offers), needs), "bm25": measure(bm25_ranker(offers), needs)}
