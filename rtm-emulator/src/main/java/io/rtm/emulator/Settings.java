package io.rtm.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/** The emulator's options, fixed at build time. */
record Settings(Clock clock, LongSupplier ticker, int rateLimitPerSecond, AckMode ackMode, Duration ackTimeout,
        int maxBodyBytes, Duration heartbeatInterval, int recordLimit) {

    /** SPEC: at most 200 stored messages per receiver. */
    static final int OFFLINE_CAPACITY = 200;
    /** SPEC: stored messages are kept at most 7 days. */
    static final Duration OFFLINE_TTL = Duration.ofDays(7);
}
