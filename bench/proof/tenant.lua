-- wrk script for the proof harness's normal tenant (R9): cache hits with its own key, alternately the GET form
-- (PROOF_HIT_PATH) and the POST form of the same analysis; at the end one line
-- `tenant statuses: {"2xx": n, "4xx": n, "5xx": n, "other": n}` (every thread's counts).
--   TAGPULSE_BENCH_KEY=... PROOF_HIT_PATH=... wrk -t1 -s bench/proof/tenant.lua --latency http://127.0.0.1:PORT
local key = os.getenv("TAGPULSE_BENCH_KEY")
local path = os.getenv("PROOF_HIT_PATH")
if key == nil or key == "" or path == nil or path == "" then
    error("TAGPULSE_BENCH_KEY and PROOF_HIT_PATH must be set")
end
local body = '{"hashtag":"skincare","max_posts":1,"max_comments_per_post":2,'
    .. '"ai_analysis_prompt":"What do people think about the price?"}'
local get = wrk.format("GET", path, { ["Authorization"] = "Bearer " .. key })
local post = wrk.format("POST", "/v1/analyze/hashtag",
    { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }, body)
local n = 0
ok, client, server, other = 0, 0, 0, 0

function request()
    n = n + 1
    if n % 2 == 0 then return post end
    return get
end

function response(status, headers, body)
    if status >= 200 and status < 300 then ok = ok + 1
    elseif status >= 500 then server = server + 1
    elseif status >= 400 then client = client + 1
    else other = other + 1 end
end

local threads = {}
function setup(thread) table.insert(threads, thread) end

function done(summary, latency, requests)
    local t = { ok = 0, client = 0, server = 0, other = 0 }
    for _, thread in ipairs(threads) do
        for name, _ in pairs(t) do t[name] = t[name] + (thread:get(name) or 0) end
    end
    io.write(string.format('tenant statuses: {"2xx": %d, "4xx": %d, "5xx": %d, "other": %d}\n', t.ok, t.client, t.server, t.other))
end
