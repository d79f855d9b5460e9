package io.rtm.core.pipeline;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static io.rtm.core.testsupport.Fixtures.peer;
import static io.rtm.core.testsupport.Fixtures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.SendResult;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.core.Operation;
import io.rtm.core.testsupport.ScriptedTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Per-call and per-attempt interceptors, and the chain's contract. */
class InterceptorTest {

    private static final RetryPolicy FAST = RetryPolicy.builder()
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();

    private final ScriptedTransport transport = new ScriptedTransport();

    /** Records the context of each invocation and passes the request on unchanged. */
    static final class Recording implements Interceptor {
        final List<CallContext> contexts = new CopyOnWriteArrayList<>();
        final List<String> log;
        final String name;
        final Phase phase;

        Recording(String name, Phase phase, List<String> log) {
            this.name = name;
            this.phase = phase;
            this.log = log;
        }

        @Override
        public CompletableFuture<HttpResponse> intercept(Chain chain) {
            contexts.add(chain.call());
            log.add(name);
            return chain.proceed(chain.request().withHeader("X-Seen-" + name, "1"));
        }

        @Override
        public Phase phase() {
            return phase;
        }
    }

    @Test
    void runsAPerCallInterceptorOncePerCallAndAPerAttemptInterceptorOncePerAttempt() {
        List<String> log = new CopyOnWriteArrayList<>();
        Recording perCall = new Recording("call", Phase.PER_CALL, log);
        Recording perAttempt = new Recording("attempt", Phase.PER_ATTEMPT, log);
        transport.respond(503, "").respond(500, "").respondSent();
        try (RtmAsyncClient c = builder(transport).retryPolicy(FAST).addInterceptor(perAttempt).addInterceptor(perCall).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).attempts()).isEqualTo(3);
        }
        assertThat(log).containsExactly("call", "attempt", "attempt", "attempt");
        assertThat(perCall.contexts).singleElement().satisfies(ctx -> {
            assertThat(ctx.operation()).isSameAs(Operation.SEND_PEER);
            assertThat(ctx.appId()).isEqualTo("app1");
            assertThat(ctx.userId()).contains("alice");
            assertThat(ctx.attempt()).isZero();
        });
        assertThat(perAttempt.contexts).extracting(CallContext::attempt).containsExactly(1, 2, 3);
        assertThat(perAttempt.contexts).allSatisfy(ctx -> assertThat(ctx.attributes()).isSameAs(perCall.contexts.get(0).attributes()));
    }

    @Test
    void runsInterceptorsOfAPhaseInTheOrderAddedAndPerCallOnesFirst() {
        List<String> log = new CopyOnWriteArrayList<>();
        transport.respondSent();
        try (RtmAsyncClient c = builder(transport)
                .addInterceptor(new Recording("attempt-1", Phase.PER_ATTEMPT, log))
                .addInterceptor(new Recording("call-1", Phase.PER_CALL, log))
                .addInterceptor(new Recording("attempt-2", Phase.PER_ATTEMPT, log))
                .addInterceptor(new Recording("call-2", Phase.PER_CALL, log))
                .buildAsync()) {
            resultOf(c.sendPeer(peer()));
        }
        assertThat(log).containsExactly("call-1", "call-2", "attempt-1", "attempt-2");
        assertThat(transport.request(0).headers().asList()).extracting(h -> h.name())
                .containsSubsequence("X-Seen-call-1", "X-Seen-call-2", "X-Seen-attempt-1", "X-Seen-attempt-2", "Authorization");
    }

    @Test
    void passesTheInterceptorsRequestOnAndItsResponseBack() {
        Interceptor rewriting = chain -> chain.proceed(chain.request().withHeader("X-Trace", "t-1"))
                .thenApply(r -> ScriptedTransport.response(200, "{\"code\":\"message_delivered\"}"));
        transport.respond(200, "{\"code\":\"message_sent\"}");
        try (RtmAsyncClient c = builder(transport).addInterceptor(rewriting).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).code()).isEqualTo("message_delivered");
        }
        assertThat(transport.request(0).headers().firstValue("X-Trace")).contains("t-1");
    }

    @Test
    void failsTheCallWithIllegalStateExceptionWhenAnInterceptorProceedsTwiceAndSendsOnce() {
        Interceptor twice = chain -> {
            CompletableFuture<HttpResponse> first = chain.proceed(chain.request());
            try {
                chain.proceed(chain.request());
            } catch (IllegalStateException expected) {
                // swallowed on purpose: the chain must still fail the call
            }
            return first;
        };
        transport.respondSent();
        try (RtmAsyncClient c = builder(transport).addInterceptor(twice).buildAsync()) {
            assertThat(failureOf(c.sendPeer(peer()))).isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("proceed() more than once");
        }
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void failsTheCallWhenAPerCallInterceptorProceedsTwiceAndStartsOneAttempt() {
        Interceptor twice = new Interceptor() {
            @Override
            public CompletableFuture<HttpResponse> intercept(Chain chain) {
                chain.proceed(chain.request());
                return chain.proceed(chain.request());
            }

            @Override
            public Phase phase() {
                return Phase.PER_CALL;
            }
        };
        transport.respondSent();
        try (RtmAsyncClient c = builder(transport).addInterceptor(twice).buildAsync()) {
            assertThat(failureOf(c.sendPeer(peer()))).isExactlyInstanceOf(IllegalStateException.class);
        }
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void failsTheFutureWhenAnInterceptorThrowsInsteadOfThrowingToTheCaller() {
        RuntimeException boom = new IllegalArgumentException("interceptor bug");
        Interceptor throwing = chain -> {
            throw boom;
        };
        try (RtmAsyncClient c = builder(transport).addInterceptor(throwing).buildAsync()) {
            CompletableFuture<SendResult> f = c.sendPeer(peer());
            assertThat(failureOf(f)).isSameAs(boom);
        }
        assertThat(transport.calls()).isZero();
    }

    @Test
    void failsTheFutureWhenAnInterceptorReturnsNull() {
        Interceptor returningNull = chain -> null;
        try (RtmAsyncClient c = builder(transport).addInterceptor(returningNull).buildAsync()) {
            assertThat(failureOf(c.sendPeer(peer()))).isExactlyInstanceOf(IllegalStateException.class).hasMessageContaining("returned null");
        }
        assertThat(transport.calls()).isZero();
    }

    @Test
    void letsAnInterceptorAnswerWithoutProceeding() {
        Interceptor shortCircuit = chain -> CompletableFuture.completedFuture(ScriptedTransport.response(200, "{\"code\":\"message_sent\"}"));
        try (RtmAsyncClient c = builder(transport).addInterceptor(shortCircuit).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).code()).isEqualTo("message_sent");
        }
        assertThat(transport.calls()).isZero();
    }

    @Test
    void showsAPerCallInterceptorTheFinalFailureAfterRetries() {
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        Interceptor observer = new Interceptor() {
            @Override
            public CompletableFuture<HttpResponse> intercept(Chain chain) {
                return chain.proceed(chain.request()).whenComplete((r, e) -> seen.add(e == null ? new AssertionError(r.status()) : e));
            }

            @Override
            public Phase phase() {
                return Phase.PER_CALL;
            }
        };
        for (int i = 0; i < 3; i++) {
            transport.fail(() -> io.rtm.core.error.RtmTransportException.connectFailed("refused", null));
        }
        try (RtmAsyncClient c = builder(transport).retryPolicy(FAST).addInterceptor(observer).buildAsync()) {
            failureOf(c.sendPeer(peer()));
        }
        assertThat(seen).singleElement().isInstanceOf(io.rtm.core.error.RtmTransportException.class);
    }
}
