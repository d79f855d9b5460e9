package io.rtm.examples.cli;

import io.rtm.auth.token.RtmTokenBuilder;
import io.rtm.core.ChannelMessage;
import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import io.rtm.core.bulk.BulkSender;
import io.rtm.core.bulk.BulkSummary;
import io.rtm.core.error.RtmCredentialsException;
import io.rtm.core.error.RtmValidationException;
import io.rtm.core.events.EventPoller;
import io.rtm.core.history.HistoryFilter;
import io.rtm.core.history.HistoryMessage;
import io.rtm.core.history.HistoryQuery;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.RtmEmulator;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code rtm demo}: the main job. Starts an emulator on a free loopback port, opens real receivers (SSE
 * over HTTP), and walks through every capability with the real SDK over the real wire.
 */
@Command(name = "demo", description = "Start a local emulator and walk through every capability of the SDK "
        + "(reads no options or environment variables; exit 0 when every step behaved as documented).",
        footerHeading = "%nExample:%n", footer = "  rtm demo")
final class DemoCommand implements Callable<Integer> {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @ParentCommand
    RtmCli cli;

    @Mixin
    HelpOption help;

    private PrintWriter out;
    private int failures;

    @Override
    public Integer call() throws Exception {
        out = cli.out();
        out.println("rtm demo: the rtm-java SDK against a local RTM emulator, over real HTTP on loopback");
        out.println();
        EmulatorApp app = EmulatorApp.generate();
        Instant demoStart = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (RtmEmulator emulator = RtmEmulator.builder().app(app).start()) {
            String endpoint = emulator.baseUri().toString();
            say("Started an emulator at %s (App ID %s, strict 500 calls/s per API)", endpoint, app.appId());
            Receivers receivers = new Receivers(endpoint, app.appId());
            try (receivers; RtmClient rtm = Rtm.builder().endpoint(endpoint).appId(app.appId())
                    .credentials(Credentials.basic(app.apiKey(), app.apiSecret())).build()) {
                receivers.open("bob");
                receivers.open("carol", "lobby");
                receivers.open("dave", "lobby");
                say("Opened receivers: bob; carol and dave joined channel 'lobby' (each one is an SSE stream)");

                step(1, "Peer message with wait_for_ack to an online user");
                show("alice -> bob \"Hello Bob\" (wait for ack)", rtm.sendPeer(PeerMessage.builder()
                        .from("alice").to("bob").payload("Hello Bob").waitForAck(true).build()));
                expect(receivers.next("bob"), "bob received");

                step(2, "Offline storage: erin is not online");
                show("alice -> erin \"See you tomorrow\" (offline messaging, wait for ack)", rtm.sendPeer(PeerMessage.builder()
                        .from("alice").to("erin").payload("See you tomorrow").offline(true).waitForAck(true).build()));
                say("   erin logs in...");
                receivers.open("erin");
                expect(receivers.next("erin"), "erin received the stored message");

                step(3, "Channel fan-out");
                show("alice -> #lobby \"Standup in 5 minutes\"", rtm.sendChannel(ChannelMessage.builder()
                        .from("alice").channel("lobby").payload("Standup in 5 minutes").build()));
                expect(receivers.next("carol"), "carol received");
                expect(receivers.next("dave"), "dave received");

                step(4, "Invalid input is caught before anything is sent");
                long before = emulator.stats(app.appId()).requests();
                try {
                    rtm.sendPeer(PeerMessage.builder().from("alice").to("bad/user").payload("x".repeat(40_000)).build());
                    fail("the invalid message was sent");
                } catch (RtmValidationException e) {
                    say("   RtmValidationException, every violation at once:");
                    e.violations().forEach(v -> say("     - %s (%s): %s", v.field(), v.rule(), v.message()));
                    long after = emulator.stats(app.appId()).requests();
                    say("   requests the emulator saw meanwhile: %d", after - before);
                    if (after != before) {
                        fail("a request reached the emulator");
                    }
                }

                step(5, "Bulk fan-out, paced to the quota");
                List<String> users = IntStream.rangeClosed(1, 600).mapToObj(i -> "user-" + i).collect(Collectors.toList());
                RtmAsyncClient async = rtm.async();
                BulkSummary summary = BulkSender.builder(async).maxInFlight(64).build()
                        .fanOut(PeerMessage.builder().from("news").to("-").payload("Release 1.0 is out").build(), users)
                        .get(30, TimeUnit.SECONDS);
                say("   600 users: sent %d, failed %d in %.2f s (%.0f msg/s: the client's limiter paces them under the 500/s quota)",
                        summary.sent(), summary.failed(), summary.elapsed().toNanos() / 1e9, summary.ratePerSecond());
                say("   429s from the emulator: %d", emulator.stats(app.appId()).byStatus().getOrDefault(429, 0L));
                if (summary.sent() != 600) {
                    fail("not every bulk message was sent");
                }
                step(6, "Token authentication");
                String token = RtmTokenBuilder.buildToken(app.appId(), app.appCertificate(), "alice",
                        Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
                say("   minted an RTM token (version 006) for alice, valid 1 h: %s... (%d chars)", token.substring(0, 12), token.length());
                try (RtmClient asAlice = Rtm.builder().endpoint(endpoint).appId(app.appId())
                        .credentials(Credentials.token("alice", token)).build()) {
                    show("alice (token) -> bob \"Signed in with a token\"", asAlice.sendPeer(PeerMessage.builder()
                            .from("alice").to("bob").payload("Signed in with a token").build()));
                    expect(receivers.next("bob"), "bob received");
                    try {
                        asAlice.sendPeer(PeerMessage.builder().from("mallory").to("bob").payload("spoof").build());
                        fail("a token for alice sent as mallory");
                    } catch (RtmCredentialsException e) {
                        say("   mallory with alice's token -> refused before sending: %s (code %s)",
                                e.getClass().getSimpleName(), e.code().orElse("-"));
                    }
                }

                step(7, "Message history, read back page by page");
                for (int i = 1; i <= 3; i++) {
                    rtm.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("History " + i + "/3").history(true).build());
                }
                say("   sent 3 messages alice -> bob with enable_historical_messaging");
                HistoryFilter filter = HistoryFilter.builder().source("alice").destination("bob").start(demoStart)
                        .end(Instant.now().truncatedTo(ChronoUnit.SECONDS)).build();
                int read = 0;
                for (HistoryMessage m : rtm.history().query(HistoryQuery.builder(filter).limit(20).build())) {
                    say("   %s -> %s (%s, %s): %s", m.source(), m.destination(), m.messageType(), m.timestamp(), m.payload());
                    read++;
                }
                long count = rtm.history().count(filter);
                say("   history-count: %d (the emulator answered \"in progress\" first, as the service may: the SDK asked "
                        + "again after 2 s, on a timer, no thread waiting)", count);
                if (read != 3 || count != 3) {
                    fail("history read " + read + " and counted " + count + " messages, not 3");
                }

                step(8, "User and channel events: each read removes what it returns");
                List<String> userEvents = rtm.events().userEvents().stream().map(e -> e.userId() + " " + e.type())
                        .collect(Collectors.toList());
                List<String> channelEvents = rtm.events().channelEvents().stream()
                        .map(e -> e.channelId() + " " + e.userId() + " " + e.type()).collect(Collectors.toList());
                say("   user events: %s", userEvents);
                say("   channel events: %s", channelEvents);
                say("   a second read: %d user events", rtm.events().userEvents().size());
                if (!userEvents.equals(List.of("bob Login", "carol Login", "dave Login", "erin Login"))
                        || !channelEvents.equals(List.of("lobby carol Join", "lobby dave Join"))) {
                    fail("the events were not the receivers' logins and joins");
                }
                BlockingQueue<String> polled = new LinkedBlockingQueue<>();
                try (EventPoller poller = rtm.events().pollUserEvents(batch -> batch.forEach(e -> polled.add(e.userId() + " " + e.type())))) {
                    EventStreamClient.open(endpoint, app.appId(), "frank", List.of(), e -> { }).close();
                    String login = polled.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    String logout = polled.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    say("   a poller (on the SDK's timer, within 10 reads/s) as frank logs in and out: %s, %s (%d batch%s)",
                            login, logout, poller.batches(), poller.batches() == 1 ? "" : "es");
                    if (!"frank Login".equals(login) || !"frank Logout".equals(logout)) {
                        fail("the poller did not deliver frank's login and logout");
                    }
                }

            }
            out.println();
            say("Emulator totals: %d requests, %d accepted, %d unexpected server errors",
                    emulator.stats(app.appId()).requests(), emulator.stats(app.appId()).accepted(), emulator.unexpectedErrors());
        }
        out.println(failures == 0 ? "demo finished: every step behaved as documented" : "demo finished with " + failures + " unexpected outcome(s)");
        out.flush();
        return failures == 0 ? ExitCodes.OK : ExitCodes.INTERNAL;
    }

