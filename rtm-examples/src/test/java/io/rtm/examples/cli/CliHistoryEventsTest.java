package io.rtm.examples.cli;

import static io.rtm.examples.cli.CliTest.APP;
import static io.rtm.examples.cli.CliTest.oneErrorLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.Rtm;
import io.rtm.core.RtmClient;
import io.rtm.emulator.AcceptedMessage;
import io.rtm.emulator.Faults;
import io.rtm.emulator.Receiver;
import io.rtm.emulator.RtmEmulator;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code rtm history}, {@code rtm history-count} and {@code rtm events} against a real emulator over loopback. */
class CliHistoryEventsTest {

    private static RtmEmulator emulator;

    @BeforeAll
    static void start() {
        // history answers at once here: the CLI waits the published 2 s per "in progress" (RtmJarIT shows that path)
        emulator = RtmEmulator.builder().app(APP).historyInProgressReplies(0).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
        emulator.faults(APP.appId(), Faults.none());
    }

    private static Map<String, String> env() {
        return CliTest.env(emulator);
    }

    private static List<AcceptedMessage> send(int n) {
        try (RtmClient rtm = Rtm.builder().endpoint(emulator.baseUri().toString()).appId(APP.appId())
                .credentials(Credentials.basic(APP.apiKey(), CliTest.SECRET)).build()) {
            for (int i = 0; i < n; i++) {
                rtm.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("m" + i + " \"é\"").history(true).build());
            }
        }
        return emulator.history(APP.appId());
    }

    /** One JSON object's fields, in order, as text (numbers as written). */
    static Map<String, String> fields(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                out.put(name, p.getText());
            }
            assertThat(p.nextToken()).as("one object per line").isNull();
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
        return out;
    }

    @Test
    void historyPrintsOneJsonLinePerMessageInOrderThenASummary() {
        List<AcceptedMessage> sent = send(45);
        CliRun run = new CliRun(env());
        assertThat(run.run("history", "--source", "alice", "--destination", "bob", "--order", "desc")).isEqualTo(0);
        assertThat(run.err()).isEmpty();
        List<String> lines = run.outLines();
        assertThat(lines).hasSize(46);
        for (int i = 0; i < 45; i++) {
            AcceptedMessage m = sent.get(44 - i);
            assertThat(fields(lines.get(i))).containsExactly(Map.entry("src", "alice"), Map.entry("dst", "bob"),
                    Map.entry("message_type", "peer_message"), Map.entry("payload", m.payload()),
                    Map.entry("ms", String.valueOf(m.sentAt().toEpochMilli())));
        }
        assertThat(lines.get(45)).isEqualTo("{\"messages\":45,\"pages\":3}");
    }

    @Test
    void historyTakesTheRangeAndPageSizeAsGiven() {
        send(3);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CliRun run = new CliRun(env());
        assertThat(run.run("history", "--destination", "bob", "--start", now.minusSeconds(60).toString(), "--end",
                now.plusSeconds(60).toString(), "--limit", "100", "--offset", "1")).isEqualTo(0);
        assertThat(run.outLines()).hasSize(3);
        assertThat(fields(run.outLines().get(0))).containsEntry("payload", "m1 \"é\"");
        assertThat(run.outLines().get(2)).isEqualTo("{\"messages\":2,\"pages\":1}");

        CliRun before = new CliRun(env());
        assertThat(before.run("history", "--destination", "bob", "--end", now.minusSeconds(3_600).toString())).isEqualTo(0);
        assertThat(before.outLines()).containsExactly("{\"messages\":0,\"pages\":1}");
    }

    @Test
    void historyCountPrintsOneLine() {
        send(7);
        CliRun run = new CliRun(env());
        assertThat(run.run("history-count", "--source", "alice")).isEqualTo(0);
        assertThat(run.outLines()).containsExactly("{\"count\":7}");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aFilterBreakingARuleIsExit2BeforeAnythingIsSent() {
        CliRun neither = new CliRun(env());
        assertThat(neither.run("history")).isEqualTo(2);
        assertThat(oneErrorLine(neither)).contains("filter.source (source_or_destination)");

        CliRun pageSize = new CliRun(env());
        assertThat(pageSize.run("history", "--source", "alice", "--limit", "30")).isEqualTo(2);
        assertThat(oneErrorLine(pageSize)).contains("limit (allowed_values)");

        CliRun fraction = new CliRun(env());
        assertThat(fraction.run("history-count", "--source", "alice", "--start", "2019-08-01T01:22:10.5Z")).isEqualTo(2);
        assertThat(oneErrorLine(fraction)).contains("start_time (whole_seconds)");

        CliRun notATime = new CliRun(env());
        assertThat(notATime.run("history-count", "--source", "alice", "--end", "yesterday")).isEqualTo(2);
        assertThat(oneErrorLine(notATime)).isEqualTo("error: --end must be a UTC time such as 2019-08-01T01:22:10Z, got "
                + "'yesterday' (see: rtm history-count --help)");

        CliRun order = new CliRun(env());
        assertThat(order.run("history", "--source", "alice", "--order", "newest")).isEqualTo(2);
        assertThat(oneErrorLine(order)).contains("--order must be asc or desc");

        assertThat(emulator.stats(APP.appId()).byStatus()).isEmpty();
    }

    @Test
    void eventsPrintOneJsonLinePerEventAndASecondReadNothing() {
        try (Receiver bob = emulator.connect(APP.appId(), "bob", "lobby")) {
            assertThat(bob.isOpen()).isTrue();
        }
        CliRun users = new CliRun(env());
        assertThat(users.run("events", "users")).isEqualTo(0);
        assertThat(users.outLines()).hasSize(2);
        assertThat(fields(users.outLines().get(0))).containsOnlyKeys("user_id", "type", "ts")
                .containsEntry("user_id", "bob").containsEntry("type", "Login");
        assertThat(fields(users.outLines().get(1))).containsEntry("type", "Logout");

        CliRun channels = new CliRun(env());
        assertThat(channels.run("events", "channels")).isEqualTo(0);
        assertThat(channels.outLines()).extracting(l -> fields(l).get("channel_id") + " " + fields(l).get("user_id") + " "
                + fields(l).get("type")).containsExactly("lobby bob Join", "lobby bob Leave");
        assertThat(fields(channels.outLines().get(0))).containsOnlyKeys("channel_id", "user_id", "type", "ts");

        CliRun again = new CliRun(env());
        assertThat(again.run("events", "users")).isEqualTo(0);
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).isEmpty();
    }

    @Test
    void aFailedReadThatMayHaveReachedTheServiceSaysItsEventsMayBeLost() throws IOException {
        // the emulator injects no faults into events reads: a server that answers every request with a 503
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"result\":\"failed\",\"code\":\"unavailable\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Map<String, String> env = env();
            env.put("RTM_ENDPOINT", "http://127.0.0.1:" + server.getAddress().getPort());
            CliRun run = new CliRun(env);
            assertThat(run.run("events", "users", "--max-attempts", "3")).isEqualTo(ExitCodes.SERVER);
            assertThat(oneErrorLine(run)).contains("user events read failed: HTTP 503", "the events it removed may be lost");
            assertThat(requests.get()).as("never retried, whatever --max-attempts").isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUnknownKindOfEventsIsAUsageError() {
        CliRun run = new CliRun(env());
        assertThat(run.run("events", "logins")).isEqualTo(2);
        assertThat(oneErrorLine(run)).isEqualTo("error: the kind of events must be users or channels, got 'logins' "
                + "(see: rtm events --help)");
    }

    @Test
    void followPrintsEventsAsTheyHappenUntilStoppedThenExits0() throws Exception {
        CliRun run = new CliRun(env());
        java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run.run("events", "users", "--follow"), thread);
        thread.shutdown(); // ends once the command returned
        List<String> expected = new ArrayList<>();
        for (String user : List.of("carol", "dave")) {
            emulator.connect(APP.appId(), user).close();
            expected.add(user + " Login");
            expected.add(user + " Logout");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (run.outLines().size() < expected.size()) {
                assertThat(System.nanoTime()).as("events printed while following").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
        run.cli.stop().request();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(0);
        assertThat(run.outLines()).extracting(l -> fields(l).get("user_id") + " " + fields(l).get("type")).isEqualTo(expected);
        assertThat(run.err()).isEmpty();
    }
}
