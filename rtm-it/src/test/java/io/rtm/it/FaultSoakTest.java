package io.rtm.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.ChannelMessage;
import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.RequestOptions;
import io.rtm.core.RetryPolicy;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.SendResult;
import io.rtm.core.error.Reason;
import io.rtm.core.error.RtmException;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.emulator.AcceptedMessage;
import io.rtm.emulator.AppStats;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.Faults;
import io.rtm.emulator.RtmEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 11 (keep the probes in the build): thousands of sends through each transport, over real loopback sockets,
 * while the emulator injects 500 and 408 before acceptance, drops connections after reading a request, answers 500 or
 * drops the connection after accepting (so that retries make duplicates), with random latency, and a proxy in front
 * of it resets or closes connections before a request is read and answers 429 with {@code Retry-After}. Accounting is
 * exact: every future completes exactly once with a result or an {@link RtmException}; every status the client saw
 * is one the emulator or the proxy sent; the emulator holds a message more than once only when its call reports more
 * than one attempt, and never holds one whose call said it could not have reached the service.
 */
class FaultSoakTest {

    private static final int SENDS = 3_000;
    private static RtmEmulator emulator;
    private static EmulatorApp app;

    @BeforeAll
    static void start() {
        // the emulator's own quota is out of the way: 429s come from the proxy, counted one by one
        emulator = RtmEmulator.builder().rateLimitPerSecond(1_000_000).start();
        app = emulator.app();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    /** Counts what each attempt ended with, as the chain saw it: a response by status, or a failure by reason. */
    private static final class AttemptCounter implements Interceptor {
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<HttpResponse> intercept(Chain chain) {
            return chain.proceed(chain.request()).whenComplete((response, error) -> {
                if (response != null) {
                    statuses.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
                } else {
                    failures.computeIfAbsent(Reason.of(error).value(), s -> new AtomicInteger()).incrementAndGet();
                }
            });
        }

        int status(int status) {
            AtomicInteger n = statuses.get(status);
            return n == null ? 0 : n.get();
        }

        int failure(Reason reason) {
            AtomicInteger n = failures.get(reason.value());
            return n == null ? 0 : n.get();
        }
    }

    /** Counts calls entering the chain and calls whose chain outcome completed (once each, if all is well). */
    private static final class CallCounter implements Interceptor {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();

        @Override
        public Phase phase() {
            return Phase.PER_CALL;
        }

        @Override
        public CompletableFuture<HttpResponse> intercept(Chain chain) {
            started.incrementAndGet();
            return chain.proceed(chain.request()).whenComplete((r, e) -> ended.incrementAndGet());
        }
    }

    @ParameterizedTest
    @EnumSource(TestTransport.class)
    void everySendEndsExactlyOnceAndTheEmulatorAgreesWithWhatEachCallReported(TestTransport transport) throws Exception {
        emulator.reset();
        emulator.faults(app.appId(), Faults.builder()
                .errorProbability(0.04).timeoutProbability(0.03).dropProbability(0.03)
                .afterAcceptErrorProbability(0.03).afterAcceptDropProbability(0.03)
                .latency(Duration.ZERO, Duration.ofMillis(15)).seed(11).build());
        AttemptCounter attempts = new AttemptCounter();
        CallCounter calls = new CallCounter();
        AtomicIntegerArray completions = new AtomicIntegerArray(SENDS);
        AtomicReferenceArray<Object> outcomes = new AtomicReferenceArray<>(SENDS);
        long startNanos;
        long elapsedMs;
        try (ChaosProxy proxy = new ChaosProxy(emulator.port(), 0.03, 0.02, 0.03, 1, 11)) {
            try (RtmAsyncClient rtm = transport.buildAsync(Rtm.builder().endpoint(proxy.endpoint()).appId(app.appId())
                    .credentials(Credentials.basic(app.apiKey(), app.apiSecret()))
                    // at-least-once with 4 attempts; short backoffs keep the soak short, a 429's Retry-After (1 s) is honoured
                    .retryPolicy(RetryPolicy.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(5))
                            .maxBackoff(Duration.ofMillis(50)).build())
                    // the local limiter stays in the road (permits released under faults, a 429 pauses the quota
                    // briefly); every send is queued at once, so the wait may be long
                    .rateLimit(RateLimit.perSecond(1_000).withMaxWait(Duration.ofSeconds(60))
                            .withMaxPenalty(Duration.ofMillis(20)))
                    .addInterceptor(calls).addInterceptor(attempts)
                    .responseTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(60)))) {
                startNanos = System.nanoTime();
                List<CompletableFuture<SendResult>> futures = new ArrayList<>(SENDS);
                for (int i = 0; i < SENDS; i++) {
                    int index = i;
                    CompletableFuture<SendResult> f = send(rtm, transport, i);
                    f.whenComplete((r, e) -> {
                        completions.incrementAndGet(index);
                        outcomes.set(index, e != null ? e : r);
                    });
                    futures.add(f);
                }
                // no send may be lost: all end well within their 60 s deadline (the proxy's 429s wait 1 s each)
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).handle((v, e) -> null)
                        .get(90, TimeUnit.SECONDS);
                elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            }
            // the outcome callbacks run on the completion executor: the last ones may still be running
            awaitCompletions(completions);

