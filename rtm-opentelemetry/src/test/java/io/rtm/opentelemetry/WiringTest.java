package io.rtm.opentelemetry;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.multibindings.OptionalBinder;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.rtm.core.Credentials;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.RtmConfig;
import io.rtm.core.RtmCoreModule;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.Validator;
import io.rtm.core.testsupport.Fixtures;
import io.rtm.core.testsupport.ScriptedTransport;
import io.rtm.core.testsupport.TestAuthenticator;
import io.rtm.core.testsupport.TestValidator;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ways tracing gets into a client: discovered on the class path, the builder hook, Guice. */
class WiringTest {

    private final TestTracing tracing = new TestTracing();
    private final ScriptedTransport transport = new ScriptedTransport().respondSentForever();

    @AfterEach
    void close() {
        GlobalOpenTelemetry.resetForTest();
        tracing.close();
    }

    @Test
    void onTheClassPathEveryClientIsTracedThroughTheGlobalOpenTelemetry() {
        GlobalOpenTelemetry.set(tracing.sdk);
        try (RtmClient c = builder(transport).build()) {
            c.sendPeer(peer());
        }
        assertThat(tracing.span("send_peer")).isNotNull();
        assertThat(tracing.children(tracing.span("send_peer"))).hasSize(1);
        assertThat(transport.request(0).headers().firstValue("traceparent")).isPresent();
    }

    @Test
    void withoutAGlobalOpenTelemetryTheDiscoveredTracingOnlyCarriesTheCallersContext() {
        ContextKey<String> key = ContextKey.named("k");
        transport.otherwise(r -> new CompletableFuture<>()); // answered below, after the continuation is attached
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            CompletableFuture<String> seen;
            try (Scope ignored = Context.current().with(key, "v").makeCurrent()) {
                seen = c.sendPeer(peer()).thenApply(r -> Context.current().get(key));
            }
            transport.exchange(0).future().complete(ScriptedTransport.response(200, ScriptedTransport.SENT_BODY));
            assertThat(seen.join()).isEqualTo("v");
        }
        assertThat(tracing.spans()).isEmpty();
        assertThat(transport.request(0).headers().firstValue("traceparent")).isEmpty();
    }

    @Test
    void aClientGivenTracingExplicitlyIsNotTracedTwiceByTheDiscoveredOne() {
        GlobalOpenTelemetry.set(tracing.sdk);
        try (RtmClient c = RtmTracing.bindTo(builder(transport), tracing.sdk).build()) {
            c.sendPeer(peer());
        }
        assertThat(tracing.spans()).hasSize(2);
    }

    @Test
    void theBuilderHookTracesOnlyThroughTheGivenOpenTelemetry() {
        Span caller = tracing.sdk.getTracer("test").spanBuilder("caller").startSpan();
        try (RtmClient c = RtmTracing.bindTo(builder(transport), tracing.sdk).build(); Scope ignored = caller.makeCurrent()) {
            c.sendPeer(peer());
        } finally {
            caller.end();
        }
        assertThat(tracing.span("send_peer").getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
    }

    @Test
    void theGuiceModuleContributesTheTracing() {
        RtmConfig config = RtmConfig.builder().appId(Fixtures.APP_ID).endpoint(URI.create(Fixtures.ENDPOINT)).build();
        RtmClient c = Guice.createInjector(new RtmCoreModule(config), new TracingModule(tracing.sdk), new TracingModule(tracing.sdk),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        OptionalBinder.newOptionalBinder(binder(), Transport.class).setBinding().toInstance(transport);
                        OptionalBinder.newOptionalBinder(binder(), Authenticator.class).setBinding().toInstance(TestAuthenticator.basic());
                        OptionalBinder.newOptionalBinder(binder(), Validator.class).setBinding().toInstance(TestValidator.acceptAll());
                        OptionalBinder.newOptionalBinder(binder(), Credentials.class).setBinding().toInstance(Credentials.basic("k", "s"));
                    }
                }).getInstance(RtmClient.class);
        try (c) {
            c.sendPeer(peer());
        }
        assertThat(tracing.spans()).extracting(s -> s.getName())
                .containsExactly("send_peer", TestTracing.PEER_EXCHANGE); // installed twice, contributed once
    }
}
