-- TagPulse rate limiting: several requests of one subject at once (the hit path's concurrent requests of one
-- client, gathered by an event loop during one tick; see docs/decisions/0005-coalesced-charges.md).
--
-- Exactly as if gcra.lua were called once per request, one after the other, at the same instant: request j is
-- admitted when every policy admits it after requests 1..j-1 were charged; the first refused request leaves the
-- state unchanged, so every later one is refused too. What is admitted is charged; nothing else is.
--
-- KEYS[i]      the TAT key of policy i (the same keys as gcra.lua)
-- ARGV[1]      "now" in microseconds, or "" to use the server's TIME
-- ARGV[2]      n: the number of requests (>= 1), each of cost 1
-- ARGV[3+3k]   limit, ARGV[4+3k] period in milliseconds, ARGV[5+3k] burst of policy k+1
--
-- Returns { admitted (0..n), now_us (string), stored TAT of policy 1 before (string, "" when none), ... }: the
-- caller replays the n decisions from these with gcra.lua's arithmetic (GCRA.swift) for each request's headers.

local now
if ARGV[1] ~= nil and ARGV[1] ~= "" then
  now = tonumber(ARGV[1])
else
  local t = redis.call("TIME")
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local n = tonumber(ARGV[2])

local count = #KEYS
local intervals = {}
local capacities = {}
local stored = {}
local tats = {}
for i = 1, count do
  local base = 3 + (i - 1) * 3
  local interval = tonumber(ARGV[base + 1]) * 1000 / tonumber(ARGV[base])
  intervals[i] = interval
  capacities[i] = interval * tonumber(ARGV[base + 2])
  local raw = redis.call("GET", KEYS[i])
  stored[i] = raw or ""
  local tat = tonumber(raw)
  if tat == nil or tat < now then
    tat = now
  end
  tats[i] = tat
end

local admitted = 0
while admitted < n do
  local fits = true
  for i = 1, count do
    if tats[i] + intervals[i] - capacities[i] > now + 1e-6 then
      fits = false
      break
    end
  end
  if not fits then
    break
  end
  for i = 1, count do
    -- Whole microseconds, halves rounded up: what gcra.lua stores between two calls.
    tats[i] = math.floor(tats[i] + intervals[i] + 0.5)
  end
  admitted = admitted + 1
end

if admitted > 0 then
  for i = 1, count do
    local ttl = math.ceil((tats[i] - now) / 1000 - 1e-6)
    if ttl > 0 then
      redis.call("SET", KEYS[i], string.format("%.0f", tats[i]), "PX", ttl + 1000)
    else
      redis.call("DEL", KEYS[i])
    end
  end
end

local reply = { admitted, string.format("%.0f", now) }
for i = 1, count do
  reply[#reply + 1] = stored[i]
end
return reply