            Map<String, Long> accepted = emulator.accepted(app.appId()).stream()
                    .collect(Collectors.groupingBy(AcceptedMessage::payload, Collectors.counting()));
            AppStats stats = emulator.stats(app.appId());
            Map<String, Integer> byOutcome = new TreeMap<>();
            int duplicates = 0;
            long attemptsReported = 0;
            List<String> violations = new ArrayList<>();
            for (int i = 0; i < SENDS; i++) {
                assertThat(completions.get(i)).as("completions of send %d", i).isEqualTo(1);
                Object outcome = outcomes.get(i);
                long held = accepted.getOrDefault(payload(transport, i), 0L);
                int n;
                if (outcome instanceof SendResult r) {
                    n = r.attempts();
                    byOutcome.merge("sent", 1, Integer::sum);
                    if (held == 0) {
                        violations.add("send " + i + " succeeded but the emulator does not hold it: " + r);
                    }
                } else if (outcome instanceof RtmException e) {
                    n = e.attempts();
                    byOutcome.merge(e.reason().value() + (e.mayHaveReachedService() ? " (may have reached)" : " (not reached)"),
                            1, Integer::sum);
                    if (held > 0 && !e.mayHaveReachedService()) {
                        violations.add("send " + i + " says it cannot have reached the service, the emulator holds it "
                                + held + "x: " + e);
                    }
                } else {
                    throw new AssertionError("send " + i + " ended with something that is not an RtmException", (Throwable) outcome);
                }
                attemptsReported += n;
                if (held > 1) {
                    duplicates++;
                    if (n <= 1) {
                        violations.add("send " + i + " is held " + held + "x but reports " + n + " attempt(s)");
                    }
                }
                if (held > n) {
                    violations.add("send " + i + " is held " + held + "x, more than its " + n + " attempt(s)");
                }
            }
            System.out.printf("FaultSoakTest[%s]: %d sends in %d ms; outcomes %s; %d held twice or more (%d accepted "
                            + "for %d distinct); %d attempts reported by the calls, responses seen %s, attempt failures %s; "
                            + "emulator: %d requests, by status %s, %d connections dropped; proxy: %d requests on %d "
                            + "connections (slowest connect to the emulator %d ms), %d reset and %d closed before reading, %d answered 429%n",
                    transport, SENDS, elapsedMs, byOutcome, duplicates, stats.accepted(), accepted.size(),
                    attemptsReported, new TreeMap<>(attempts.statuses), new TreeMap<>(attempts.failures), stats.requests(),
                    new TreeMap<>(stats.byStatus()), stats.droppedConnections(), proxy.requests(), proxy.connections(), proxy.slowestConnectMillis(),
                    proxy.count(ChaosProxy.Action.RESET_BEFORE_READ), proxy.count(ChaosProxy.Action.CLOSE_BEFORE_READ),
                    proxy.count(ChaosProxy.Action.TOO_MANY_REQUESTS));

