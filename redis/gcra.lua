-- TagPulse rate limiting: GCRA (generic cell rate algorithm) over several policies at once.
--
-- Every policy of one decision is checked first; only when all of them allow the request are the new
-- theoretical arrival times (TATs) written. A denied request therefore consumes nothing, and a decision is
-- all-or-nothing and atomic (Lua scripts run without interleaving).
--
-- KEYS[i]      the TAT key of policy i (one string holding microseconds since the epoch)
-- ARGV[1]      "now" in microseconds, or "" to use the server's TIME (the single clock of the fleet)
-- ARGV[2]      cost: 1 for a request, a negative number to refund an earlier charge
-- ARGV[3+3k]   limit of policy k+1 (requests per period, >= 1)
-- ARGV[4+3k]   period of policy k+1 in milliseconds (>= 1)
-- ARGV[5+3k]   burst of policy k+1 (requests admitted at once, 1..limit)
-- ARGV[3+3n+k] optional: the cost of policy k+1 alone (n = #KEYS), when the windows of one decision are charged
--              different amounts (an analysis's `analyses` units and its estimated `upstream` calls); ARGV[2] else
--
-- Returns { allowed (1|0), now_us (string), { policy 1 }, { policy 2 }, ... } where a policy's entry is
-- { allowed (1|0), remaining, reset_ms, retry_after_ms } after the decision (when it is refused, as nothing was
-- charged):
--   remaining       requests still admissible right now after this decision
--   reset_ms        time until the policy is back to its full burst
--   retry_after_ms  time until this request's cost fits (0 when allowed), rounded up to the millisecond

local now
if ARGV[1] ~= nil and ARGV[1] ~= "" then
  now = tonumber(ARGV[1])
else
  local t = redis.call("TIME")
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local cost = tonumber(ARGV[2])

-- Interval arithmetic is in floating point (an interval need not be a whole microsecond); these absorb its
-- rounding so that exact figures stay exact.
local function whole(x)
  return math.floor(x + 1e-6)
end
local function ms_up(us)
  return math.ceil(us / 1000 - 1e-6)
end

local n = #KEYS
local function cost_of(i)
  local own = ARGV[2 + 3 * n + i]
  if own ~= nil and own ~= "" then
    return tonumber(own)
  end
  return tonumber(ARGV[2])
end

local results = {}
local writes = {}
local unchanged = {}
local allowed = 1

for i = 1, #KEYS do
  local base = 3 + (i - 1) * 3
  local limit = tonumber(ARGV[base])
  local period = tonumber(ARGV[base + 1]) * 1000
  local burst = tonumber(ARGV[base + 2])
  local interval = period / limit
  local capacity = interval * burst
  local cost = cost_of(i)

  local tat = tonumber(redis.call("GET", KEYS[i]))
  if tat == nil or tat < now then
    tat = now
  end

  if cost < 0 then
    -- Refund: give back what an earlier charge took, never more than a full burst.
    local refunded = tat + interval * cost
    if refunded < now then
      refunded = now
    end
    local remaining = whole((now + capacity - refunded) / interval)
    writes[#writes + 1] = { KEYS[i], refunded }
    results[i] = { 1, remaining, ms_up(refunded - now), 0 }
  else
    local new_tat = tat + interval * cost
    local allow_at = new_tat - capacity
    if allow_at > now + 1e-6 then
      allowed = 0
      local remaining = whole((now + capacity - tat) / interval)
      if remaining < 0 then
        remaining = 0
      end
      results[i] = { 0, remaining, ms_up(tat - now), ms_up(allow_at - now) }
    else
      local remaining = whole((now + capacity - new_tat) / interval)
      writes[#writes + 1] = { KEYS[i], new_tat }
      results[i] = { 1, remaining, ms_up(new_tat - now), 0 }
      unchanged[i] = { 1, whole((now + capacity - tat) / interval), ms_up(tat - now), 0 }
    end
  end
end

if allowed == 0 then
  -- Nothing is charged: a policy that would have admitted the request reports its state as it stays.
  for i, state in pairs(unchanged) do
    results[i] = state
  end
else
  for _, write in ipairs(writes) do
    -- The state expires once the policy is full again (a missing key means full). The extra second keeps it
    -- when a caller's fixed clock runs ahead of the server's (tests); state past its TAT is harmless.
    local ttl = ms_up(write[2] - now)
    if ttl > 0 then
      -- Stored as whole microseconds, halves rounded up (as the Swift mirror does; "%.0f" alone rounds them to even).
      redis.call("SET", write[1], string.format("%.0f", math.floor(write[2] + 0.5)), "PX", ttl + 1000)
    else
      redis.call("DEL", write[1])
    end
  end
end

local reply = { allowed, string.format("%.0f", now) }
for i = 1, #results do
  reply[#reply + 1] = results[i]
end
return reply
