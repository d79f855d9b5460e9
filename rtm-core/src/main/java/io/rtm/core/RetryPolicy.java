package io.rtm.core;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how a failed attempt is retried. Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@link #defaults()}: at-least-once. Up to 3 attempts; retries connect failures, client timeouts,
 *       resets and HTTP 408, 429, 500, 502, 503, 504. A retried request that had reached the service may
 *       be delivered twice; every result reports its {@code attempts}.</li>
 *   <li>{@link #atMostOnce()}: retries only what provably never reached the service (connect failures,
 *       HTTP 429): never a duplicate, but a timeout or 5xx fails the call.</li>
 *   <li>{@link #none()}: one attempt.</li>
 * </ul>
 * Waits use exponential backoff with full jitter: {@code random(0, min(maxBackoff, initialBackoff × 2^(n-1)))},
 * capped before the jitter; a {@code Retry-After} from the service replaces the backoff, clamped to
 * {@link #maxRetryAfter()}. The call's deadline bounds every wait.
 */
public final class RetryPolicy {

    private static final Set<Integer> DEFAULT_STATUSES = Set.of(408, 429, 500, 502, 503, 504);
    private static final RetryPolicy DEFAULTS = builder().build();
    private static final RetryPolicy AT_MOST_ONCE = builder().retryStatuses(Set.of(429)).retryMayHaveReached(false).build();
    private static final RetryPolicy NONE = builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private final Set<Integer> retryStatuses;
    private final boolean retryMayHaveReached;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxRetryAfter = b.maxRetryAfter;
        this.retryStatuses = Set.copyOf(b.retryStatuses);
        this.retryMayHaveReached = b.retryMayHaveReached;
    }

    /** At-least-once: 3 attempts; connect failures, timeouts, resets, 408/429/500/502/503/504. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** Only what provably never reached the service: connect failures and 429. 3 attempts. */
    public static RetryPolicy atMostOnce() {
        return AT_MOST_ONCE;
    }

    /** No retries. */
    public static RetryPolicy none() {
        return NONE;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Most attempts a call makes, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The backoff ceiling before the first retry. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** The backoff cap (applied before the jitter). */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** The longest {@code Retry-After} honoured; longer asks are clamped to it. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** HTTP statuses that are retried. */
    public Set<Integer> retryStatuses() {
        return retryStatuses;
    }

    /** Whether failures after which the request may have reached the service (timeouts, resets) are retried. */
    public boolean retryMayHaveReached() {
        return retryMayHaveReached;
    }

    /** Whether a response with this status deserves another attempt (attempt limits aside). */
    public boolean isRetryable(int status) {
        return retryStatuses.contains(status);
    }

    /** Whether this failure deserves another attempt (attempt limits aside). */
    public boolean isRetryable(Throwable failure) {
        if (failure instanceof RtmTimeoutException t) {
            return switch (t.kind()) {
                case CONNECT -> true;
                case RESPONSE -> retryMayHaveReached;
                case DEADLINE -> false;
            };
        }
        if (failure instanceof RtmTransportException t) {
            return !t.mayHaveReachedService() || retryMayHaveReached;
        }
        return false;
    }

    /** The full-jitter backoff before retry number {@code retry} (1 for the first retry). */
    public Duration backoff(int retry) {
        long base = initialBackoff.toNanos();
        long cap = maxBackoff.toNanos();
        int shift = Math.max(0, retry - 1);
        long ceiling = shift >= 62 || base > (cap >> shift) ? cap : base << shift;
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", maxRetryAfter=" + maxRetryAfter + ", retryStatuses=" + retryStatuses
                + ", retryMayHaveReached=" + retryMayHaveReached + '}';
    }

    /** Builds a {@link RetryPolicy}. Not thread-safe. */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration maxRetryAfter = Duration.ofSeconds(30);
        private Set<Integer> retryStatuses = DEFAULT_STATUSES;
        private boolean retryMayHaveReached = true;

        private Builder() {
        }

        /** Most attempts, at least 1 (1 = no retry). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The backoff ceiling before the first retry; positive. */
        public Builder initialBackoff(Duration d) {
            this.initialBackoff = positive(d, "initialBackoff");
            return this;
        }

        /** The backoff cap; positive. */
        public Builder maxBackoff(Duration d) {
            this.maxBackoff = positive(d, "maxBackoff");
            return this;
        }

        /** The longest Retry-After honoured; zero or positive. */
        public Builder maxRetryAfter(Duration d) {
            Objects.requireNonNull(d, "maxRetryAfter");
            if (d.isNegative()) {
                throw new IllegalArgumentException("maxRetryAfter must not be negative: " + d);
            }
            this.maxRetryAfter = d;
            return this;
        }

        /** The HTTP statuses to retry. */
        public Builder retryStatuses(Set<Integer> statuses) {
            this.retryStatuses = Set.copyOf(statuses);
            return this;
        }

        /** Whether to retry failures after which the request may have reached the service. */
        public Builder retryMayHaveReached(boolean retry) {
            this.retryMayHaveReached = retry;
            return this;
        }

        /** Builds the policy. */
        public RetryPolicy build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must be >= initialBackoff");
            }
            return new RetryPolicy(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
