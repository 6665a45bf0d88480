-- TagPulse cache fill lease: release only if still held by this token (a lease that expired and was taken by
-- another filler must not be deleted by the first).
--
-- KEYS[1]  the lease key (tp:cl:{<hash>})
-- ARGV[1]  the holder's token
-- Returns 1 when released, 0 when the lease was no longer this holder's.

if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0
