package io.rtm.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.RtmEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 11 #8 and every client's close, end to end: build a whole client (discovered transport, authenticator,
 * validator, the SDK's scheduler and completion pool), send a message to the emulator, close it; many times over. The
 * JVM's threads and file descriptors come back to where they were, without a GC (on Java 17 the JDK transport used to
 * leave its selector thread and connections behind until its HttpClient was collected: +343 threads and +919 fds after
 * 1,000 cycles).
 */
class LeakCycleTest {

    private static final int CYCLES = 200;
    private static final Path FDS = Path.of("/proc/self/fd");
    private static RtmEmulator emulator;
    private static EmulatorApp app;

    @BeforeAll
    static void start() {
        emulator = RtmEmulator.builder().rateLimitPerSecond(1_000_000).start();
        app = emulator.app();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @ParameterizedTest
    @EnumSource(TestTransport.class)
    void threadsAndFileDescriptorsComeBackAfterBuildSendCloseCycles(TestTransport transport) throws Exception {
        cycle(transport, -1); // warm-up: classes, JVM-wide threads a first use starts once
        settle();
        Set<Thread> before = threads();
        long fdsBefore = fds();

        long start = System.nanoTime();
        for (int i = 0; i < CYCLES; i++) {
            cycle(transport, i);
        }
        long cyclesMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        // Threads end and sockets close asynchronously after close() returns (the emulator's side of each connection
        // too): wait up to 5 s, which is loose for a loaded machine; a leak does not go away by waiting.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> newThreads;
        long fdsAfter;
        do {
            Thread.sleep(50);
            newThreads = newThreads(before);
            fdsAfter = fds();
        } while ((!newThreads.isEmpty() || fdsAfter > fdsBefore + 2) && System.nanoTime() < deadline);
        System.out.printf("LeakCycleTest[%s]: %d build/send/close cycles in %d ms; threads %d -> %d, fds %d -> %d%n",
                transport, CYCLES, cyclesMs, before.size(), before.size() + newThreads.size(), fdsBefore, fdsAfter);

        assertThat(newThreads).as("threads started by the cycles and still alive").isEmpty();
        // a little room for what the JVM opens on its own (e.g. a jar of a class loaded late); a leak is >= 1 per cycle
        assertThat(fdsAfter).isLessThanOrEqualTo(fdsBefore + 2);
        assertThat(emulator.accepted(app.appId())).filteredOn(m -> m.payload().startsWith(transport + "-"))
                .hasSize(CYCLES + 1);
    }

    private static void cycle(TestTransport transport, int i) {
        try (RtmAsyncClient rtm = transport.buildAsync(Rtm.builder().endpoint(emulator.baseUri().toString())
                .appId(app.appId()).credentials(Credentials.basic(app.apiKey(), app.apiSecret())))) {
            assertThat(rtm.sendPeer(PeerMessage.builder().from("alice").to("bob").payload(transport + "-" + i).build()))
                    .succeedsWithin(Duration.ofSeconds(10));
        }
    }

    /** Lets the warm-up's short-lived threads end and its connections close before the baseline is taken. */
    private static void settle() throws InterruptedException {
        Thread.sleep(500);
    }

    /** Live threads, except the emulator's server pool, which grows and shrinks with its load. */
    private static Set<Thread> threads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.getName().startsWith("rtm-emulator"))
                .collect(Collectors.toSet());
    }

    private static List<String> newThreads(Set<Thread> before) {
        return threads().stream().filter(t -> !before.contains(t)).map(Thread::getName).sorted().collect(Collectors.toList());
    }

    private static long fds() throws IOException {
        try (Stream<Path> s = Files.list(FDS)) {
            return s.count();
        }
    }
}
