package io.rtm.benchmarks;

import io.rtm.core.PeerMessage;
import io.rtm.core.internal.Internals;
import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Base64;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the steps of one send cost, each alone, with the same inputs as {@link DispatchBenchmark} (64-character IDs,
 * 1 KB payload): the evidence behind the dispatch analysis in BENCHMARKS.md. Each method repeats exactly what
 * {@code DefaultRtmAsyncClient.send} / {@code SendCall} / {@code BasicAuthenticator} do for that step; the
 * {@code old_*} methods repeat what they did before the fixes of BENCHMARKS.md run 6 (URI built and parsed per call,
 * body copied by the request builder and again by the transport, a timer task per call), so each fix is measured
 * beside what it replaced.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar PipelineCostsBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineCostsBenchmark {

    PeerMessage message;
    String usersPrefix;
    HttpHeaders baseHeaders;
    byte[] body;
    HttpRequest request;
    String basic;
    Internals.Timer idleScheduler;
    Internals.Timer busyScheduler;
    ScheduledFuture<?> pending;
    java.util.function.Function<PeerMessage, URI> targets;
    Set<Object> inFlight;

    /** Prepares the inputs. */
    @Setup
    public void setUp() {
        message = Fixtures.peer(1024);
        usersPrefix = "https://api.agrtc.cn/dev/v2/project/" + Fixtures.APP_ID + "/rtm/users/";
        baseHeaders = HttpHeaders.empty().with("Content-Type", "application/json;charset=utf-8")
                .with("Accept", "application/json").with("User-Agent", "rtm-java/0.1.0 Java/17");
        body = Internals.encode(message);
        request = buildRequest();
        basic = "Basic " + Base64.getEncoder().encodeToString((Fixtures.API_KEY + ":" + Fixtures.API_SECRET).getBytes());
        idleScheduler = Internals.timer();
        busyScheduler = Internals.timer();
        pending = busyScheduler.schedule(() -> { }, TimeUnit.DAYS.toNanos(1)); // an earlier deadline stays at the head
        targets = Internals.peerTargets("https://api.agrtc.cn", Fixtures.APP_ID);
        inFlight = ConcurrentHashMap.newKeySet();
    }

    /** Stops the timer threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pending.cancel(false);
        idleScheduler.close();
        busyScheduler.close();
    }

    /** The sender ID as one percent-encoded path segment (64 characters with specials). */
    @Benchmark
    public String pathSegment() {
        return Internals.pathSegment(message.from());
    }

    /** Before: the request URI by concatenation and {@code URI.create} (a full RFC 2396 parse), per call. */
    @Benchmark
    public URI old_requestUri() {
        return URI.create(usersPrefix + Internals.pathSegment(message.from()) + "/peer_messages");
    }

    /** Now: the request URI from the client's target cache (built once per operation, sender and query). */
    @Benchmark
    public URI requestUri() {
        return targets.apply(message);
    }

    /** Before: the {@code HttpRequest} builder copying the 1 KB body. */
    @Benchmark
    public HttpRequest old_httpRequest() {
        return buildRequest();
    }

    /** Now: the {@code HttpRequest} adopting the freshly encoded body ({@code wrapBody}, no copy). */
    @Benchmark
    public HttpRequest httpRequest() {
        return HttpRequest.builder().method("POST").uri(request.uri()).headers(baseHeaders).wrapBody(body).build();
    }

    private HttpRequest buildRequest() {
        return HttpRequest.builder().method("POST").uri(URI.create(usersPrefix + "alice/peer_messages"))
                .headers(baseHeaders).body(body).build();
    }

    /** Basic auth: {@code request.withHeader("Authorization", ...)} (new header list, new request). */
    @Benchmark
    public HttpRequest basicAuthHeader() {
        return request.withHeader("Authorization", basic);
    }

    /** Before: the transport's copy of the body ({@code request.body()} clones). */
    @Benchmark
    public byte[] old_bodyCopyForTransport() {
        return request.body();
    }

    /** Now: the transport's read-only view of the body ({@code bodyBuffer()}, no copy). */
    @Benchmark
    public ByteBuffer bodyViewForTransport() {
        return request.bodyBuffer();
    }

    /** Before: the per-call deadline, schedule 60 s ahead then cancel, when no other call is pending (wakes the timer thread). */
    @Benchmark
    public boolean old_deadline_idleScheduler() {
        return idleScheduler.schedule(() -> { }, TimeUnit.SECONDS.toNanos(60)).cancel(false);
    }

    /** Now: what a call costs the deadline sweep, one insertion into and removal from the in-flight set. */
    @Benchmark
    public boolean deadline_sweptSet() {
        Object call = new Object();
        inFlight.add(call);
        return inFlight.remove(call);
    }

    /** Before: the same with an earlier deadline pending (the usual case with calls in flight: no wake-up). */
    @Benchmark
    public boolean old_deadline_busyScheduler() {
        return busyScheduler.schedule(() -> { }, TimeUnit.SECONDS.toNanos(60)).cancel(false);
    }
}
