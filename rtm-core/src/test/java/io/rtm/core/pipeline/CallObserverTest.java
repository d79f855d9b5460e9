package io.rtm.core.pipeline;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static io.rtm.core.testsupport.Fixtures.peer;
import static io.rtm.core.testsupport.Fixtures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.RetryPolicy;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.RtmConfig;
import io.rtm.core.SendResult;
import io.rtm.core.Violation;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.error.RtmServerException;
import io.rtm.core.error.RtmValidationException;
import io.rtm.core.internal.ClientAssembly;
import io.rtm.core.internal.PluginLoader;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.CallObserver;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Instrumentation;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.core.spi.PipelineAttributes;
import io.rtm.core.testsupport.Fixtures;
import io.rtm.core.testsupport.ScriptedTransport;
import io.rtm.core.testsupport.TestAuthenticator;
import io.rtm.core.testsupport.TestInstrumentationProvider;
import io.rtm.core.testsupport.TestValidator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Call observers (start on the caller's thread, end before the caller's future completes, the caller's context
 * around continuations), the MDC log context, the PER_EXCHANGE phase and discovered instrumentations.
 */
class CallObserverTest {

    private static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(3)
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();
    /** The caller's "context": what the observer captures and restores. */
    private static final ThreadLocal<String> CALLER = new ThreadLocal<>();

    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-io"));
    private final ScriptedTransport transport = new ScriptedTransport();

    @AfterEach
    void stop() {
        io.shutdownNow();
        CALLER.remove();
    }

    private final java.util.concurrent.BlockingQueue<CompletableFuture<HttpResponse>> held =
            new java.util.concurrent.LinkedBlockingQueue<>();

    /**
     * Holds every response until {@link #release} answers it on another thread, so the caller's future is completed
     * by the hand-off after the test attached its continuation (not at once, on the test's thread).
     */
    private void holdResponses() {
        transport.otherwise(r -> {
            CompletableFuture<HttpResponse> f = new CompletableFuture<>();
            held.add(f);
            return f;
        });
    }

