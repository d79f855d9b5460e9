package io.rtm.metrics;

import static io.rtm.metrics.Meters.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.error.RtmTransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Tag values stay in their small vocabularies: never user data, codes and reasons bounded. */
class CardinalityTest {

    private static final Set<String> TAG_KEYS = Set.of("api", "outcome", "code", "exception", "method", "uri", "status",
            "client.name", "reason");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScriptedTransport transport = new ScriptedTransport();

    @Test
    void noTagEverCarriesAUserIdChannelPayloadRequestIdMessageOrUrl() {
        String reply = "{\"result\":\"failed\",\"code\":\"zq_code_6604\",\"request_id\":\"zq-req-3391\",\"message\":\"zq-text-2210\"}";
        transport.respond(200, "{\"code\":\"message_sent\",\"request_id\":\"zq-req-1001\"}")
                .respond(400, reply)
                .respond(429, reply, "Retry-After", "0").respond(200, "{\"code\":\"zq_code_6605\",\"request_id\":\"zq-req-1002\"}")
                .fail(() -> RtmTransportException.afterSend("reset while sending for zq-sender-7731", null))
                .respond(200, "{\"code\":\"message_sent\",\"request_id\":\"zq-req-1003\"}");
        PeerMessage peer = PeerMessage.builder().from("zq-sender-7731").to("zq-dest-4410").payload("zq-payload-9921").build();
        ChannelMessage channel = ChannelMessage.builder().from("zq-sender-7731").channel("zq-chan-5538")
                .payload("zq-payload-9922").build();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        try (RtmAsyncClient c = RtmMetrics.bindTo(Clients.builder(transport).appId("zqapp1187")
                .retryPolicy(RetryPolicy.builder().retryMayHaveReached(false).build()), registry).buildAsync()) {
            // one call at a time: the script is consumed in arrival order (peer 3 is retried after its 429)
            for (int i = 0; i < 4; i++) {
                calls.add(c.sendPeer(peer).exceptionally(e -> null));
                calls.get(calls.size() - 1).join();
            }
            calls.add(c.sendChannel(channel).exceptionally(e -> null));
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        }
        assertThat(transport.calls()).isEqualTo(6);
        assertThat(registry.getMeters()).isNotEmpty();
        for (Meter m : registry.getMeters()) {
            assertThat(m.getId().getName()).isIn(RtmMetrics.CALLS, RtmMetrics.HTTP_CLIENT_REQUESTS, RtmMetrics.RETRIES,
                    RtmMetrics.RATE_LIMIT_WAIT, RtmMetrics.RATE_LIMIT_REJECTED, RtmMetrics.INFLIGHT);
            for (Tag t : m.getId().getTags()) {
                assertThat(t.getKey()).isIn(TAG_KEYS);
                String v = t.getValue().toLowerCase(Locale.ROOT);
                assertThat(v).as("tag %s of %s", t.getKey(), m.getId())
                        .doesNotContain("zq").doesNotContain("://").doesNotContain("127.0.0.1:1").doesNotContain("/rtm/users/a");
            }
        }
        assertThat(series(registry, RtmMetrics.CALLS)).containsOnlyKeys(
                "api=peer,code=message_sent,exception=none,outcome=SUCCESS",
                "api=peer,code=other,exception=none,outcome=CLIENT_ERROR",
                "api=peer,code=other,exception=none,outcome=SUCCESS",
                "api=peer,code=none,exception=RtmTransportException,outcome=UNKNOWN",
                "api=channel,code=message_sent,exception=none,outcome=SUCCESS");
    }

    @Test
    void anUnknownCodeIsTaggedOtherAndAMissingOneNone() {
        transport.respond(200, "{\"code\":\"message_queued\",\"request_id\":\"r\"}")
                .respond(200, "{\"result\":\"success\",\"request_id\":\"r\"}")
                .respond(200, "")
                .respond(200, "{\"code\":{\"nested\":\"message_sent\"}}");
        try (RtmClient c = RtmMetrics.bindTo(Clients.builder(transport), registry).build()) {
            for (int i = 0; i < 4; i++) {
                c.sendPeer(Clients.peer());
            }
        }
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=none,exception=none,outcome=SUCCESS", 3L),
                entry("api=peer,code=other,exception=none,outcome=SUCCESS", 1L));
    }

    @Test
    void aCodeAddedToTheKnownCodesIsTaggedAsItself() {
        transport.respond(200, "{\"code\":\"message_queued\"}").respond(200, "{\"code\":\"message_parked\"}");
        RtmMetrics metrics = RtmMetrics.builder(registry).knownCodes("message_queued").build();
        try (RtmClient c = metrics.bindTo(Clients.builder(transport)).build()) {
            c.sendPeer(Clients.peer());
            c.sendPeer(Clients.peer());
        }
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=message_queued,exception=none,outcome=SUCCESS", 1L),
                entry("api=peer,code=other,exception=none,outcome=SUCCESS", 1L));
    }

    @Test
    void retryReasonsAreBoundedToThirtyTwoPerApiThenOther() {
        // The Reason vocabulary has fewer than 32 words; the bound guards the tag against any future growth.
        PipelineMeters meters = new PipelineMeters(registry, io.micrometer.core.instrument.Tags.empty());
        for (int i = 0; i < 40; i++) {
            meters.retry("peer", "reason_" + i);
        }
        meters.retry("peer", "Status 500 for zq-sender"); // not a snake_case word
        meters.retry("peer", "reason_0");
        Map<String, Long> retries = series(registry, RtmMetrics.RETRIES);
        assertThat(retries).hasSize(PipelineMeters.MAX_REASONS + 1);
        assertThat(retries).containsEntry("api=peer,reason=other", 9L).containsEntry("api=peer,reason=reason_0", 2L)
                .containsEntry("api=peer,reason=reason_31", 1L).doesNotContainKey("api=peer,reason=reason_32");
    }

    @Test
    void thereAreAtMostSixtyFourCodeTagValues() {
        assertThat(ReplyCodes.of(List.of()).tagValues()).hasSizeLessThanOrEqualTo(ReplyCodes.MAX_TAG_VALUES)
                .startsWith("none", "other").containsAll(RtmMetrics.defaultKnownCodes());
    }
}
