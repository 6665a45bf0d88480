#!/usr/bin/env python3
"""Fake RapidAPI TikTok scraper + OpenAI Chat Completions upstream for the engine benchmark (stdlib only).

Serves, on a loopback port, after a configurable delay per call:

  GET  /challenge/{name}/feed?max_cursor=C   hashtag feed pages (``videos_per_feed_page`` videos, ``max_videos``)
  GET  /comments/{aweme_id}?max_cursor=N     comment pages, 20 top-level comments each (some carry one inline reply)
  POST /v1/chat/completions                  structured-output answers for the comment ids of the <comments> block

in the real JSON formats. Every call is counted; calls whose credentials are not the expected ones are counted
as ``bad_auth`` and answered 401/403 as the real services would. Control endpoints (not upstream paths):

  GET  /__stats    counters (per route, bad headers, max calls in flight, server-side delay) as JSON
  POST /__config   {"delay_ms": N} changes the delay for the following calls; {"reset_max_in_flight": true}

Run: python3 fake_upstreams.py --port-file FILE [--delay-ms 100] [--lifetime-s 1800]
"""

import argparse
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EXPECTED_RAPIDAPI_KEY = "bench-key-0123456789"
EXPECTED_OPENAI_KEY = "sk-bench-0123456789abcdefghij"
COMMENTS_PER_PAGE = 20

# Realistic comment texts: opinions, questions, purchase talk, comparisons, off-topic chatter, and a little of
# what the engine's cleaner drops (spam, emoji only, generic engagement).
OPINION_POS = [
    "honestly this is the best one I've tried, the quality is way better than I expected",
    "I love how easy it is to clean, no regrets at all",
    "been using it for three months and it still works perfectly",
    "the battery life on this thing is insane, lasts me the whole week",
    "worth every penny tbh, my sister has one too and loves it",
    "the colour is even prettier in person",
    "this changed my morning routine completely, so good",
    "ok the texture is amazing, super smooth and not sticky",
]
OPINION_NEG = [
    "way too expensive for what it is, mine broke after two weeks",
    "the lid cracked the first time I used it, not impressed",
    "customer service never answered my emails, avoid",
    "it's fine but definitely overhyped, the cheaper one works the same",
    "mine arrived scratched and the refund took forever",
    "smells weird and gave me a rash, returning it",
    "$90 for plastic?? no thanks",
]
QUESTIONS = [
    "how much was it? the link shows a different price",
    "does it come in a bigger size?",
    "where did you get it from? can't find it anywhere",
    "is it dishwasher safe?",
    "does this work on sensitive skin?",
    "which one is better, this or the one from last week's video?",
    "does it ship to Canada?",
    "is there a discount code?",
]
PURCHASE = [
    "just ordered two, take my money",
    "adding this to my cart right now",
    "bought it yesterday because of this video lol",
    "I need this so bad, saving up for it",
    "maybe when it goes on sale again",
    "already have it in my wishlist for my birthday",
    "ordered one for my mom too",
]
OFF_TOPIC = [
    "what song is this??",
    "your kitchen is so pretty",
    "the cat in the background 😭",
    "watching this at 3am instead of sleeping",
    "lol the ending",
]
DROPPED = [
    "link in bio for a free gift card!!",
    "😍😍😍",
    "first!",
    "follow me pls",
    "🔥🔥",
]
KINDS = (
    [(t, "positive", "product quality", "low") for t in OPINION_POS]
    + [(t, "negative", "price and quality", "none") for t in OPINION_NEG]
    + [(t, "neutral", "product questions", "medium") for t in QUESTIONS]
    + [(t, "positive", "purchase", "high") for t in PURCHASE]
    + [(t, "neutral", "off topic", "none") for t in OFF_TOPIC]
)
NICKNAMES = ["maya", "jordan", "li.wei", "sofia_r", "ahmed", "chloe", "marco88", "nina", "dev", "ana.paula"]


def comment_text(rng):
    """About 10 % dropped-by-cleaning texts, the rest a mix of opinions, questions, purchase talk and chatter."""
    if rng.random() < 0.10:
        return rng.choice(DROPPED)
    text, *_ = rng.choice(KINDS)
    return text


def classify(text):
    """What the fake 'model' says about a comment (None: not relevant, skipped like a real model would)."""
    for t, sentiment, theme, intent in KINDS:
        if t == text:
            return None if theme == "off topic" else (sentiment, theme, intent)
    lowered = text.lower()
    if any(w in lowered for w in ("love", "best", "amazing", "bought", "ordered")):
        return ("positive", "product", "medium")
    if any(w in lowered for w in ("expensive", "broke", "bad", "refund")):
        return ("negative", "product", "none")
    return None