    /** Answers the next held request (waiting for it up to 5 s) on the fake I/O thread. */
    private void release(int status, String body) {
        try {
            CompletableFuture<HttpResponse> f = held.poll(5, TimeUnit.SECONDS);
            assertThat(f).as("a request waiting for its response").isNotNull();
            io.execute(() -> f.complete(ScriptedTransport.response(status, body)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Records what it sees; its caller context is CALLER's value at the call's start. */
    static final class Recorder implements CallObserver {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Map<String, String>> mdcInCallContext = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final AtomicReference<Object> result = new AtomicReference<>();
        volatile String startThread;

        @Override
        public Observed onStart(CallContext call) {
            startThread = Thread.currentThread().getName();
            String captured = CALLER.get();
            events.add("start " + call.operation().name() + " attempt=" + call.attempt());
            return new Observed() {
                @Override
                public void onEnd(Object r, Throwable e) {
                    result.set(r);
                    error.set(e);
                    events.add("end " + (e == null ? "ok" : e.getClass().getSimpleName()));
                }

                @Override
                public Scope callerContext() {
                    String previous = CALLER.get();
                    CALLER.set(captured);
                    return () -> CALLER.set(previous);
                }

                @Override
                public Scope callContext() {
                    Map<String, String> mdc = MDC.getCopyOfContextMap();
                    mdcInCallContext.add(mdc == null ? Map.of() : new HashMap<>(mdc));
                    return Scope.NONE;
                }
            };
        }
    }

    private static Instrumentation observing(CallObserver observer, Interceptor... interceptors) {
        return new Instrumentation("test", List.of(interceptors), List.of(observer));
    }

    @Test
    void anObserverSeesTheStartOnTheCallersThreadAndTheEndBeforeTheCallersFutureCompletes() {
        Recorder recorder = new Recorder();
        holdResponses();
        try (RtmAsyncClient c = builder(transport).addInstrumentation(observing(recorder)).buildAsync()) {
            CompletableFuture<List<String>> seen = c.sendPeer(peer()).thenApply(r -> List.copyOf(recorder.events));
            release(200, ScriptedTransport.SENT_BODY);
            assertThat(seen).succeedsWithin(Duration.ofSeconds(5))
                    .isEqualTo(List.of("start send_peer attempt=0", "end ok"));
        }
        assertThat(recorder.startThread).isEqualTo(Thread.currentThread().getName());
        assertThat(recorder.result.get()).isInstanceOf(SendResult.class);
    }

    @Test
    void aCallRefusedByValidationEndsWithItsErrorAndReachesNoInterceptor() {
        Recorder recorder = new Recorder();
        List<String> intercepted = new CopyOnWriteArrayList<>();
        Interceptor any = chain -> {
            intercepted.add("attempt");
            return chain.proceed(chain.request());
        };
        try (RtmAsyncClient c = builder(transport).validator(TestValidator.rejecting(new Violation("payload", Violation.REQUIRED, "empty")))
                .addInstrumentation(observing(recorder, any)).buildAsync()) {
            assertThat(failureOf(c.sendPeer(peer()))).isInstanceOf(RtmValidationException.class);
        }
        assertThat(recorder.events).containsExactly("start send_peer attempt=0", "end RtmValidationException");
        assertThat(intercepted).isEmpty();
        assertThat(transport.calls()).isZero();
    }

    @Test
    void theCallersContextIsCurrentInItsContinuationsOnTheCompletionThreadAndGoneAfterwards() {
        Recorder recorder = new Recorder();
        holdResponses();
        ExecutorService completion = Executors.newSingleThreadExecutor(r -> new Thread(r, "completion"));
        try (RtmAsyncClient c = builder(transport).completionExecutor(completion).addInstrumentation(observing(recorder)).buildAsync()) {
            CALLER.set("caller-trace-1");
            CompletableFuture<String> seen = c.sendPeer(peer())
                    .thenApply(r -> Thread.currentThread().getName() + ":" + CALLER.get());
            CALLER.remove();
            release(200, ScriptedTransport.SENT_BODY);
            assertThat(seen).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("completion:caller-trace-1");
            // nothing is left on the completion thread once the continuation ran
            CompletableFuture<String> after = CompletableFuture.supplyAsync(() -> String.valueOf(CALLER.get()), completion);
            assertThat(after).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("null");
        } finally {
            completion.shutdownNow();
        }
    }

    @Test
    void continuationsSeeTheCallsApiAttemptsAndRequestIdInTheMdcAndNothingIsLeftThere() {
        holdResponses();
        ExecutorService completion = Executors.newSingleThreadExecutor(r -> new Thread(r, "completion"));
        try (RtmAsyncClient c = builder(transport).completionExecutor(completion).buildAsync()) {
            CompletableFuture<Map<String, String>> mdc = c.sendPeer(peer()).thenApply(r -> MDC.getCopyOfContextMap());
            release(200, ScriptedTransport.SENT_BODY);
            assertThat(mdc).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(
                    Map.of("rtm.api", "peer", "rtm.attempt", "1", "rtm.request_id", "r-1"));
            CompletableFuture<Map<String, String>> after = CompletableFuture.supplyAsync(MDC::getCopyOfContextMap, completion);
            assertThat(after).succeedsWithin(Duration.ofSeconds(5)).satisfies(m -> assertThat(m == null ? Map.of() : m).isEmpty());
        } finally {
            completion.shutdownNow();
        }
    }

    @Test
    void theMdcOfAContinuationPutsBackTheValuesTheThreadHadBefore() {
        holdResponses();
        ExecutorService completion = Executors.newSingleThreadExecutor(r -> new Thread(r, "completion"));
        try (RtmAsyncClient c = builder(transport).retryPolicy(FAST).completionExecutor(completion).buildAsync()) {
            completion.submit(() -> {
                MDC.put("rtm.api", "outer");
                MDC.put("rtm.request_id", "outer-id");
            });
            CompletableFuture<Map<String, String>> mdc = c.sendPeer(peer())
                    .handle((r, e) -> MDC.getCopyOfContextMap());
            for (int i = 0; i < 3; i++) {
                release(503, "{\"code\":\"busy\",\"request_id\":\"r-503\"}");
            }
            assertThat(mdc).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(
                    Map.of("rtm.api", "peer", "rtm.attempt", "3", "rtm.request_id", "r-503"));
            CompletableFuture<Map<String, String>> after = CompletableFuture.supplyAsync(MDC::getCopyOfContextMap, completion);
            assertThat(after).succeedsWithin(Duration.ofSeconds(5))
                    .isEqualTo(Map.of("rtm.api", "outer", "rtm.request_id", "outer-id"));
        } finally {
            completion.shutdownNow();
        }
    }

    @Test
    void aCancelledCallEndsItsObserversWithTheCancellation() {
        Recorder recorder = new Recorder();
        transport.hang();
        try (RtmAsyncClient c = builder(transport).addInstrumentation(observing(recorder)).buildAsync()) {
            CompletableFuture<SendResult> f = c.sendPeer(peer());
            assertThat(f.cancel(true)).isTrue();
            waitUntil(() -> recorder.events.size() == 2);
        }
        assertThat(recorder.events).containsExactly("start send_peer attempt=0", "end CancellationException");
        assertThat(recorder.error.get()).isInstanceOf(CancellationException.class);
        assertThat(transport.exchange(0).future()).isCancelled();
    }

    @Test
    void aBlockingCallIsObservedToo() {
        Recorder recorder = new Recorder();
        transport.respond(503, "").respondSent();
        try (RtmClient c = builder(transport).retryPolicy(FAST).addInstrumentation(observing(recorder)).build()) {
            assertThat(c.sendPeer(peer()).attempts()).isEqualTo(2);
        }
        assertThat(recorder.events).containsExactly("start send_peer attempt=0", "end ok");
    }

    @Test
    void anObserverThatThrowsNeverFailsTheCall() {
        CallObserver broken = call -> {
            throw new IllegalStateException("broken observer");
        };
        CallObserver brokenEnd = call -> (r, e) -> {
            throw new IllegalStateException("broken end");
        };
        transport.respondSent();
        try (RtmAsyncClient c = builder(transport)
                .addInstrumentation(new Instrumentation("broken", List.of(), List.of(broken, brokenEnd))).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).code()).isEqualTo("message_sent");
        }
    }

    @Test
    void theSdksLogLinesAboutACallCarryItsMdcAndTheObserversCallContext() {
        // the retry stage logs at debug level (simplelogger.properties of the tests) inside the call's log context
        Recorder recorder = new Recorder();
        transport.respond(503, "{\"request_id\":\"r-503\"}").respondSent();
        try (RtmAsyncClient c = builder(transport).retryPolicy(FAST).addInstrumentation(observing(recorder)).buildAsync()) {
            resultOf(c.sendPeer(peer()));
        }
        assertThat(recorder.mdcInCallContext).contains(Map.of("rtm.api", "peer", "rtm.attempt", "1", "rtm.request_id", "r-503"));
    }

    @Test
    void perExchangeInterceptorsRunAfterTheRateLimiterAndBeforeAuthOnlyForAdmittedAttempts() {
        List<String> log = new CopyOnWriteArrayList<>();
        Interceptor exchange = new Interceptor() {
            @Override
            public CompletableFuture<HttpResponse> intercept(Chain chain) {
                log.add("exchange attempt=" + chain.call().attempt() + " waited="
                        + chain.call().attributes().get(PipelineAttributes.RATE_LIMIT_WAIT).isPresent()
                        + " authorization=" + chain.request().headers().firstValue("Authorization").isPresent());
                return chain.proceed(chain.request().withHeader("traceparent", "tp-" + chain.call().attempt()));
            }

            @Override
            public Phase phase() {
                return Phase.PER_EXCHANGE;
            }
        };
        Interceptor attempt = chain -> {
            log.add("attempt " + chain.call().attempt());
            return chain.proceed(chain.request());
        };
        transport.respond(503, "").respondSent();
        try (RtmAsyncClient c = builder(transport).retryPolicy(FAST).addInterceptor(exchange).addInterceptor(attempt).buildAsync()) {
            resultOf(c.sendPeer(peer()));
            assertThat(c.interceptors()).extracting(Interceptor::name)
                    .containsExactly("retry", attempt.name(), "rate-limit", exchange.name(), "auth");
        }
        assertThat(log).containsExactly("attempt 1", "exchange attempt=1 waited=true authorization=false",
                "attempt 2", "exchange attempt=2 waited=true authorization=false");
        // the header set before auth is on the wire next to the credentials
        assertThat(transport.request(1).headers().firstValue("traceparent")).contains("tp-2");
        assertThat(transport.request(1).headers().firstValue("Authorization")).isPresent();
    }

    @Test
    void anAttemptTheRateLimiterRefusesNeverReachesThePerExchangeInterceptors() {
        List<String> log = new CopyOnWriteArrayList<>();
        Interceptor exchange = new Interceptor() {
            @Override
            public CompletableFuture<HttpResponse> intercept(Chain chain) {
                log.add("exchange");
                return chain.proceed(chain.request());
            }

            @Override
            public Phase phase() {
                return Phase.PER_EXCHANGE;
            }
        };
        transport.respondSentForever();
        RateLimit oneAtATime = RateLimit.perSecond(1).withMaxWait(Duration.ZERO);
        try (RtmAsyncClient c = builder(transport).rateLimit(oneAtATime).addInterceptor(exchange).buildAsync()) {
            resultOf(c.sendPeer(peer()));
            assertThat(failureOf(c.sendPeer(peer()))).isInstanceOf(RtmLocalRateLimitException.class);
        }
        assertThat(log).containsExactly("exchange");
    }

    @Test
    void aDiscoveredInstrumentationIsAddedUnlessDisabledOrGivenByName() {
        TestInstrumentationProvider.LOG.clear();
        transport.respondSentForever();
        sendWith(Map.of(), List.of());
        assertThat(TestInstrumentationProvider.LOG).containsExactly("discovered");

        TestInstrumentationProvider.LOG.clear();
        sendWith(Map.of(PluginLoader.INSTRUMENTATION_DISABLED_PROPERTY, "other, " + TestInstrumentationProvider.NAME), List.of());
        sendWith(Map.of(PluginLoader.INSTRUMENTATION_DISABLED_PROPERTY, "all"), List.of());
        sendWith(Map.of(), List.of(new Instrumentation(TestInstrumentationProvider.NAME, List.of(), List.of())));
        assertThat(TestInstrumentationProvider.LOG).isEmpty();
    }

    private void sendWith(Map<String, String> properties, List<Instrumentation> given) {
        PluginLoader plugins = new PluginLoader(properties::get, name -> null, Fixtures.pluginFixture("instrumentation"));
        RtmAsyncClient c = ClientAssembly.assemble(ClientAssembly.parts()
                .config(RtmConfig.builder().appId(Fixtures.APP_ID).endpoint(java.net.URI.create(Fixtures.ENDPOINT)).build())
                .transport(transport, false).validator(TestValidator.acceptAll())
                .authenticator(TestAuthenticator.basic(), false)
                .instrumentations(given).plugins(plugins));
        try (c) {
            resultOf(c.sendPeer(peer()));
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 5 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
