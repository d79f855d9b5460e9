package io.rtm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmServiceException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final int SAMPLES = 2000;

    private static final RetryPolicy POLICY = RetryPolicy.builder()
            .initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5)).build();

    @Test
    void backoffStaysWithinZeroAndTheCappedExponentialCeiling() {
        for (int retry = 1; retry <= 12; retry++) {
            long ceiling = Math.min(5_000_000_000L, 100_000_000L << (retry - 1));
            long max = 0;
            for (int i = 0; i < SAMPLES; i++) {
                long nanos = POLICY.backoff(retry).toNanos();
                assertThat(nanos).as("retry %d", retry).isBetween(0L, ceiling);
                max = Math.max(max, nanos);
            }
            // full jitter spreads over the whole range: 2000 uniform samples all below half is a 2^-2000 event
            assertThat(max).as("retry %d reaches the upper half", retry).isGreaterThan(ceiling / 2);
        }
    }

    @Test
    void appliesTheCapBeforeTheJitter() {
        // Jitter over the capped ceiling: far-out retries still spread over [0, cap], not pile up at the cap.
        int belowHalfCap = 0;
        for (int i = 0; i < SAMPLES; i++) {
            Duration d = POLICY.backoff(30);
            assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(5));
            if (d.compareTo(Duration.ofMillis(2500)) < 0) {
                belowHalfCap++;
            }
        }
        assertThat(belowHalfCap).isBetween(SAMPLES / 4, SAMPLES * 3 / 4);
    }

    @Test
    void doesNotOverflowAtLargeRetryNumbers() {
        for (int retry : new int[] {62, 63, 64, 65, 100, 1000, Integer.MAX_VALUE}) {
            for (int i = 0; i < 100; i++) {
                assertThat(POLICY.backoff(retry)).isBetween(Duration.ZERO, Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void usesTheInitialCeilingForTheFirstRetry() {
        for (int i = 0; i < SAMPLES; i++) {
            assertThat(POLICY.backoff(1)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        }
    }

    @Test
    void defaultsRetryTheTransientStatusesThreeAttemptsAtLeastOnce() {
        RetryPolicy p = RetryPolicy.defaults();
        assertThat(p.maxAttempts()).isEqualTo(3);
        assertThat(p.retryStatuses()).containsExactlyInAnyOrder(408, 429, 500, 502, 503, 504);
        assertThat(p.retryMayHaveReached()).isTrue();
        assertThat(p.isRetryable(400)).isFalse();
        assertThat(p.isRetryable(401)).isFalse();
        assertThat(p.isRetryable(501)).isFalse();
        assertThat(p.isRetryable(RtmTransportException.connectFailed("x", null))).isTrue();
        assertThat(p.isRetryable(RtmTransportException.afterSend("x", null))).isTrue();
        assertThat(p.isRetryable(RtmTimeoutException.client(RtmTimeoutException.Kind.CONNECT, "x", null))).isTrue();
        assertThat(p.isRetryable(RtmTimeoutException.client(RtmTimeoutException.Kind.RESPONSE, "x", null))).isTrue();
        assertThat(p.isRetryable(RtmTimeoutException.deadline(java.time.Duration.ofSeconds(1), 1, true))).isFalse();
    }

    @Test
    void atMostOnceRetriesOnlyWhatNeverReachedTheService() {
        RetryPolicy p = RetryPolicy.atMostOnce();
        assertThat(p.maxAttempts()).isEqualTo(3);
        assertThat(p.retryStatuses()).containsExactly(429);
        assertThat(p.retryMayHaveReached()).isFalse();
        assertThat(p.isRetryable(408)).isFalse();
        assertThat(p.isRetryable(500)).isFalse();
        assertThat(p.isRetryable(503)).isFalse();
        assertThat(p.isRetryable(RtmTransportException.connectFailed("x", null))).isTrue();
        assertThat(p.isRetryable(RtmTimeoutException.client(RtmTimeoutException.Kind.CONNECT, "x", null))).isTrue();
        assertThat(p.isRetryable(RtmTransportException.afterSend("x", null))).isFalse();
        assertThat(p.isRetryable(RtmTimeoutException.client(RtmTimeoutException.Kind.RESPONSE, "x", null))).isFalse();
    }

    @Test
    void noneMakesOneAttempt() {
        assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
    }

    @Test
    void neverRetriesAnAuthenticationOrUnknownFailure() {
        RtmException auth = RtmServiceException.builder(401).build();
        assertThat(RetryPolicy.defaults().isRetryable(auth)).isFalse();
        assertThat(RetryPolicy.defaults().isRetryable(new IllegalStateException())).isFalse();
    }

    @Test
    void retries408OnlyWhen408IsARetryStatus() {
        assertThat(RetryPolicy.defaults().isRetryable(408)).isTrue();
        assertThat(RetryPolicy.atMostOnce().isRetryable(408)).isFalse();
    }

    @Test
    void refusesInvalidSettings() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff");
    }

    @Test
    void copiesTheRetryStatuses() {
        java.util.Set<Integer> statuses = new java.util.HashSet<>(Set.of(503));
        RetryPolicy p = RetryPolicy.builder().retryStatuses(statuses).build();
        statuses.add(500);
        assertThat(p.retryStatuses()).containsExactly(503);
    }
}