class State:
    def __init__(self, delay_ms, max_videos, videos_per_feed_page, comments_per_video):
        self.lock = threading.Lock()
        self.delay_ms = delay_ms
        self.max_videos = max_videos
        self.videos_per_feed_page = videos_per_feed_page
        self.comments_per_video = comments_per_video
        self.counts = {"feed": 0, "comments": 0, "chat": 0, "other": 0, "bad_auth": 0, "bad_host_header": 0}
        self.in_flight = 0
        self.max_in_flight = 0
        self.chat_comment_ids = 0

    def count(self, key, n=1):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + n

    def enter(self):
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self):
        with self.lock:
            self.in_flight -= 1

    def snapshot(self):
        with self.lock:
            return {
                "counts": dict(self.counts),
                "max_in_flight": self.max_in_flight,
                "delay_ms": self.delay_ms,
                "chat_comment_ids": self.chat_comment_ids,
            }


def video_id(name, index):
    """A stable 19-digit aweme id per (hashtag, index)."""
    seed = sum((i + 1) * ord(c) for i, c in enumerate(name)) % 100_000
    return str(7_300_000_000_000_000_000 + seed * 100_000_000 + index)


def feed_page(state, name, cursor):
    start = int(cursor) if cursor and cursor.isdigit() else 0
    end = min(start + state.videos_per_feed_page, state.max_videos)
    videos = []
    for index in range(start, end):
        vid = video_id(name, index)
        rng = random.Random(vid)
        creator = rng.choice(NICKNAMES)
        plays = rng.randint(5_000, 2_000_000)
        videos.append(
            {
                "aweme_id": vid,
                "desc": f"honest review of the viral {name} find, is it worth the price? #{name} #fyp #review",
                "create_time": 1_759_276_800 + index * 3_600,
                "region": "US",
                "author": {"uid": str(10_000 + index), "nickname": creator.title(), "unique_id": creator},
                "statistics": {
                    "digg_count": plays // rng.randint(8, 30),
                    "comment_count": state.comments_per_video,
                    "play_count": plays,
                    "share_count": rng.randint(0, 5_000),
                    "collect_count": rng.randint(0, 9_000),
                },
                "share_url": f"https://www.tiktok.com/@{creator}/video/{vid}",
                "cha_list": [{"cha_name": name}, {"cha_name": "fyp"}],
                "video": {"duration": rng.randint(8, 90)},
                "is_ads": False,
            }
        )
    more = end < state.max_videos
    return {"status": "ok", "data": {"aweme_list": videos, "has_more": 1 if more else 0, "cursor": str(end if more else 0)}}


def comments_page(state, aweme_id, cursor):
    start = int(cursor) if cursor and cursor.isdigit() else 0
    end = min(start + COMMENTS_PER_PAGE, state.comments_per_video)
    comments = []
    for index in range(start, end):
        cid = f"{aweme_id[-13:]}{index:06d}"
        rng = random.Random(cid)
        reply = None
        if index % 10 == 3:  # one top-level comment in ten carries an inline reply, as the real API does
            rid = f"{cid}9"
            reply = [
                {
                    "cid": rid,
                    "text": rng.choice(["same question!", "I got mine on the official site, it was on sale", "agree 100%"]),
                    "create_time": 1_759_290_000 + index,
                    "digg_count": rng.randint(0, 50),
                    "user": {"uid": f"r{index}", "nickname": rng.choice(NICKNAMES)},
                    "reply_id": cid,
                    "reply_to_reply_id": "0",
                    "reply_comment": None,
                }
            ]
        comments.append(
            {
                "cid": cid,
                "text": comment_text(rng),
                "create_time": 1_759_280_000 + index * 60,
                "digg_count": rng.randint(0, 3_000),
                "user": {"uid": f"u{index}", "nickname": rng.choice(NICKNAMES)},
                "reply_id": "0",
                "reply_to_reply_id": "0",
                "reply_comment": reply,
            }
        )
    more = end < state.comments_per_video
    return {"status": "ok", "data": {"comments": comments, "has_more": more, "cursor": end}}


COMMENTS_BLOCK = re.compile(r"<comments>\n(.*?)\n</comments>", re.S)


