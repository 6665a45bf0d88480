#!/usr/bin/env python3
"""Write body.json: a deterministic, realistic 2048-byte TagPulse analysis result.

Run once; the output is committed. Re-running must produce the identical file.
"""
import json
import pathlib
import random

TARGET = 2048
rng = random.Random(20251129)  # fixed seed: deterministic output

terms = ["latency", "checkout", "refund", "outage", "pricing", "login", "mobile",
         "shipping", "support", "upgrade", "invoice", "search"]
doc = {
    "request_id": "a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f607",
    "tag": "product-feedback",
    "window": {"from": "2025-11-28T00:00:00Z", "to": "2025-11-29T00:00:00Z", "bucket": "1h"},
    "engine": {"version": "0.4.2", "model": "tagpulse-lexicon-v3", "took_ms": 184},
    "cache": {"key": "tp:v1:product-feedback:2025-11-28:1h", "ttl_s": 300},
    "summary": {"documents": 12873, "unique_authors": 4311, "languages": {"en": 0.81, "de": 0.09, "fr": 0.06, "other": 0.04},
                "sentiment": {"positive": 0.42, "neutral": 0.37, "negative": 0.21, "score": 0.213}},
    "top_terms": [],
    "anomalies": [
        {"term": "outage", "at": "2025-11-28T14:00:00Z", "zscore": 4.87, "direction": "up"},
        {"term": "refund", "at": "2025-11-28T15:00:00Z", "zscore": 3.12, "direction": "up"},
    ],
    "series": [],
}
for t in terms:
    doc["top_terms"].append({"term": t, "count": rng.randint(150, 2400),
                             "share": round(rng.uniform(0.01, 0.19), 4),
                             "sentiment": round(rng.uniform(-0.6, 0.6), 3),
                             "trend": rng.choice(["up", "down", "flat"])})
doc["top_terms"].sort(key=lambda x: -x["count"])
for h in range(24):
    doc["series"].append([h, rng.randint(300, 900)])
doc["notes"] = ""

def encode(d):
    return json.dumps(d, separators=(",", ":"), sort_keys=False).encode() + b"\n"

# Trim the hourly series until it fits, then pad with a deterministic note.
while len(encode(doc)) > TARGET:
    doc["series"].pop()
pad = TARGET - len(encode(doc))
filler = "computed from the hourly buckets above; scores are lexicon based. "
doc["notes"] = (filler * (pad // len(filler) + 1))[:pad]
out = encode(doc)
assert len(out) == TARGET, len(out)
json.loads(out)
path = pathlib.Path(__file__).resolve().parent.parent / "body.json"
path.write_bytes(out)
print(f"wrote {path} ({len(out)} bytes)")
