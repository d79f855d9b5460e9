package io.rtm.compat.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtm.core.PeerMessage;
import io.rtm.core.RtmClient;
import io.rtm.emulator.junit.RtmEmulatorExtension;
import io.rtm.metrics.RtmMetrics;

/** The metrics scenario, for consumers that have rtm-metrics (and so their own Micrometer). */
public final class Metrics {

    private Metrics() {
    }

    /** One send through a client instrumented by {@link RtmMetrics} records one call and one 200 attempt. */
    public static void aSendIsTimedOnceAsACallAndOnceAsAnAttempt(RtmEmulatorExtension rtm) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RtmClient client = RtmMetrics.bindTo(rtm.clientBuilder(), registry).build()) {
            client.sendPeer(PeerMessage.builder().from("alice").to("carol").payload(Sends.PAYLOAD + "metrics").build());
        }
        assertThat(registry.get(RtmMetrics.CALLS).timer().count()).isEqualTo(1);
        assertThat(registry.get(RtmMetrics.HTTP_CLIENT_REQUESTS).tag("status", "200").timer().count()).isEqualTo(1);
    }
}
