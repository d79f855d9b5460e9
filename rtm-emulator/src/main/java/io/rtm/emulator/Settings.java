package io.rtm.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The emulator's options, fixed at build time.
 *
 * @param rateLimitPerSecond        calls per second per App ID to each send API
 * @param historyRateLimitPerSecond calls per second per App ID to all history APIs together
 * @param eventsRateLimitPerSecond  calls per second per App ID to each events API
 * @param historyInProgressReplies  how many {@code "in progress"} answers a history query or count gets before
 *                                  {@code "ok"}
 */
record Settings(Clock clock, LongSupplier ticker, int rateLimitPerSecond, int historyRateLimitPerSecond,
        int eventsRateLimitPerSecond, int historyInProgressReplies, AckMode ackMode, Duration ackTimeout,
        int maxBodyBytes, Duration heartbeatInterval, int recordLimit) {

    /** SPEC: at most 200 stored messages per receiver. */
    static final int OFFLINE_CAPACITY = 200;
    /** SPEC: stored messages are kept at most 7 days. */
    static final Duration OFFLINE_TTL = Duration.ofDays(7);
    /** SPEC-HISTORY-EVENTS: history is kept 7 days. */
    static final Duration HISTORY_TTL = Duration.ofDays(7);
    /** SPEC-HISTORY-EVENTS Decided 3: a query handle is valid for 10 minutes. */
    static final Duration QUERY_TTL = Duration.ofMinutes(10);
    /** SPEC-HISTORY-EVENTS: at most 2,000 stored events per kind and App ID. */
    static final int EVENTS_CAPACITY = 2_000;
    /** SPEC-HISTORY-EVENTS: at most 1,000 events per read. */
    static final int EVENTS_PER_READ = 1_000;
}
