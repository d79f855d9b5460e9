package io.rtm.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtm.auth.BasicAuthenticator;
import io.rtm.core.ChannelMessage;
import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmBuilder;
import io.rtm.core.SendResult;
import io.rtm.core.Violation;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.Validator;
import io.rtm.metrics.RtmMetrics;
import io.rtm.validation.RtmValidator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code sendPeer(...).join()} through the whole client pipeline to an {@link InMemoryTransport} that answers
 * {@code 200} at once, so only the SDK's own work is timed.
 * <ul>
 *   <li>{@code sdkFullChain}: validation ({@link RtmValidator}), codec, the retry stage ({@code RetryPolicy.defaults()}),
 *       the rate-limit stage at {@link RateLimit#disabled()}, Basic auth ({@link BasicAuthenticator} from rtm-auth)
 *       and {@link RtmMetrics} on a {@link SimpleMeterRegistry} (its call and attempt interceptors and listener);</li>
 *   <li>{@code baselineEmptyChain}: the same client (same codec, retry stage, deadline scheduling, response mapping)
 *       with a no-op validator, a no-op authenticator and no metrics.</li>
 * </ul>
 * The difference is what validation, Basic auth and metrics add to a call. Both clients are shared by the
 * benchmark threads ({@code _1t}: one thread, {@code _2t}: two).
 *
 * <p>Run: {@code java -jar target/benchmarks.jar DispatchBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class DispatchBenchmark {

    /** Payload size in bytes of the message sent. */
    @Param({"1024"})
    public int payloadSize;

    PeerMessage message;
    InMemoryTransport transport;
    SimpleMeterRegistry registry;
    RtmAsyncClient full;
    RtmAsyncClient empty;

    /** A validator that accepts everything. */
    static final Validator NOOP_VALIDATOR = new Validator() {
        @Override
        public List<Violation> validate(PeerMessage message) {
            return List.of();
        }

        @Override
        public List<Violation> validate(ChannelMessage message) {
            return List.of();
        }
    };

    /** An authenticator that adds nothing. */
    static final Authenticator NOOP_AUTHENTICATOR = new Authenticator() {
        @Override
        public CompletableFuture<HttpRequest> authenticate(HttpRequest request, CallContext call) {
            return CompletableFuture.completedFuture(request);
        }
    };

    /** Builds both clients on one in-memory transport. */
    @Setup
    public void setUp() {
        message = Fixtures.peer(payloadSize);
        transport = new InMemoryTransport();
        registry = new SimpleMeterRegistry();
        full = fullChain(transport, registry);
        empty = emptyChain(transport);
    }

    /** The client with every stage of the chain. */
    static RtmAsyncClient fullChain(InMemoryTransport transport, SimpleMeterRegistry registry) {
        RtmBuilder builder = base(transport)
                .validator(RtmValidator.standard())
                .authenticator(new BasicAuthenticator(Credentials.basic(Fixtures.API_KEY, Fixtures.API_SECRET)));
        return RtmMetrics.bindTo(builder, registry).buildAsync();
    }

    /** The same client with no validation, no authentication and no metrics. */
    static RtmAsyncClient emptyChain(InMemoryTransport transport) {
        return base(transport).validator(NOOP_VALIDATOR).authenticator(NOOP_AUTHENTICATOR).buildAsync();
    }

    private static RtmBuilder base(InMemoryTransport transport) {
        return Rtm.builder()
                .endpoint("http://127.0.0.1:9")
                .appId(Fixtures.APP_ID)
                .transport(transport)
                .rateLimit(RateLimit.disabled())
                .addInstrumentation(TracingBenchmark.NO_TRACING); // rtm-opentelemetry is on this class path: keep it out
    }

    /** Closes both clients. */
    @TearDown
    public void tearDown() {
        full.close();
        empty.close();
    }

    /** SDK, one thread: the full chain. */
    @Benchmark
    @Threads(1)
    public SendResult dispatch_1t_sdkFullChain() {
        return full.sendPeer(message).join();
    }

    /** Baseline, one thread: the empty chain. */
    @Benchmark
    @Threads(1)
    public SendResult dispatch_1t_baselineEmptyChain() {
        return empty.sendPeer(message).join();
    }

    /** SDK, two threads sharing the client: the full chain. */
    @Benchmark
    @Threads(2)
    public SendResult dispatch_2t_sdkFullChain() {
        return full.sendPeer(message).join();
    }

    /** Baseline, two threads sharing the client: the empty chain. */
    @Benchmark
    @Threads(2)
    public SendResult dispatch_2t_baselineEmptyChain() {
        return empty.sendPeer(message).join();
    }
}
