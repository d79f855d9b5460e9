package io.rtm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

    private static Optional<Duration> parse(String value) {
        return RetryAfter.parse(Optional.of(value), CLOCK);
    }

    @Test
    void readsDeltaSeconds() {
        assertThat(parse("120")).contains(Duration.ofSeconds(120));
        assertThat(parse("0")).contains(Duration.ZERO);
    }

    @Test
    void trimsSurroundingWhitespace() {
        assertThat(parse(" 7 ")).contains(Duration.ofSeconds(7));
    }

    @Test
    void readsAnHttpDateRelativeToTheClock() {
        assertThat(parse("Wed, 21 Oct 2015 07:28:45 GMT")).contains(Duration.ofSeconds(45));
    }

    @Test
    void readsAnHttpDateInThePastAsZero() {
        assertThat(parse("Wed, 21 Oct 2015 07:00:00 GMT")).contains(Duration.ZERO);
    }

    @Test
    void readsAHugeDeltaWithoutFailing() {
        assertThat(parse("99999999999999999999999")).hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofDays(365)));
    }

    @Test
    void ignoresAnAbsentHeader() {
        assertThat(RetryAfter.parse(Optional.empty(), CLOCK)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "-1", "1.5", "soon", "+3", "3s", "21 Oct 2015", "\u0661\u0662"})
    void ignoresUnreadableValues(String value) {
        assertThat(parse(value)).isEmpty();
    }
}
