package io.rtm.examples.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.RetryPolicy;
import io.rtm.core.Rtm;
import io.rtm.core.RtmBuilder;
import io.rtm.core.RtmClient;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The traceparent header as it arrives on the wire, attempt by attempt (a recording server in place of the service). */
class TraceHeaderInterceptorTest {

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final RetryPolicy FAST_RETRIES = RetryPolicy.builder().maxAttempts(3)
            .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build();

    private final RecordingServer server = RecordingServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private RtmBuilder builder() {
        return Rtm.builder().endpoint(server.baseUri().toString()).appId("0123456789abcdef0123456789abcdef")
                .credentials(Credentials.basic("key", "secret")).retryPolicy(FAST_RETRIES).rateLimit(RateLimit.disabled());
    }

    private static void send(RtmClient client) {
        client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("hi").build());
    }

    /** The parsed traceparent of each recorded request, in order. */
    private List<Matcher> traceparents() {
        return server.requests().stream().map(r -> {
            String value = r.header("traceparent");
            assertThat(value).as("traceparent of %s", r.path()).isNotNull();
            Matcher m = TRACEPARENT.matcher(value);
            assertThat(m.matches()).as("W3C traceparent: %s", value).isTrue();
            return m;
        }).collect(Collectors.toList());
    }

    @Test
    void everyAttemptCarriesTheCallsTraceIdWithItsOwnSpanId() {
        server.thenAnswer(503, 503);
        try (RtmClient client = new TraceHeaderInterceptor().installInto(builder()).build()) {
            send(client);
        }
        List<Matcher> sent = traceparents();
        assertThat(sent).hasSize(3);
        assertThat(sent).extracting(m -> m.group(1)).containsOnly(sent.get(0).group(1));
        assertThat(sent.get(0).group(1)).isNotEqualTo("0".repeat(32));
        assertThat(sent).extracting(m -> m.group(2)).doesNotHaveDuplicates().doesNotContain("0".repeat(16));
        assertThat(sent).extracting(m -> m.group(3)).containsOnly("01");
        // exactly one traceparent per request
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.headers().get("traceparent")).hasSize(1));
    }

    @Test
    void eachCallStartsItsOwnTrace() {
        try (RtmClient client = new TraceHeaderInterceptor().installInto(builder()).build()) {
            send(client);
            send(client);
        }
        List<Matcher> sent = traceparents();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).group(1)).isNotEqualTo(sent.get(1).group(1));
    }

    @Test
    void continuesTheTraceThatTheApplicationPutOnTheCall() {
        String appTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String appSpan = "00f067aa0ba902b7";
        Interceptor propagate = new Interceptor() {
            @Override
            public java.util.concurrent.CompletableFuture<io.rtm.core.spi.HttpResponse> intercept(io.rtm.core.spi.Chain chain) {
                return chain.proceed(chain.request().withHeader("traceparent", "00-" + appTrace + "-" + appSpan + "-00"));
            }

            @Override
            public Phase phase() {
                return Phase.PER_CALL;
            }
        };
        server.thenAnswer(500);
        try (RtmClient client = new TraceHeaderInterceptor().installInto(builder().addInterceptor(propagate)).build()) {
            send(client);
        }
        List<Matcher> sent = traceparents();
        assertThat(sent).hasSize(2);
        assertThat(sent).extracting(m -> m.group(1)).containsOnly(appTrace);
        assertThat(sent).extracting(m -> m.group(3)).containsOnly("00"); // the caller's sampling decision is kept
        assertThat(sent).extracting(m -> m.group(2)).doesNotHaveDuplicates().doesNotContain(appSpan);
    }

    @Test
    void replacesAMalformedOrAllZeroTraceparent() {
        for (String bad : List.of("not-a-traceparent", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01")) {
            Interceptor garbage = new Interceptor() {
                @Override
                public java.util.concurrent.CompletableFuture<io.rtm.core.spi.HttpResponse> intercept(io.rtm.core.spi.Chain chain) {
                    return chain.proceed(chain.request().withHeader("traceparent", bad));
                }

                @Override
                public Phase phase() {
                    return Phase.PER_CALL;
                }
            };
            try (RtmClient client = new TraceHeaderInterceptor().installInto(builder().addInterceptor(garbage)).build()) {
                send(client);
            }
        }
        List<Matcher> sent = traceparents();
        assertThat(sent).hasSize(2);
        assertThat(sent).extracting(m -> m.group(1)).doesNotContain("0".repeat(32));
    }

    @Test
    void withoutTheCallStageEachAttemptStartsItsOwnTrace() {
        server.thenAnswer(503);
        try (RtmClient client = builder().addInterceptor(new TraceHeaderInterceptor()).build()) {
            send(client);
        }
        List<Matcher> sent = traceparents();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).group(1)).isNotEqualTo(sent.get(1).group(1));
    }
}
