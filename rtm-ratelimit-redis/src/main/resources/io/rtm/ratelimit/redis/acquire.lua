-- Reserves a slot on one quota's GCRA and, with the window guard, a place among the calls the service may still be
-- counting, atomically. Time is Redis TIME, never a client's clock.
-- KEYS[1]  the quota's key; its value is the theoretical arrival time (TAT), microseconds of Redis time
-- KEYS[2]  the quota's guard: a sorted set of the permits the fleet holds, scored by when each stops counting
-- ARGV[1]  interval between two permits, microseconds
-- ARGV[2]  tolerance: (burst - 1) * interval, microseconds
-- ARGV[3]  the longest the caller will wait for its slot, microseconds (a negative value reserves nothing)
-- ARGV[4]  lead: the slot must be at least this far from now, microseconds (the reply must arrive first)
-- ARGV[5]  permits to take (0 reserves nothing: a health probe that still reads TIME and writes)
-- ARGV[6]  the guard's capacity (the quota's permits per window); 0 = no guard
-- ARGV[7]  how long after its slot the permit counts until its release says otherwise, microseconds
-- ARGV[8]  the permit's name in the guard (unique in the fleet)
-- Returns {granted 1|0, wait until the slot in microseconds from now, now in microseconds of Redis time}
redis.replicate_commands() -- Redis < 5: TIME before a write needs effects replication; a no-op later
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local max_wait = tonumber(ARGV[3])
local lead = tonumber(ARGV[4])
local permits = tonumber(ARGV[5])
local capacity = tonumber(ARGV[6] or '0')
local guarded = capacity > 0 and permits == 1
-- a missing key (expired: idle for a while) or an unreadable value means "no debt"
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then
  tat = now
end
local slot = math.max(tat - tolerance, now + lead)
if guarded then
  -- holds that ended are gone; the slot must find fewer than capacity still counting after it, else it moves to
  -- where the (held - capacity + 1)-th of them ends
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('%.0f', now))
  local after = '(' .. string.format('%.0f', slot)
  local held = redis.call('ZCOUNT', KEYS[2], after, '+inf')
  if held >= capacity then
    local ends = redis.call('ZRANGEBYSCORE', KEYS[2], after, '+inf', 'WITHSCORES', 'LIMIT', held - capacity, 1)
    slot = tonumber(ends[2])
  end
end
local wait = slot - now
if wait > max_wait then
  return {0, wait, now}
end
local new_tat = math.max(tat, slot) + permits * interval
-- integers up to 2^53 are exact in Lua's doubles (now is ~1.7e15 us); '%.0f' keeps every digit
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
if guarded then
  local ends_at = slot + tonumber(ARGV[7])
  redis.call('ZADD', KEYS[2], string.format('%.0f', ends_at), ARGV[8])
  local ttl = math.ceil((ends_at - now) / 1000) + 1000
  if redis.call('PTTL', KEYS[2]) < ttl then
    redis.call('PEXPIRE', KEYS[2], ttl)
  end
end
return {1, wait, now}
