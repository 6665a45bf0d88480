-- TagPulse rate limiting, leased mode: takes a slice of a subject's GCRA allowance for one gateway instance, which
-- then admits that many requests from memory (see docs/decisions/0003-hot-cache-and-leases.md).
--
-- The slice is charged exactly as that many requests would be (gcra.lua's arithmetic), so what every instance holds
-- plus what was admitted never exceeds what exact mode admits: leasing can only admit fewer, never more. Unused
-- units of an earlier slice are given back first, in the same call.
--
-- KEYS[i]      the TAT key of policy i (the same keys as gcra.lua)
-- ARGV[1]      "now" in microseconds, or "" to use the server's TIME
-- ARGV[2]      want: units asked for (>= 0; 0 only gives back)
-- ARGV[3]      returned: unused units of this instance's previous slice (>= 0)
-- ARGV[4+3k]   limit, ARGV[5+3k] period in milliseconds, ARGV[6+3k] burst of policy k+1
--
-- Returns { granted, now_us (string), { remaining, reset_ms, retry_after_ms } per policy }: granted is the largest
-- number <= want that every policy admits now (0 when one is exhausted; nothing is then charged), remaining what
-- is left after the grant, retry_after_ms the wait until one unit fits (0 when something was granted).

local now
if ARGV[1] ~= nil and ARGV[1] ~= "" then
  now = tonumber(ARGV[1])
else
  local t = redis.call("TIME")
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local want = tonumber(ARGV[2])
local returned = tonumber(ARGV[3])

local function whole(x)
  return math.floor(x + 1e-6)
end
local function ms_up(us)
  return math.ceil(us / 1000 - 1e-6)
end

local tats = {}
local intervals = {}
local capacities = {}
local granted = want

for i = 1, #KEYS do
  local base = 4 + (i - 1) * 3
  local limit = tonumber(ARGV[base])
  local period = tonumber(ARGV[base + 1]) * 1000
  local burst = tonumber(ARGV[base + 2])
  local interval = period / limit
  local capacity = interval * burst

  local tat = tonumber(redis.call("GET", KEYS[i]))
  if tat == nil or tat < now then
    tat = now
  end
  if returned > 0 then
    tat = tat - interval * returned
    if tat < now then
      tat = now
    end
  end
  local fit = whole((now + capacity - tat) / interval)
  if fit < 0 then
    fit = 0
  end
  if fit < granted then
    granted = fit
  end
  tats[i] = tat
  intervals[i] = interval
  capacities[i] = capacity
end

local reply = { granted, string.format("%.0f", now) }
for i = 1, #KEYS do
  local tat = tats[i] + intervals[i] * granted
  if granted > 0 or returned > 0 then
    local ttl = ms_up(tat - now)
    if ttl > 0 then
      redis.call("SET", KEYS[i], string.format("%.0f", math.floor(tat + 0.5)), "PX", ttl + 1000)
    else
      redis.call("DEL", KEYS[i])
    end
  end
  local remaining = whole((now + capacities[i] - tat) / intervals[i])
  if remaining < 0 then
    remaining = 0
  end
  local retry = 0
  if granted == 0 then
    retry = ms_up(tat + intervals[i] - capacities[i] - now)
    if retry < 0 then
      retry = 0
    end
  end
  reply[#reply + 1] = { remaining, ms_up(tat - now), retry }
end
return reply
