-- wrk script for the cache-hit benchmark: every request carries the bench key, and with BENCH_GZIP=1 also
-- Accept-Encoding: gzip. Nothing is done per response (a response() callback would slow wrk down).
--   TAGPULSE_BENCH_KEY=... [BENCH_GZIP=1] wrk -s bench/cache-hit/scripts/auth.lua ... URL
local key = os.getenv("TAGPULSE_BENCH_KEY")
if key == nil or key == "" then
    error("TAGPULSE_BENCH_KEY is not set")
end
wrk.headers["Authorization"] = "Bearer " .. key
if os.getenv("BENCH_GZIP") == "1" then
    wrk.headers["Accept-Encoding"] = "gzip"
end
