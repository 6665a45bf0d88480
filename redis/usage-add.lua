-- TagPulse usage: adds one gateway's counts to a client's day hash, exactly once per write.
--
-- A gateway numbers its writes (1, 2, 3, ... per process) and keeps the last number applied to each hash in the hash
-- itself (field "_seq:<instance>"). A write whose reply was lost is sent again with the same number and then does
-- nothing, so a figure is never counted twice; the gateway sends a write again before any later one, so none is lost.
--
-- KEYS[1]      the client's day hash (usage:{<client>}:<YYYYMMDD>)
-- ARGV[1]      the writer's field, "_seq:<instance id>"
-- ARGV[2]      this write's number (> 0)
-- ARGV[3]      EXPIREAT of the hash, in seconds
-- ARGV[4..]    field, increment pairs
--
-- Returns 1 when the counts were added, 0 when this write had been applied already.

local last = tonumber(redis.call("HGET", KEYS[1], ARGV[1]) or "0")
local number = tonumber(ARGV[2])
if number <= last then
  return 0
end
for i = 4, #ARGV, 2 do
  redis.call("HINCRBY", KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call("HSET", KEYS[1], ARGV[1], ARGV[2])
redis.call("EXPIREAT", KEYS[1], ARGV[3])
return 1
