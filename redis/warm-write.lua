-- TagPulse warm-up job state: write fields of a job's hash and renew its lifetime, never re-creating a job that
-- expired (an owner still working on it must not bring it back without a TTL) and never creating one twice.
--
-- KEYS[1]  the job's hash (tp:warm:<job>)
-- ARGV[1]  "create" (only when the hash is absent) or "update" (only when it exists)
-- ARGV[2]  the job's lifetime from now, in ms
-- ARGV[3…] field, value, field, value …
-- Returns 1 when written, 0 when the condition did not hold (nothing written), 2 when written and the job's
-- `cancel` field is set (DELETE /v1/admin/warm/{job} asked for it to stop: its owner starts no further item).

local exists = redis.call("EXISTS", KEYS[1]) == 1
if (ARGV[1] == "create") == exists then
  return 0
end
-- In slices of 100 fields: unpack has a stack limit, and a job may hold thousands of items.
for i = 3, #ARGV, 200 do
  redis.call("HSET", KEYS[1], unpack(ARGV, i, math.min(i + 199, #ARGV)))
end
redis.call("PEXPIRE", KEYS[1], ARGV[2])
if redis.call("HEXISTS", KEYS[1], "cancel") == 1 then
  return 2
end
return 1
