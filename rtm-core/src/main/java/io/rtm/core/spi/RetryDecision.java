package io.rtm.core.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RetryStrategy} decided after an attempt: {@link #stop()} (the attempt's outcome is the call's), or
 * {@link #retryAfter(Duration)} (another attempt after that delay, if it fits in the call's deadline). Immutable.
 */
public final class RetryDecision {

    private static final RetryDecision STOP = new RetryDecision(null);
    private static final RetryDecision NOW = new RetryDecision(Duration.ZERO);

    private final Duration delay;

    private RetryDecision(Duration delay) {
        this.delay = delay;
    }

    /** No more attempts. */
    public static RetryDecision stop() {
        return STOP;
    }

    /**
     * Another attempt after {@code delay} (zero or positive). The pipeline stops instead, with this attempt's outcome,
     * when the delay would pass the call's deadline.
     */
    public static RetryDecision retryAfter(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a retry delay must not be negative: " + delay);
        }
        return delay.isZero() ? NOW : new RetryDecision(delay);
    }

    /** Whether to make another attempt. */
    public boolean retry() {
        return delay != null;
    }

    /** The delay before the next attempt; empty for {@link #stop()}. */
    public Optional<Duration> delay() {
        return Optional.ofNullable(delay);
    }

    @Override
    public String toString() {
        return delay == null ? "RetryDecision.stop()" : "RetryDecision.retryAfter(" + delay + ')';
    }
}
