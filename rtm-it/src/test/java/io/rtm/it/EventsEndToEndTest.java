package io.rtm.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.Credentials;
import io.rtm.core.Rtm;
import io.rtm.core.RtmClient;
import io.rtm.core.events.ChannelEvent;
import io.rtm.core.events.EventListener;
import io.rtm.core.events.EventPoller;
import io.rtm.core.events.EventPollerOptions;
import io.rtm.core.events.UserEvent;
import io.rtm.core.error.RtmException;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.Receiver;
import io.rtm.emulator.RtmEmulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The events API of the assembled SDK against the real emulator over loopback: receivers opened and closed make the
 * exact Login/Logout and Join/Leave sequence, a read returns it once (the next read is empty), and a poller delivers
 * each batch once, in order, without a 429 from the emulator's strict 10/s window.
 */
class EventsEndToEndTest {

    private RtmEmulator emulator;
    private EmulatorApp app;
    private RtmClient rtm;

    @BeforeEach
    void start() {
        emulator = RtmEmulator.builder().start();
        app = emulator.app();
        rtm = Rtm.builder().endpoint(emulator.baseUri().toString()).appId(app.appId())
                .credentials(Credentials.basic(app.apiKey(), app.apiSecret())).build();
    }

    @AfterEach
    void stop() {
        rtm.close();
        emulator.close();
    }

    private static List<String> users(List<UserEvent> events) {
        return events.stream().map(e -> e.userId() + " " + e.type()).collect(Collectors.toList());
    }

    private static List<String> channels(List<ChannelEvent> events) {
        return events.stream().map(e -> e.channelId() + " " + e.userId() + " " + e.type()).collect(Collectors.toList());
    }

    @Test
    void readsTheExactLoginLogoutJoinLeaveSequenceOnce() {
        Receiver bob = emulator.connect(app.appId(), "bob", "lobby", "news");
        Receiver carol = emulator.connect(app.appId(), "carol");
        bob.close();
        Receiver carolInLobby = emulator.connect(app.appId(), "carol", "lobby"); // carol is online already: no Login
        carol.close();
        carolInLobby.close();

        List<UserEvent> userEvents = rtm.events().userEvents();
        assertThat(users(userEvents)).containsExactly("bob Login", "carol Login", "bob Logout", "carol Logout");
        assertThat(userEvents).extracting(e -> e.timestamp().toEpochMilli()).isSorted();
        assertThat(channels(rtm.events().channelEvents())).containsExactly("lobby bob Join", "news bob Join",
                "lobby bob Leave", "news bob Leave", "lobby carol Join", "lobby carol Leave");

        assertThat(rtm.events().userEvents()).as("a read removes what it returns").isEmpty();
        assertThat(rtm.events().channelEvents()).isEmpty();
    }

    @Test
    void anSseReceiverOverHttpLogsInJoinsLeavesAndLogsOutAsItOpensAndHangsUp() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = emulator.baseUri().resolve("/emulator/v1/apps/" + app.appId() + "/users/bob/events?channels=lobby");
        java.io.InputStream stream = http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream()).body();
        await(() -> emulator.isOnline(app.appId(), "bob"), "bob online");
        stream.close(); // hangs up
        await(() -> !emulator.isOnline(app.appId(), "bob"), "bob offline");

        assertThat(users(rtm.events().userEvents())).containsExactly("bob Login", "bob Logout");
        assertThat(channels(rtm.events().channelEvents())).containsExactly("lobby bob Join", "lobby bob Leave");
        assertThat(rtm.events().userEvents()).isEmpty();
    }

    @Test
    void aPollerDeliversEachBatchOnceInOrderWithinTheQuota() {
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        EventListener<UserEvent> listener = new EventListener<>() {
            @Override
            public void onEvents(List<UserEvent> events) {
                batches.add(users(events));
            }

            @Override
            public void onFailure(RtmException failure, boolean eventsMayBeLost) {
                failures.add(failure.toString());
            }
        };
        EventPoller poller = rtm.events().pollUserEvents(listener, EventPollerOptions.builder()
                .minDelay(Duration.ofMillis(20)).maxDelay(Duration.ofMillis(50)).build());
        for (int i = 0; i < 12; i++) {
            emulator.connect(app.appId(), "u" + i).close();
            sleep(25);
        }
        await(() -> batches.stream().mapToInt(List::size).sum() == 24, "24 events");
        sleep(300); // a duplicate delivery would show up meanwhile
        poller.stop();
        assertThat(poller.stopped()).succeedsWithin(Duration.ofSeconds(5));

        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expected.add("u" + i + " Login");
            expected.add("u" + i + " Logout");
        }
        assertThat(batches.stream().flatMap(List::stream).collect(Collectors.toList())).isEqualTo(expected);
        assertThat(batches).allSatisfy(b -> assertThat(b).isNotEmpty());
        assertThat(poller.batches()).isEqualTo(batches.size());
        assertThat(failures).isEmpty();
        assertThat(emulator.stats(app.appId()).status(429)).as("never over the emulator's 10/s events window").isZero();
        assertThat(emulator.userEvents(app.appId())).as("nothing left unread").isEmpty();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
