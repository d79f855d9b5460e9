package io.rtm.core.pipeline;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static io.rtm.core.testsupport.Fixtures.peer;
import static io.rtm.core.testsupport.Fixtures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.Credentials;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmClientClosedException;
import io.rtm.core.internal.PluginLoader;
import io.rtm.core.testsupport.Fixtures;
import io.rtm.core.testsupport.ScriptedTransport;
import io.rtm.core.testsupport.TestPlugins;
import io.rtm.core.RateLimit;
import io.rtm.core.spi.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What close() does to calls, threads and the transport. */
class CloseTest {

    private final ScriptedTransport transport = new ScriptedTransport();

    private static Set<Thread> schedulerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("rtm-scheduler-") && t.isAlive()).collect(Collectors.toSet());
    }

    @Test
    void abortsCallsStillInFlightAfterTheGracePeriodSayingTheyMayHaveReachedTheService() {
        transport.hang();
        RtmAsyncClient c = builder(transport).buildAsync();
        CompletableFuture<SendResult> inFlight = c.sendPeer(peer());
        long start = System.nanoTime();
        c.close(Duration.ofMillis(200));
        long closedAfterMs = (System.nanoTime() - start) / 1_000_000;
        Throwable failure = failureOf(inFlight);
        assertThat(failure).isExactlyInstanceOf(RtmClientClosedException.class)
                .hasMessageContaining("aborted after the grace period of PT0.2S").hasMessageContaining("may have reached the service");
        RtmClientClosedException e = (RtmClientClosedException) failure;
        assertThat(e.aborted()).isTrue();
        assertThat(e.mayHaveReachedService()).isTrue();
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(closedAfterMs).as("waited for the grace period").isGreaterThanOrEqualTo(190);
        assertThat(transport.exchange(0).future()).isCancelled();
    }

    @Test
    void letsACallInFlightFinishWithinTheGracePeriod() throws Exception {
        // before: close() aborted every send in flight at once
        ScheduledExecutorService io = Executors.newSingleThreadScheduledExecutor();
        try {
            transport.otherwise(r -> {
                CompletableFuture<HttpResponse> f = new CompletableFuture<>();
                io.schedule(() -> f.complete(ScriptedTransport.response(200, ScriptedTransport.SENT_BODY)), 300, TimeUnit.MILLISECONDS);
                return f;
            });
            RtmAsyncClient c = builder(transport).buildAsync();
            CompletableFuture<SendResult> inFlight = c.sendPeer(peer());
            long start = System.nanoTime();
            c.close(Duration.ofSeconds(5));
            long closedAfterMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(inFlight).as("its future is completed when close returns, not later on the completion pool").isDone();
            assertThat(resultOf(inFlight).code()).isEqualTo("message_sent");
            assertThat(closedAfterMs).as("returned when the last call finished, not at the end of the grace").isLessThan(4_000);
        } finally {
            io.shutdownNow();
        }
    }

    @Test
    void aContinuationThatClosesItsOwnClientDoesNotWaitForItself() throws Exception {
        transport.respondSentForever();
        RtmAsyncClient c = builder(transport).buildAsync();
        CompletableFuture<Long> closedAfterMs = c.sendPeer(peer()).thenApply(r -> {
            long start = System.nanoTime();
            c.close(Duration.ofSeconds(5)); // on a completion thread: waiting for the pool would wait for itself
            return (System.nanoTime() - start) / 1_000_000;
        });
        assertThat(closedAfterMs.get(10, TimeUnit.SECONDS)).isLessThan(2_000);
    }

    @Test
    void letsARetryFinishWithinTheGracePeriodAndRefusesNewCallsMeanwhile() throws Exception {
        transport.respond(503, "", "Retry-After", "1").respondSent();
        RtmAsyncClient c = builder(transport).buildAsync();
        CompletableFuture<SendResult> retrying = c.sendPeer(peer());
        Thread closer = new Thread(() -> c.close(Duration.ofSeconds(5)));
        closer.start();
        Thread.sleep(100); // the close is waiting for the retry (due in 1 s)
        Throwable refused = failureOf(c.sendPeer(peer()));
        assertThat(refused).isExactlyInstanceOf(RtmClientClosedException.class);
        assertThat(((RtmClientClosedException) refused).aborted()).isFalse();
        assertThat(((RtmClientClosedException) refused).attempts()).isZero();
        assertThat(resultOf(retrying).attempts()).isEqualTo(2);
        closer.join(5_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(transport.calls()).isEqualTo(2);
    }

    @Test
    void aCallAbortedWhileWaitingForTheRateLimiterSaysItNeverReachedTheService() {
        transport.respondSentForever();
        RtmAsyncClient c = builder(transport).rateLimit(RateLimit.perSecond(1)).buildAsync();
        resultOf(c.sendPeer(peer()));
        CompletableFuture<SendResult> waiting = c.sendPeer(peer()); // its slot is ~1 s away
        c.close(Duration.ofMillis(100));
        Throwable failure = failureOf(waiting);
        assertThat(failure).isExactlyInstanceOf(RtmClientClosedException.class);
        assertThat(((RtmClientClosedException) failure).mayHaveReachedService()).isFalse();
        assertThat(((RtmClientClosedException) failure).attempts()).isZero();
        assertThat(failure.getMessage()).contains("did not reach the service");
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void closeWithoutAGraceUsesTheConfiguredOne() {
        transport.hang();
        RtmAsyncClient c = builder(transport).closeGrace(Duration.ofMillis(150)).buildAsync();
        CompletableFuture<SendResult> inFlight = c.sendPeer(peer());
        c.close();
        assertThat(failureOf(inFlight)).hasMessageContaining("grace period of PT0.15S");
    }

    /** An authenticator owning resources. */
    static final class ClosableAuthenticator implements io.rtm.core.spi.Authenticator, AutoCloseable {
        final java.util.concurrent.atomic.AtomicInteger closes = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public CompletableFuture<io.rtm.core.spi.HttpRequest> authenticate(io.rtm.core.spi.HttpRequest request,
                                                                          io.rtm.core.spi.CallContext call) {
            return CompletableFuture.completedFuture(request);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void closesAnAuthenticatorItOwnsButNotOneTheCallerGaveTheBuilder() {
        ClosableAuthenticator given = new ClosableAuthenticator();
        Rtm.builder().appId("app").endpoint("http://127.0.0.1:1").transport(transport)
                .validator(io.rtm.core.testsupport.TestValidator.acceptAll()).authenticator(given).buildAsync().close();
        assertThat(given.closes.get()).isZero();

        ClosableAuthenticator bound = new ClosableAuthenticator();
        com.google.inject.Injector injector = com.google.inject.Guice.createInjector(
                new io.rtm.core.RtmCoreModule(io.rtm.core.RtmConfig.builder().appId("app").endpoint(java.net.URI.create("http://127.0.0.1:1")).build()),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        OptionalBinder.newOptionalBinder(binder(), io.rtm.core.spi.Authenticator.class).setBinding().toInstance(bound);
                        OptionalBinder.newOptionalBinder(binder(), io.rtm.core.spi.Transport.class).setBinding().toInstance(transport);
                        OptionalBinder.newOptionalBinder(binder(), io.rtm.core.spi.Validator.class).setBinding()
                                .toInstance(io.rtm.core.testsupport.TestValidator.acceptAll());
                    }
                });
        injector.getInstance(RtmAsyncClient.class).close();
        assertThat(bound.closes.get()).isEqualTo(1);
    }

    @Test
    void failsNewCallsWithoutSendingThem() {
        RtmAsyncClient c = builder(transport).buildAsync();
        c.close();
        assertThat(failureOf(c.sendPeer(peer()))).isExactlyInstanceOf(RtmClientClosedException.class).hasMessageContaining("closed")
                .satisfies(e -> assertThat(((RtmClientClosedException) e).mayHaveReachedService()).isFalse());
        assertThat(failureOf(c.sendChannel(Fixtures.channel()))).isExactlyInstanceOf(RtmClientClosedException.class);
        assertThat(transport.calls()).isZero();
    }

    @Test
    void stopsTheSchedulerThread() throws InterruptedException {
        Set<Thread> before = schedulerThreads();
        transport.respondSent();
        RtmAsyncClient c = builder(transport).buildAsync();
        resultOf(c.sendPeer(peer())); // the first call starts the timer thread
        Set<Thread> mine = schedulerThreads();
        mine.removeAll(before);
        assertThat(mine).hasSize(1);
        c.close();
        Thread thread = mine.iterator().next();
        thread.join(2000);
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void isIdempotent() {
        RtmAsyncClient c = builder(transport).buildAsync();
        c.close();
        c.close();
        assertThat(transport.closed()).isFalse();
    }

    @Test
    void doesNotCloseATransportGivenToTheBuilder() {
        transport.respondSent().respondSent();
        RtmAsyncClient first = builder(transport).buildAsync();
        RtmAsyncClient second = builder(transport).buildAsync();
        resultOf(first.sendPeer(peer()));
        first.close();
        assertThat(transport.closed()).isFalse();
        assertThat(resultOf(second.sendPeer(peer())).attempts()).isEqualTo(1); // one transport may serve several clients
        second.close();
        assertThat(transport.closed()).isFalse();
    }

    @Test
    void closesADiscoveredTransport() {
        TestPlugins.CREATED_TRANSPORTS.clear();
        PluginLoader loader = new PluginLoader(Map.<String, String>of()::get, Map.<String, String>of()::get, Fixtures.pluginFixture("complete"));
        RtmAsyncClient c = Rtm.builder().appId("app1").endpoint(Fixtures.ENDPOINT).credentials(Credentials.basic("k", "secret"))
                .addModule(new AbstractModule() {
                    @Override
                    protected void configure() {
                        OptionalBinder.newOptionalBinder(binder(), PluginLoader.class).setBinding().toInstance(loader);
                    }
                }).buildAsync();
        assertThat(resultOf(c.sendPeer(peer())).code()).isEqualTo("message_sent");
        assertThat(TestPlugins.CREATED_TRANSPORTS).hasSize(1);
        ScriptedTransport discovered = TestPlugins.CREATED_TRANSPORTS.get(0);
        assertThat(discovered.calls()).isEqualTo(1);
        assertThat(discovered.closed()).isFalse();
        c.close();
        assertThat(discovered.closed()).isTrue();
    }
}
