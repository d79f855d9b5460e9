-- Pushes one quota's GCRA forward after the service answered 429: no slot before now + penalty, for every client.
-- KEYS[1]  the quota's key (see acquire.lua)
-- ARGV[1]  the penalty, microseconds (already capped and checked by the client)
-- ARGV[2]  tolerance: (burst - 1) * interval, microseconds (slots come up to this much before the TAT)
-- Returns {now in microseconds of Redis time, the TAT after the call}
redis.replicate_commands()
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local not_before = now + tonumber(ARGV[1]) + tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or 0
if tat < not_before then
  tat = not_before
  redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + 1000)
end
return {now, tat}
