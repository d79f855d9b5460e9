package io.rtm.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.RetryPolicy;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmBuilder;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmException;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.RtmEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Tracing end to end over a real loopback socket: the discovered HttpClient 5 transport, Basic auth from rtm-auth,
 * the validator from rtm-validation, the emulator behind a proxy that records the headers on the wire.
 */
class LoopbackTracingTest {

    private static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(3)
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build();

    private final TestTracing tracing = new TestTracing();
    private final EmulatorApp app = EmulatorApp.generate();
    private RtmEmulator emulator;
    private RecordingProxy proxy;

    @BeforeEach
    void start() throws Exception {
        emulator = RtmEmulator.builder().app(app).start();
        proxy = new RecordingProxy(emulator.baseUri());
    }

    @AfterEach
    void stop() {
        proxy.close();
        emulator.close();
        tracing.close();
    }

    private RtmBuilder builder() {
        return Rtm.builder().endpoint(proxy.baseUri().toString()).appId(app.appId())
                .credentials(Credentials.basic(app.apiKey(), app.apiSecret())).retryPolicy(FAST)
                .rateLimit(RateLimit.disabled()).callTimeout(Duration.ofSeconds(10));
    }

    private static PeerMessage message() {
        return PeerMessage.builder().from("alice-7f3e").to("bob-91c2").payload("payload-5d8a-secret-text").build();
    }

