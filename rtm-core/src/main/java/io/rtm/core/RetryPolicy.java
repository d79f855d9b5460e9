package io.rtm.core;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.AttemptResult;
import io.rtm.core.spi.RetryDecision;
import io.rtm.core.spi.RetryStrategy;
import io.rtm.core.spi.ServiceReply;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The built-in {@link RetryStrategy}: when and how an attempt is retried. Immutable and thread-safe.
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
 *
 * <p>An attempt is retried when (1) the call has attempts left, (2) the attempt is retryable: a response whose status
 * is one of {@link #retryStatuses()}, a connect or I/O failure, a connect or response timeout, a reply matching
 * {@link Builder#retryOnReply} (any status, 2xx included) or an error matching {@link Builder#retryOnException}, and
 * (3) retrying cannot deliver twice what the policy does not allow: when the attempt may have reached the service (a
 * 2xx, 408, 5xx, a timeout or reset after sending), only a policy with {@link #retryMayHaveReached()} or an
 * {@linkplain Operation#idempotent() idempotent} operation retries it.
 */
public final class RetryPolicy implements RetryStrategy {

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
    private final Predicate<ServiceReply> retryOnReply;
    private final Predicate<RtmException> retryOnException;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxRetryAfter = b.maxRetryAfter;
        this.retryStatuses = Set.copyOf(b.retryStatuses);
        this.retryMayHaveReached = b.retryMayHaveReached;
        this.retryOnReply = b.retryOnReply;
        this.retryOnException = b.retryOnException;
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

    /**
     * Whether this failure of a non-idempotent call (a send) deserves another attempt, attempt limits aside: a
     * retryable status (or reply), a connect failure or timeout, or (when {@link #retryMayHaveReached()}) a failure after
     * which the request may have reached the service.
     */
    public boolean isRetryable(Throwable failure) {
        return failure instanceof RtmException e && retries(e, null, false);
    }

    /** After each attempt: another one after the backoff or the (clamped) {@code Retry-After}, or stop. */
    @Override
    public RetryDecision decide(AttemptResult attempt) {
        if (attempt.attempt() >= maxAttempts) {
            return RetryDecision.stop();
        }
        ServiceReply reply = attempt.reply().orElse(null);
        boolean retry = attempt.failure()
                .map(e -> retries(e, reply, attempt.operation().idempotent()))
                .orElseGet(() -> reply != null && retryOnReply != null && retryOnReply.test(reply)
                        && (retryMayHaveReached || attempt.operation().idempotent())); // a 2xx reached the service
        if (!retry) {
            return RetryDecision.stop();
        }
        return RetryDecision.retryAfter(attempt.retryAfter()
                .map(d -> d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d)
                .orElseGet(() -> backoff(attempt.attempt())));
    }

    /** Rules (2) and (3) of the class comment for one failed attempt. */
    private boolean retries(RtmException e, ServiceReply reply, boolean idempotent) {
        boolean retryable = e.httpStatus() > 0 ? retryStatuses.contains(e.httpStatus()) : isTransient(e);
        if (!retryable && reply != null && retryOnReply != null) {
            retryable = retryOnReply.test(reply);
        }
        if (!retryable && retryOnException != null) {
            retryable = retryOnException.test(e);
        }
        return retryable && (!e.mayHaveReachedService() || retryMayHaveReached || idempotent);
    }

    /** Connect and I/O failures, connect and response timeouts (not the call's deadline). */
    private static boolean isTransient(RtmException e) {
        return e instanceof RtmTransportException
                || e instanceof RtmTimeoutException t && t.kind() != RtmTimeoutException.Kind.DEADLINE;
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
                + ", retryMayHaveReached=" + retryMayHaveReached + (retryOnReply != null ? ", retryOnReply" : "")
                + (retryOnException != null ? ", retryOnException" : "") + '}';
    }

    /** Builds a {@link RetryPolicy}. Not thread-safe. */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration maxRetryAfter = Duration.ofSeconds(30);
        private Set<Integer> retryStatuses = DEFAULT_STATUSES;
        private boolean retryMayHaveReached = true;
        private Predicate<ServiceReply> retryOnReply;
        private Predicate<RtmException> retryOnException;

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

        /**
         * Also retry a response whose reply matches (resilience4j's {@code retryOnResult}), e.g. a code of the
         * service's: {@code r -> r.code().filter("temporarily_unavailable"::equals).isPresent()}. Checked for every
         * response, 2xx included; delivery semantics still apply (a reply that may have been delivered is retried only
         * when {@link #retryMayHaveReached} allows duplicates). Replaces an earlier predicate.
         */
        public Builder retryOnReply(Predicate<ServiceReply> predicate) {
            this.retryOnReply = Objects.requireNonNull(predicate, "predicate");
            return this;
        }

        /**
         * Also retry a failure that matches (resilience4j's {@code retryOnException}), in addition to the retryable
         * statuses and the connect, I/O and timeout failures; delivery semantics still apply. Replaces an earlier
         * predicate.
         */
        public Builder retryOnException(Predicate<RtmException> predicate) {
            this.retryOnException = Objects.requireNonNull(predicate, "predicate");
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
