-- A permit's attempt is over: it counts in the quota's guard until the given time, or not at all.
-- KEYS[1]  the quota's guard (see acquire.lua)
-- ARGV[1]  the permit's name in the guard
-- ARGV[2]  when it stops counting, microseconds of Redis time; negative: at once (it never reached the service)
-- Returns {now in microseconds of Redis time}
redis.replicate_commands()
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local ends_at = tonumber(ARGV[2])
if ends_at <= now then
  redis.call('ZREM', KEYS[1], ARGV[1])
else
  -- also when its provisional end passed and acquire.lua dropped it: what the reply tells is kept (the safe side)
  redis.call('ZADD', KEYS[1], string.format('%.0f', ends_at), ARGV[1])
  local ttl = math.ceil((ends_at - now) / 1000) + 1000
  if redis.call('PTTL', KEYS[1]) < ttl then
    redis.call('PEXPIRE', KEYS[1], ttl)
  end
end
return {now}
