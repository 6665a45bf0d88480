-- TagPulse cache fill lease, asked again by a filler whose `SET NX` got no reply (timed out, or its connection
-- closed): that SET may have been granted. Its token tells: the lease is this filler's if the token holds it, or if
-- the lease is free (then taken now); another token means another filler holds it.
--
-- KEYS[1]  the lease key (tp:cl:{<hash>})
-- ARGV[1]  the filler's token (the same as in its SET NX)
-- ARGV[2]  the lease's lifetime, in ms (when taken now)
-- Returns 1 when the lease is this filler's, 0 when another holds it.

local holder = redis.call("GET", KEYS[1])
if holder == ARGV[1] then
  return 1
end
if holder then
  return 0
end
redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
return 1
