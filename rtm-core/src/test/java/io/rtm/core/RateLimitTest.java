package io.rtm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.testsupport.Fixtures;
import io.rtm.core.testsupport.ScriptedTransport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sliding-window guard's arrival spread: its default, its bounds, and that the client's limiter uses it. */
class RateLimitTest {

    @Test
    void theDefaultGuardAssumesATwentyMillisecondArrivalSpread() {
        assertThat(RateLimit.defaults().strictWindow()).isTrue();
        assertThat(RateLimit.defaults().arrivalSpread()).isEqualTo(Duration.ofMillis(20));
        assertThat(RateLimit.defaults()).hasToString("RateLimit{published quotas, maxWait=PT10S, safetyMargin=0.005, "
                + "strictWindow=true, arrivalSpread=PT0.02S, maxPenalty=PT30S}");
    }

    @Test
    void anUnboundedSpreadIsShownAsSuch() {
        RateLimit r = RateLimit.defaults().withArrivalSpread(RateLimit.UNBOUNDED_SPREAD);
        assertThat(r.arrivalSpread()).isEqualTo(RateLimit.UNBOUNDED_SPREAD);
        assertThat(r.toString()).contains("arrivalSpread=unbounded");
    }

    @Test
    void rejectsANegativeArrivalSpreadNamingIt() {
        assertThatThrownBy(() -> RateLimit.defaults().withArrivalSpread(Duration.ofMillis(-1)))
                .isInstanceOf(RtmConfigurationException.class)
                .hasMessage("rate limit arrivalSpread must not be negative: PT-0.001S");
    }

    @Test
    void otherCopiesKeepTheSpread() {
        RateLimit r = RateLimit.defaults().withArrivalSpread(Duration.ofMillis(35)).withShare(0.5).withMaxWait(Duration.ZERO)
                .withSafetyMargin(0.01).withMaxPenalty(Duration.ofSeconds(3)).withPermitsPerSecond(7).withStrictWindow(true);
        assertThat(r.arrivalSpread()).isEqualTo(Duration.ofMillis(35));
    }

    @Test
    void theClientsLocalLimiterUsesTheConfiguredSpread() {
        try (RtmAsyncClient c = Fixtures.builder(new ScriptedTransport())
                .rateLimit(RateLimit.defaults().withArrivalSpread(Duration.ofMillis(35))).buildAsync()) {
            assertThat(c.interceptors().toString()).contains("arrivalSpread=PT0.035S");
        }
    }
}