    @Test
    void eachAttemptCarriesTheW3cTraceparentOfItsOwnExchangeSpanToTheEmulator() {
        proxy.thenAnswer(503, "{\"code\":\"busy\"}").thenAnswer(503, "{\"code\":\"busy\"}");
        try (RtmClient c = RtmTracing.bindTo(builder(), tracing.sdk).build()) {
            SendResult r = c.sendPeer(message());
            assertThat(r.attempts()).isEqualTo(3);
        }
        assertThat(emulator.accepted(app.appId())).hasSize(1); // the third attempt reached the emulator
        SpanData call = tracing.span("send_peer");
        List<SpanData> exchanges = tracing.children(call);
        assertThat(exchanges).hasSize(3);
        List<String> sent = new ArrayList<>();
        for (RecordingProxy.Recorded r : proxy.requests()) {
            assertThat(r.headers().get("traceparent")).as("one traceparent per request").hasSize(1);
            sent.add(r.header("traceparent"));
        }
        List<String> expected = exchanges.stream()
                .map(s -> "00-" + s.getTraceId() + "-" + s.getSpanId() + "-" + s.getSpanContext().getTraceFlags().asHex()).toList();
        assertThat(sent).isEqualTo(expected);
        assertThat(proxy.requests()).allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("tracestate"));
        // the credentials are still there: propagation does not replace what auth adds
        assertThat(proxy.requests()).allSatisfy(r -> assertThat(r.header("authorization")).startsWith("Basic "));
    }

    @Test
    void theCallersTraceGoesOnTheWireWithItsTracestate() {
        Span caller = tracing.sdk.getTracer("test").spanBuilder("handle-request").startSpan();
        Context withState = Context.current().with(caller).with(Span.wrap(io.opentelemetry.api.trace.SpanContext.create(
                caller.getSpanContext().getTraceId(), caller.getSpanContext().getSpanId(),
                caller.getSpanContext().getTraceFlags(),
                io.opentelemetry.api.trace.TraceState.builder().put("vendor", "v1").build())));
        try (RtmClient c = RtmTracing.bindTo(builder(), tracing.sdk).build(); Scope ignored = withState.makeCurrent()) {
            c.sendPeer(message());
        } finally {
            caller.end();
        }
        RecordingProxy.Recorded sent = proxy.requests().get(0);
        assertThat(sent.header("traceparent")).startsWith("00-" + caller.getSpanContext().getTraceId() + "-")
                .doesNotContain(caller.getSpanContext().getSpanId());
        assertThat(sent.header("tracestate")).isEqualTo("vendor=v1");
    }

    @Test
    void theConfiguredPropagatorsHeadersGoOnTheWire() {
        TextMapPropagator custom = new TextMapPropagator() {
            @Override
            public java.util.Collection<String> fields() {
                return List.of("x-trace");
            }

            @Override
            public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
                setter.set(carrier, "x-trace", Span.fromContext(context).getSpanContext().getSpanId());
            }

            @Override
            public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
                return context;
            }
        };
        OpenTelemetry otel = OpenTelemetrySdk.builder().setTracerProvider(tracing.tracerProvider)
                .setPropagators(ContextPropagators.create(custom)).build();
        try (RtmClient c = RtmTracing.bindTo(builder(), otel).build()) {
            c.sendPeer(message());
        }
        SpanData exchange = tracing.span(TestTracing.PEER_EXCHANGE);
        assertThat(proxy.requests().get(0).header("x-trace")).isEqualTo(exchange.getSpanId());
        assertThat(proxy.requests().get(0).headers()).doesNotContainKey("traceparent");
    }

    @Test
    void theCallersContextIsCurrentInContinuationsOnTheCompletionThreadWithTheCallsIdsInTheMdc() {
        ContextKey<String> tenant = ContextKey.named("tenant");
        Span caller = tracing.sdk.getTracer("test").spanBuilder("handle-request").startSpan();
        ExecutorService completion = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-completion"));
        try (RtmAsyncClient c = RtmTracing.bindTo(builder().completionExecutor(completion), tracing.sdk).buildAsync()) {
            CompletableFuture<List<Object>> seen;
            try (Scope ignored = Context.current().with(caller).with(tenant, "t-42").makeCurrent()) {
                seen = c.sendPeer(message()).thenApply(r -> List.of(Thread.currentThread().getName(),
                        Span.current().getSpanContext().getSpanId(), String.valueOf(Context.current().get(tenant)),
                        new java.util.TreeMap<>(MDC.getCopyOfContextMap())));
            }
            List<Object> inContinuation = seen.join();
            SpanData call = tracing.span("send_peer");
            assertThat(inContinuation.get(0)).isEqualTo("app-completion");
            assertThat(inContinuation.get(1)).isEqualTo(caller.getSpanContext().getSpanId()); // the caller's context
            assertThat(inContinuation.get(2)).isEqualTo("t-42");
            @SuppressWarnings("unchecked")
            Map<String, String> mdc = (Map<String, String>) inContinuation.get(3);
            assertThat(mdc).containsEntry("trace_id", call.getTraceId()).containsEntry("span_id", call.getSpanId())
                    .containsEntry("rtm.api", "peer").containsEntry("rtm.attempt", "1").containsKey("rtm.request_id")
                    .hasSize(5);
            // the completion thread keeps nothing of it
            CompletableFuture<List<Object>> after = CompletableFuture.supplyAsync(() -> List.of(
                    Span.current().getSpanContext().isValid(), String.valueOf(MDC.getCopyOfContextMap())), completion);
            assertThat(after.join()).containsExactly(false, "{}");
        } finally {
            caller.end();
            completion.shutdownNow();
        }
    }

    @Test
    void noSpanHoldsAUserIdPayloadOrCredential() {
        // a reply that quotes the user IDs, a validation error about one, a retried 5xx and a success
        proxy.thenAnswer(503, "{\"code\":\"busy\",\"message\":\"user alice-7f3e to bob-91c2 busy\"}")
                .thenAnswer(400, "{\"code\":\"invalid\",\"message\":\"bob-91c2 is not a user; payload-5d8a-secret-text\"}");
        try (RtmClient c = RtmTracing.bindTo(builder(), tracing.sdk).build()) {
            try {
                c.sendPeer(message());
            } catch (RtmException expected) {
                // the 400 ends the call
            }
            c.sendPeer(message());
            try {
                c.sendPeer(PeerMessage.builder().from("alice-7f3e").to("bob-91c2" + "x".repeat(80)).payload("payload-5d8a-secret-text").build());
            } catch (RtmException expected) {
                // invalid user ID: refused before sending
            }
        }
        assertThat(tracing.spans()).hasSize(6);
        Set<String> forbidden = Set.of("alice-7f3e", "bob-91c2", "payload-5d8a", app.apiKey(), app.apiSecret(),
                java.util.Base64.getEncoder().encodeToString((app.apiKey() + ":" + app.apiSecret()).getBytes()));
        for (SpanData span : tracing.spans()) {
            // everything a processor or exporter can read (toString() of the events includes a recorded exception)
            String everything = span.getName() + " " + span.getAttributes() + " " + span.getStatus() + " "
                    + span.getEvents() + " " + span.getLinks();
            assertThat(forbidden).as("in span %s", span.getName()).allSatisfy(secret -> assertThat(everything).doesNotContain(secret));
        }
        // the real path is never recorded: only the template
        assertThat(tracing.spans().toString()).doesNotContain("/users/alice");
    }
}