def chat_answer(state, body):
    user = next((m.get("content", "") for m in body.get("messages", []) if m.get("role") == "user"), "")
    analyses = []
    match = COMMENTS_BLOCK.search(user)
    ids = 0
    if match:
        for line in match.group(1).split("\n"):
            line = line.strip()
            if not line:
                continue
            comment = json.loads(line)
            ids += 1
            verdict = classify(comment.get("text", ""))
            if verdict is None:
                continue
            sentiment, theme, intent = verdict
            analyses.append(
                {
                    "source_id": str(comment["id"]),
                    "quote": comment.get("text", "")[:200],
                    "sentiment": sentiment,
                    "theme": theme,
                    "purchase_intent": intent,
                    "confidence": 0.8,
                }
            )
    with state.lock:
        state.chat_comment_ids += ids
    content = json.dumps({"analyses": analyses}, ensure_ascii=False)
    return {
        "id": f"chatcmpl-bench{int(time.time() * 1000)}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "gpt-4.1-mini"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": len(user) // 4, "completion_tokens": len(content) // 4, "total_tokens": (len(user) + len(content)) // 4},
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-upstream/1"
    # Headers and body leave in one segment, with Nagle off: otherwise the body waits for the client's delayed
    # ACK of the headers (≈ 40 ms per call on Linux loopback), which would be the fake's latency, not the delay.
    disable_nagle_algorithm = True
    wbufsize = 1 << 16

    def log_message(self, *args):  # quiet
        pass

    @property
    def state(self):
        return self.server.state

    def send_json(self, status, obj):
        data = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def delay(self):
        time.sleep(self.state.delay_ms / 1000.0)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        parts = [urllib.parse.unquote(p) for p in url.path.split("/") if p]
        if url.path == "/__stats":
            return self.send_json(200, self.state.snapshot())
        self.state.enter()
        try:
            self.delay()
            if len(parts) == 3 and parts[0] == "challenge" and parts[2] == "feed":
                route = "feed"
            elif len(parts) == 2 and parts[0] == "comments":
                route = "comments"
            else:
                self.state.count("other")
                return self.send_json(404, {"message": "Endpoint '" + url.path + "' does not exist"})
            self.state.count(route)
            if self.headers.get("x-rapidapi-key") != EXPECTED_RAPIDAPI_KEY:
                self.state.count("bad_auth")
                return self.send_json(403, {"message": "You are not subscribed to this API."})
            if not self.headers.get("x-rapidapi-host"):
                self.state.count("bad_host_header")
            cursor = (query.get("max_cursor") or [None])[0]
            if route == "feed":
                return self.send_json(200, feed_page(self.state, parts[1], cursor))
            if not parts[1].isdigit():
                return self.send_json(400, {"message": "bad aweme_id"})
            return self.send_json(200, comments_page(self.state, parts[1], cursor))
        finally:
            self.state.leave()

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        raw = self.read_body()
        if url.path == "/__config":
            config = json.loads(raw or b"{}")
            with self.state.lock:
                if "delay_ms" in config:
                    self.state.delay_ms = float(config["delay_ms"])
                if config.get("reset_max_in_flight"):
                    self.state.max_in_flight = self.state.in_flight
            return self.send_json(200, self.state.snapshot())
        self.state.enter()
        try:
            self.delay()
            if url.path != "/v1/chat/completions":
                self.state.count("other")
                return self.send_json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
            self.state.count("chat")
            if self.headers.get("Authorization") != f"Bearer {EXPECTED_OPENAI_KEY}":
                self.state.count("bad_auth")
                return self.send_json(
                    401, {"error": {"message": "Incorrect API key provided.", "type": "invalid_request_error", "code": "invalid_api_key"}}
                )
            try:
                body = json.loads(raw)
                assert body["response_format"]["type"] == "json_schema"
            except Exception:
                return self.send_json(400, {"error": {"message": "bad request body", "type": "invalid_request_error"}})
            return self.send_json(200, chat_answer(self.state, body))
        finally:
            self.state.leave()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port-file", required=True, help="the chosen port is written here once listening")
    parser.add_argument("--delay-ms", type=float, default=100.0)
    parser.add_argument("--max-videos", type=int, default=60, help="videos in every hashtag's feed")
    parser.add_argument("--videos-per-feed-page", type=int, default=10)
    parser.add_argument("--comments-per-video", type=int, default=300, help="top-level comments per video")
    parser.add_argument("--lifetime-s", type=float, default=1800.0, help="the server stops by itself after this")
    args = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 128
    server.state = State(args.delay_ms, args.max_videos, args.videos_per_feed_page, args.comments_per_video)
    port = server.server_address[1]
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(port))
    os.replace(tmp, args.port_file)
    print(f"fake upstreams on http://127.0.0.1:{port} (delay {args.delay_ms} ms)", file=sys.stderr, flush=True)
    stopper = threading.Timer(args.lifetime_s, server.shutdown)
    stopper.daemon = True
    stopper.start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
