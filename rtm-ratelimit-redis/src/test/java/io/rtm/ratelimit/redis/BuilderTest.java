package io.rtm.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.error.RtmConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad settings fail build() with a typed error that names the setting and the rule, before anything connects. */
class BuilderTest {

    private static final String URI = "redis://127.0.0.1:1"; // never reached: validation comes first

    @Test
    void rejectsAUtilizationWhoseMarginCannotAbsorbTwiceMaxLateness() {
        // 1 s × (1 / 0.995 - 1) = 5.025 ms, less than 2 × 5 ms: too little for any quota
        assertThatThrownBy(() -> RedisRateLimiter.builder().redisUri(URI).utilization(0.995).build())
                .isInstanceOf(RtmConfigurationException.class)
                .hasMessage("utilization 0.995 leaves a margin of 5025 us per one-second window, less than twice maxLateness "
                        + "(5000 us): lower the utilization or shorten maxLateness");
    }

    @Test
    void rejectsABurstBelowOne() {
        assertThatThrownBy(() -> RedisRateLimiter.builder().redisUri(URI).burst(0).build())
                .isInstanceOf(RtmConfigurationException.class).hasMessage("burst must be at least 1: 0");
    }

    @Test
    void rejectsAUtilizationOutsideZeroToOne() {
        assertThatThrownBy(() -> RedisRateLimiter.builder().redisUri(URI).utilization(1.2).build())
                .isInstanceOf(RtmConfigurationException.class).hasMessage("utilization must be within (0, 1]: 1.2");
        assertThatThrownBy(() -> RedisRateLimiter.builder().redisUri(URI).utilization(0).build())
                .isInstanceOf(RtmConfigurationException.class).hasMessageContaining("utilization must be within (0, 1]");
    }

    @Test
    void rejectsAFleetSizeBelowOne() {
        assertThatThrownBy(() -> RedisRateLimiter.builder().redisUri(URI).expectedFleetSize(0).build())
                .isInstanceOf(RtmConfigurationException.class).hasMessage("expectedFleetSize must be at least 1: 0");
    }

    @Test
    void rejectsDurationsThatAreNotPositive() {
        assertThatThrownBy(() -> RedisRateLimiter.builder().redisUri(URI).maxLateness(Duration.ZERO).build())
                .isInstanceOf(RtmConfigurationException.class).hasMessage("maxLateness must be positive: PT0S");
        assertThatThrownBy(() -> RedisRateLimiter.builder().redisUri(URI).roundTripTimeout(Duration.ofMillis(-1)).build())
                .isInstanceOf(RtmConfigurationException.class).hasMessageContaining("roundTripTimeout must be positive");
    }

    @Test
    void requiresRedis() {
        assertThatThrownBy(() -> RedisRateLimiter.builder().build())
                .isInstanceOf(RtmConfigurationException.class).hasMessage("redisUri (or a connection) is required");
    }

    @Test
    void rejectsAnInvalidRedisUriWithoutRepeatingItsPassword() {
        assertThatThrownBy(() -> RedisRateLimiter.builder().redisUri("redis://:s3cret@[broken"))
                .isInstanceOf(RtmConfigurationException.class).hasMessageContaining("redisUri")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.toString()).doesNotContain("s3cret"));
    }
}
