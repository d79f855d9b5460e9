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
        // 500 × ceil(1 s / 497.5) = 1.0055 s: a 5.5 ms margin, less than 2 × 5 ms
        assertThatThrownBy(() -> RedisRateLimiter.builder().redisUri(URI).utilization(0.995).build())
                .isInstanceOf(RtmConfigurationException.class)
                .hasMessageContaining("utilization 0.995").hasMessageContaining("maxLateness").hasMessageContaining("5500 us");
    }

    @Test
    void rejectsABurstTheMarginCannotAbsorb() {
        assertThatThrownBy(() -> RedisRateLimiter.builder().redisUri(URI).burst(20).build())
                .isInstanceOf(RtmConfigurationException.class).hasMessageContaining("burst 20");
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
