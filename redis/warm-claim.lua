-- TagPulse warm-up job takeover: an instance claims a stalled job (its owner stopped heartbeating) so that it can
-- resume it, only if the owner and heartbeat are still the ones it read (two instances never both resume it).
--
-- KEYS[1]  the job's hash (tp:warm:<job>)
-- ARGV[1]  the owner read
-- ARGV[2]  the heartbeat_at read
-- ARGV[3]  the new owner (this instance's id)
-- ARGV[4]  now, ms since the Unix epoch (the new heartbeat_at and updated_at)
-- ARGV[5]  the job's lifetime from now, in ms
-- Returns 1 when claimed, 0 when the job is gone, finished or someone else moved first.

if redis.call("EXISTS", KEYS[1]) == 0 then
  return 0
end
local status = redis.call("HGET", KEYS[1], "status")
if status == "done" or status == "cancelled" then
  return 0
end
if redis.call("HGET", KEYS[1], "owner") ~= ARGV[1] or redis.call("HGET", KEYS[1], "heartbeat_at") ~= ARGV[2] then
  return 0
end
redis.call("HSET", KEYS[1], "owner", ARGV[3], "heartbeat_at", ARGV[4], "updated_at", ARGV[4])
redis.call("HINCRBY", KEYS[1], "resumed", 1)
redis.call("PEXPIRE", KEYS[1], ARGV[5])
return 1
