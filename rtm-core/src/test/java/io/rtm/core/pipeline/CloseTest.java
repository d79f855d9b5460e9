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
import java.util.Map;
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
    void failsInFlightCallsSayingTheRequestMayHaveReachedTheService() {
        transport.hang();
        RtmAsyncClient c = builder(transport).buildAsync();
        CompletableFuture<SendResult> inFlight = c.sendPeer(peer());
        c.close();
        Throwable failure = failureOf(inFlight);
        assertThat(failure).isExactlyInstanceOf(RtmClientClosedException.class).hasMessageContaining("closed");
        assertThat(((RtmClientClosedException) failure).aborted()).isTrue();
        assertThat(((RtmClientClosedException) failure).mayHaveReachedService()).isTrue();
        assertThat(((RtmClientClosedException) failure).attempts()).isEqualTo(1);
        assertThat(transport.exchange(0).future()).isCancelled();
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