            assertThat(violations).isEmpty();
            // each call went through the chain once and its chain outcome completed once
            assertThat(calls.started.get()).isEqualTo(SENDS);
            assertThat(calls.ended.get()).isEqualTo(SENDS);
            // every response the client saw was sent by the emulator or the proxy, and every one they sent reached the
            // client unless the call's deadline cancelled its attempt in flight (the 1.5 s calls)
            int missed = 0;
            for (int status : List.of(200, 408, 500)) {
                assertThat(attempts.status(status)).as("responses with status %d", status).isLessThanOrEqualTo((int) stats.status(status));
                missed += (int) stats.status(status) - attempts.status(status);
            }
            assertThat(attempts.status(429)).isLessThanOrEqualTo(proxy.count(ChaosProxy.Action.TOO_MANY_REQUESTS));
            missed += proxy.count(ChaosProxy.Action.TOO_MANY_REQUESTS) - attempts.status(429);
            // every I/O failure is a connection the proxy reset or closed or the emulator dropped: none came from elsewhere
            int cut = proxy.count(ChaosProxy.Action.RESET_BEFORE_READ) + proxy.count(ChaosProxy.Action.CLOSE_BEFORE_READ)
                    + (int) stats.droppedConnections();
            assertThat(attempts.failure(Reason.IO_ERROR)).isLessThanOrEqualTo(cut);
            missed += cut - attempts.failure(Reason.IO_ERROR);
            assertThat(missed).as("outcomes the client did not see").isLessThanOrEqualTo(attempts.failure(Reason.CANCELLED));
            assertThat(stats.status(429)).isZero();
            assertThat(attempts.statuses.keySet()).containsOnly(200, 408, 429, 500);
            assertThat(attempts.failures.keySet()).isSubsetOf(Reason.IO_ERROR.value(), Reason.CANCELLED.value(),
                    Reason.RATE_LIMITED_LOCAL.value());
            // each request the emulator answered or dropped was an attempt the proxy forwarded
            assertThat(stats.requests()).isEqualTo(proxy.count(ChaosProxy.Action.FORWARD));
            assertThat(stats.accepted()).isEqualTo(accepted.values().stream().mapToLong(Long::longValue).sum());
            // the faults really happened (a soak that injected nothing proves nothing)
            assertThat(duplicates).isPositive();
            assertThat(proxy.count(ChaosProxy.Action.RESET_BEFORE_READ)).isPositive();
            assertThat(proxy.count(ChaosProxy.Action.TOO_MANY_REQUESTS)).isPositive();
            assertThat(stats.droppedConnections()).isPositive();
            assertThat(byOutcome.keySet()).anyMatch(k -> k.endsWith("(not reached)"));
            assertThat(byOutcome.get("sent")).isGreaterThan(SENDS * 8 / 10);
            // loose: 2 shared cores, several builds at once; a stall (a lost wake-up, a 30 s timeout) would pass it
            assertThat(elapsedMs).isLessThan(25_000);
        }
    }

    private static String payload(TestTransport transport, int i) {
        return "soak-" + transport + "-" + i;
    }

    private static final RetryPolicy AT_MOST_ONCE = RetryPolicy.builder().maxAttempts(4).retryStatuses(Set.of(429))
            .retryMayHaveReached(false).initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(50)).build();

    /**
     * Mixed calls, so that every rule is exercised: most sends use the client's at-least-once policy; one in ten is a
     * channel message (its own quota), one in ten has no retries and one in ten is at-most-once (their failures
     * include calls that provably never reached the service), and one in ten has a 1.5 s deadline, shorter than some
     * waits for the limiter and for a 429's Retry-After (refused or cut short after an attempt that may have reached).
     */
    private static CompletableFuture<SendResult> send(RtmAsyncClient rtm, TestTransport transport, int i) {
        if (i % 10 == 9) {
            return rtm.sendChannel(ChannelMessage.builder().from("soaker").channel("room-" + i).payload(payload(transport, i)).build());
        }
        RequestOptions options = switch (i % 10) {
            case 3 -> RequestOptions.builder().retryStrategy(AT_MOST_ONCE).build();
            case 6 -> RequestOptions.builder().retryStrategy(RetryPolicy.none()).build();
            case 8 -> RequestOptions.builder().timeout(Duration.ofMillis(1_500)).build();
            default -> RequestOptions.defaults();
        };
        return rtm.sendPeer(PeerMessage.builder().from("soaker").to("user-" + i).payload(payload(transport, i)).build(), options);
    }

    private static void awaitCompletions(AtomicIntegerArray completions) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int i = 0; i < completions.length() && all; i++) {
                all = completions.get(i) > 0;
            }
            if (all) {
                return;
            }
            Thread.sleep(10);
        }
    }
}
