-- wrk script for the cache-hit benchmark: every request carries the bench key; BENCH_GZIP=1 adds
-- Accept-Encoding: gzip; BENCH_BODY (a JSON body) makes it a POST of that body with Content-Type: application/json
-- (the POST form, `POST /v1/analyze/hashtag`). Nothing is done per response (a response() callback would slow wrk
-- down). BENCH_PAUSE_MS=n makes each connection wait n ms before each request (wrk's delay()): a load below
-- saturation, offered alike to every server. wrk's timers have millisecond ticks, so the connections' pauses end
-- together: the load comes as bursts of up to one request per connection.
--   TAGPULSE_BENCH_KEY=... [BENCH_GZIP=1] [BENCH_BODY='{...}'] [BENCH_PAUSE_MS=n] wrk -s bench/cache-hit/scripts/auth.lua ... URL
local key = os.getenv("TAGPULSE_BENCH_KEY")
if key == nil or key == "" then
    error("TAGPULSE_BENCH_KEY is not set")
end
wrk.headers["Authorization"] = "Bearer " .. key
if os.getenv("BENCH_GZIP") == "1" then
    wrk.headers["Accept-Encoding"] = "gzip"
end
local body = os.getenv("BENCH_BODY")
if body ~= nil and body ~= "" then
    wrk.method = "POST"
    wrk.body = body
    wrk.headers["Content-Type"] = "application/json"
end
local pause = tonumber(os.getenv("BENCH_PAUSE_MS") or "")
if pause ~= nil and pause > 0 then
    function delay()
        return pause
    end
end
