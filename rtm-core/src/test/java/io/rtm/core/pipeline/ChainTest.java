package io.rtm.core.pipeline;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.peer;
import static io.rtm.core.testsupport.Fixtures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.error.Reason;
import io.rtm.core.spi.AttributeKey;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.core.spi.PipelineAttributes;
import io.rtm.core.testsupport.ScriptedTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one chain: its links in order (the built-in retry, rate-limit and auth stages among them) and the per-call attributes. */
class ChainTest {

    private final ScriptedTransport transport = new ScriptedTransport();

    /** A named interceptor of a phase that passes the request on. */
    private static Interceptor named(String name, Phase phase) {
        return new Interceptor() {
            @Override
            public CompletableFuture<HttpResponse> intercept(Chain chain) {
                return chain.proceed(chain.request());
            }

            @Override
            public Phase phase() {
                return phase;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    @Test
    void aDefaultClientsChainIsRetryThenRateLimitThenAuth() {
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            assertThat(c.interceptors()).extracting(Interceptor::name).containsExactly("retry", "rate-limit", "auth");
            assertThat(c.interceptors()).extracting(Interceptor::phase)
                    .containsExactly(Phase.PER_CALL, Phase.PER_ATTEMPT, Phase.PER_ATTEMPT);
        }
    }

    @Test
    void perCallInterceptorsComeBeforeRetryAndPerAttemptOnesBetweenRetryAndRateLimit() {
        try (RtmAsyncClient c = builder(transport)
                .addInterceptor(named("trace", Phase.PER_ATTEMPT))
                .addInterceptor(named("timer", Phase.PER_CALL))
                .addInterceptor(named("audit", Phase.PER_ATTEMPT)).buildAsync()) {
            assertThat(c.interceptors()).extracting(Interceptor::name)
                    .containsExactly("timer", "retry", "trace", "audit", "rate-limit", "auth");
        }
    }

    @Test
    void theBuiltInStagesRefuseToRunOutsideAClientsChain() {
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            Chain foreign = new Chain() {
                @Override
                public io.rtm.core.spi.HttpRequest request() {
                    return null;
                }

                @Override
                public io.rtm.core.spi.CallContext call() {
                    return null;
                }

                @Override
                public CompletableFuture<HttpResponse> proceed(io.rtm.core.spi.HttpRequest request) {
                    return null;
                }
            };
            for (Interceptor builtIn : c.interceptors()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> builtIn.intercept(foreign))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("runs only in an RTM client's chain");
            }
        }
    }

    private static final AttributeKey<AtomicInteger> ATTEMPTS_SEEN = AttributeKey.of("test.attempts", AtomicInteger.class);

    @Test
    void interceptorsShareOneAttributeBagPerCallAcrossAttempts() {
        List<Integer> seenByTheCallInterceptor = new CopyOnWriteArrayList<>();
        Interceptor perCall = new Interceptor() {
            @Override
            public CompletableFuture<HttpResponse> intercept(Chain chain) {
                AtomicInteger attempts = new AtomicInteger();
                chain.call().attributes().put(ATTEMPTS_SEEN, attempts);
                return chain.proceed(chain.request()).whenComplete((r, e) -> seenByTheCallInterceptor.add(attempts.get()));
            }

            @Override
            public Phase phase() {
                return Phase.PER_CALL;
            }
        };
        Interceptor perAttempt = chain -> {
            chain.call().attributes().get(ATTEMPTS_SEEN).orElseThrow().incrementAndGet();
            return chain.proceed(chain.request());
        };
        transport.respond(503, "").respond(503, "").respondSent().respondSent();
        RetryPolicy fast = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();
        try (RtmAsyncClient c = builder(transport).retryPolicy(fast).addInterceptor(perCall).addInterceptor(perAttempt).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).attempts()).isEqualTo(3);
            assertThat(resultOf(c.sendPeer(peer())).attempts()).isEqualTo(1); // a new call: a new bag
        }
        assertThat(seenByTheCallInterceptor).containsExactly(3, 1);
    }

    @Test
    void theRetryStagePublishesWhyAndAfterHowLongEachRetryAttemptRuns() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Interceptor perAttempt = chain -> {
            var attributes = chain.call().attributes();
            seen.add(chain.call().attempt() + ":" + attributes.get(PipelineAttributes.RETRY_REASON).map(Reason::value).orElse("-")
                    + ":" + attributes.get(PipelineAttributes.RETRY_DELAY).map(Duration::toMillis).orElse(-1L));
            return chain.proceed(chain.request());
        };
        transport.respond(429, "{\"code\":\"rate_limited\"}", "Retry-After", "0")
                .fail(() -> io.rtm.core.error.RtmTransportException.connectFailed("refused", null))
                .respondSent();
        RetryPolicy fixed = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1)).build();
        try (RtmAsyncClient c = builder(transport).retryPolicy(fixed).rateLimit(io.rtm.core.RateLimit.disabled())
                .addInterceptor(perAttempt).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).attempts()).isEqualTo(3);
        }
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).isEqualTo("1:-:-1");
        assertThat(seen.get(1)).isEqualTo("2:rate_limited:0");
        assertThat(seen.get(2)).startsWith("3:connect_failure:");
    }
}
