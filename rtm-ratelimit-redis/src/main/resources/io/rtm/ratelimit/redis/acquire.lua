-- Reserves a slot on one quota's GCRA, atomically. Time is Redis TIME, never a client's clock.
-- KEYS[1]  the quota's key; its value is the theoretical arrival time (TAT), microseconds of Redis time
-- ARGV[1]  interval between two permits, microseconds
-- ARGV[2]  tolerance: (burst - 1) * interval, microseconds
-- ARGV[3]  the longest the caller will wait for its slot, microseconds (a negative value reserves nothing)
-- ARGV[4]  lead: the slot must be at least this far from now, microseconds (the reply must arrive first)
-- ARGV[5]  permits to take (0 reserves nothing: a health probe that still reads TIME and writes)
-- Returns {granted 1|0, wait until the slot in microseconds from now, now in microseconds of Redis time}
redis.replicate_commands() -- Redis < 5: TIME before a write needs effects replication; a no-op later
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local max_wait = tonumber(ARGV[3])
local lead = tonumber(ARGV[4])
local permits = tonumber(ARGV[5])
-- a missing key (expired: idle for a while) or an unreadable value means "no debt"
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then
  tat = now
end
local slot = math.max(tat - tolerance, now + lead)
local wait = slot - now
if wait > max_wait then
  return {0, wait, now}
end
local new_tat = math.max(tat, slot) + permits * interval
-- integers up to 2^53 are exact in Lua's doubles (now is ~1.7e15 us); '%.0f' keeps every digit
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
return {1, wait, now}
