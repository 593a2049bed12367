"""Recompute a 双随机 draw from its published record (the JSON on its public page) with Python 3 alone.

    python3 verify_draw.py draw-12.json

Prints 一致 when the published result is what the algorithm gives, else the first difference (and exits 1). It
follows the algorithm's text on the page step by step and imports nothing of the portal: anyone may run it."""

import hashlib
import hmac
import json
import math
import sys
from fractions import Fraction


def recompute(record):
    seed = record["seed"].encode()

    def key(message):
        return hmac.new(seed, message.encode(), hashlib.sha256).hexdigest()

    if hashlib.sha256(seed).hexdigest() != record["seed_sha256"]:
        return "种子的 SHA-256 与事先公布的摘要不符"
    pool = record["pool"]
    if record["count"] is not None:
        size = min(record["count"], len(pool))
    else:
        size = min(len(pool), math.ceil(Fraction(record["ratio_percent"]) * len(pool) / 100))
    used = set()
    drawn = []
    for code in sorted(pool, key=lambda c: (key(c), c))[:size]:
        candidates = sorted(
            (o["certificate"] for o in record["roster"] if code not in o["conflicts"]),
            key=lambda cert: (key("officer:" + code + ":" + cert), cert),
        )
        pairs = [(a, b) for i, a in enumerate(candidates) for b in candidates[i + 1 :]]
        pair = next((p for p in pairs if frozenset(p) not in used), pairs[0] if pairs else ())
        if pair:
            used.add(frozenset(pair))
        drawn.append({"credit_code": code, "officers": list(pair)})
    for position, (want, got) in enumerate(zip(drawn, record["drawn"], strict=False), start=1):
        if want != got:
            return f"第 {position} 家：应为 {want}，公布为 {got}"
    if len(drawn) != len(record["drawn"]):
        return f"抽中家数：应为 {len(drawn)}，公布为 {len(record['drawn'])}"
    return None


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as file:
        difference = recompute(json.load(file))
    print(difference or "一致")
    sys.exit(1 if difference else 0)
