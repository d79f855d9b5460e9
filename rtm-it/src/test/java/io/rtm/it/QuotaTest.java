package io.rtm.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.bulk.BulkSender;
import io.rtm.core.bulk.BulkSummary;
import io.rtm.emulator.RtmEmulator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The default client against the emulator's strict 500 calls/s sliding window: no 429, ever. (The share of
 * the quota achieved is measured properly by rtm-benchmarks' QuotaRun; here it is printed, not asserted
 * tightly — tests are not benchmarks.)
 */
class QuotaTest {

    @Test
    void twoThousandPeerMessagesAtTheDefaultConfigurationGetZero429s() {
        try (RtmEmulator emulator = RtmEmulator.builder().rateLimitPerSecond(500).start();
             RtmAsyncClient rtm = Rtm.builder().endpoint(emulator.baseUri().toString()).appId(emulator.app().appId())
                     .credentials(Credentials.basic(emulator.app().apiKey(), emulator.app().apiSecret())).buildAsync()) {
            List<String> users = IntStream.range(0, 2_000).mapToObj(i -> "user-" + i).collect(Collectors.toList());
            BulkSummary summary = BulkSender.builder(rtm).maxInFlight(64).build()
                    .fanOut(PeerMessage.builder().from("news").to("-").payload("quota").build(), users)
                    .orTimeout(60, TimeUnit.SECONDS).join();

            double rate = summary.ratePerSecond();
            System.out.printf("QuotaTest: %d messages in %d ms = %.1f msg/s (%.1f%% of 500/s), 429s: %d%n",
                    summary.total(), summary.elapsed().toMillis(), rate, rate / 5, emulator.stats(emulator.app().appId()).status(429));
            assertThat(emulator.stats(emulator.app().appId()).status(429)).isZero();
            assertThat(summary.sent()).isEqualTo(2_000);
            assertThat(summary.failed()).isZero();
            assertThat(emulator.accepted(emulator.app().appId())).hasSize(2_000);
            // sanity, not a benchmark: the limiter does not starve the quota (the share is measured in rtm-benchmarks)
            assertThat(rate).isGreaterThan(400);
        }
    }
}
