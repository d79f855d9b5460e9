package io.rtm.ratelimit.redis;

/**
 * A snapshot of a {@link RedisRateLimiter}'s counters, all monotonic since it was built (bind them to
 * Micrometer as function counters, e.g. from rtm-metrics). Immutable.
 *
 * @param redisGrants permits granted on a slot reserved in Redis
 * @param fallbackGrants permits granted by the local fallback limiter while Redis was unreachable
 * @param refusals acquires refused because the slot was further away than their maxWait (or, under
 *        {@link FailurePolicy#FAIL_FAST}, because Redis was unreachable)
 * @param lateSlots slots reserved in Redis but not used because the permit could not be granted within
 *        maxLateness of the slot (a GC pause, an overloaded scheduler, a slow reply); each was re-reserved
 * @param redisFailures round trips to Redis that failed or timed out
 * @param outages times the limiter switched from Redis to its failure policy
 * @param recoveries times it switched back to Redis after a successful probe
 * @param penalties 429 penalties applied (shared through Redis when it answered)
 * @param degraded whether Redis is considered unreachable right now
 */
public record RedisRateLimiterStats(long redisGrants, long fallbackGrants, long refusals, long lateSlots,
                                    long redisFailures, long outages, long recoveries, long penalties,
                                    boolean degraded) {
}