    private void step(int n, String title) {
        out.println();
        out.println(n + ". " + title);
    }

    private void say(String format, Object... args) {
        out.println(String.format(format, args));
        out.flush();
    }

    private void show(String what, SendResult r) {
        say("   %s%n     => HTTP %d %s (request_id %s, %d attempt%s)", what, r.httpStatus(), r.code(),
                r.requestId().orElse("-"), r.attempts(), r.attempts() == 1 ? "" : "s");
    }

    private void expect(String event, String label) {
        if (event == null) {
            fail(label + ": nothing within " + WAIT.toSeconds() + " s");
        } else {
            say("   %s: %s", label, event);
        }
    }

    private void fail(String what) {
        failures++;
        say("   UNEXPECTED: %s", what);
    }

    /** Real receivers over HTTP (SSE), one queue of events per user. */
    private static final class Receivers implements AutoCloseable {
        private final String endpoint;
        private final String appId;
        private final List<EventStreamClient> streams = new ArrayList<>();
        private final java.util.Map<String, BlockingQueue<String>> events = new java.util.concurrent.ConcurrentHashMap<>();

        Receivers(String endpoint, String appId) {
            this.endpoint = endpoint;
            this.appId = appId;
        }

        void open(String user, String... channels) {
            BlockingQueue<String> queue = events.computeIfAbsent(user, u -> new LinkedBlockingQueue<>());
            streams.add(EventStreamClient.open(endpoint, appId, user, List.of(channels), queue::add));
        }

        String next(String user) throws InterruptedException {
            return events.get(user).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            streams.forEach(EventStreamClient::close);
        }
    }
}
