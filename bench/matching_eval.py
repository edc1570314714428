"""The matching engine on its evaluation set (renkei/matching/evaluation/*.json), against plain BM25.

    .venv/bin/python bench/matching_eval.py

Prints recall@5 over the marked (need, offer) pairs and the mean reciprocal rank of each need's
first right offer, for the engine and for BM25 over the same tokens without themes, regions or
sizes; then, per language of the need, the engine's recall@5.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "renkei-bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renkei.settings")


def main() -> None:
    import django

    django.setup()
    from renkei.matching import evaluation

    needs, offers = evaluation.load()
    print(f"evaluation set: {len(needs)} needs, {len(offers)} offers, {sum(len(n['matches']) for n in needs)} pairs")
    print(f"{'ranker':<8} {'recall@5':>9} {'MRR':>7}")
    for name, ranker in (("engine", evaluation.engine_ranker(offers)), ("bm25", evaluation.bm25_ranker(offers))):
        figures = evaluation.measure(ranker, needs)
        print(f"{name:<8} {figures['recall@5']:9.3f} {figures['mrr']:7.3f}")
    engine = evaluation.engine_ranker(offers)
    for lang in ("ja", "en"):
        subset = [n for n in needs if n["lang"] == lang]
        figures = evaluation.measure(engine, subset)
        print(f"engine, {lang} needs ({len(subset)}): recall@5 {figures['recall@5']:.3f}, MRR {figures['mrr']:.3f}")


if __name__ == "__main__":
    main()
