-- The Kong-like reference's access phase (nginx-kong.conf, `access_by_lua_file`): what Kong OSS's key-auth and
-- rate-limiting (policy `redis`) plugins do before the `proxy_cache` hit, written without Kong.
--   1. key check: the key from `Authorization: Bearer <key>` against a Lua table (no Redis; Kong caches the
--      credential in the worker too); no or an unknown key -> 401;
--   2. one pipelined `INCR` + `EXPIRE` of the consumer's current-minute counter: both commands written in one
--      send, both replies read (hand-written RESP over ngx.socket.tcp: Debian bookworm packages no
--      lua-resty-redis); the connection goes back to the worker's pool (setkeepalive);
--   3. over the limit -> 429; otherwise the request goes on to proxy_cache.
-- BENCH (set by init_by_lua_block in nginx-kong.conf): keys = {[key] = consumer id}, redis_host, redis_port, limit.
local conf = BENCH
local auth = ngx.var.http_authorization
local key = auth and auth:match("^Bearer%s+(%S+)$")
local consumer = key and conf.keys[key]
if not consumer then
    return ngx.exit(401)
end

local now = ngx.time()
local counter = "ratelimit:" .. consumer .. ":" .. (now - now % 60) .. ":minute"
local n = #counter
local sock = ngx.socket.tcp()
sock:settimeouts(1000, 1000, 1000)
local ok, err = sock:connect(conf.redis_host, conf.redis_port)
if not ok then
    ngx.log(ngx.ERR, "kong-like: redis connect failed: ", err)
    return ngx.exit(500)
end
ok, err = sock:send("*2\r\n$4\r\nINCR\r\n$" .. n .. "\r\n" .. counter .. "\r\n*3\r\n$6\r\nEXPIRE\r\n$" .. n .. "\r\n"
    .. counter .. "\r\n$2\r\n60\r\n")
local count, expired
if ok then
    count, err = sock:receive("*l")      -- ":<count>"
end
if count then
    expired, err = sock:receive("*l")    -- ":1"
end
if not expired or count:byte(1) ~= 58 or expired ~= ":1" then
    ngx.log(ngx.ERR, "kong-like: redis INCR/EXPIRE failed: ", err or (tostring(count) .. " " .. tostring(expired)))
    sock:close()
    return ngx.exit(500)
end
sock:setkeepalive(60000, 64)
if tonumber(count:sub(2)) > conf.limit then
    return ngx.exit(429)
end
