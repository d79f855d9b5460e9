package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private static long emulatorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("rtm-emulator")).count();
    }

    @Test
    void closeLeavesNoThreadBehind() {
        try (RtmEmulator emulator = RtmEmulator.builder().start(); TestHttp http = new TestHttp(emulator)) {
            SseClient bob = new SseClient(http, emulator, emulator.app().appId(), "bob", null);
            Await.until("online", () -> emulator.isOnline(emulator.app().appId(), "bob"));
            assertThat(http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"x\"}").status()).isEqualTo(200);
            assertThat(emulatorThreads()).isPositive();
            bob.close();
        }
        Await.until("every rtm-emulator thread ended", () -> emulatorThreads() == 0);
    }

    @Test
    void listensOnLoopbackAndAFreePortByDefault() {
        try (RtmEmulator emulator = RtmEmulator.builder().start()) {
            assertThat(emulator.baseUri().toString()).isEqualTo("http://127.0.0.1:" + emulator.port());
            assertThat(emulator.port()).isPositive();
        }
    }

    /**
     * A burst of connections that arrives while the acceptor thread is busy (a loaded machine, a client opening its
     * pool) waits in the listening socket's queue. With the JVM's default backlog of 50, the kernel dropped the SYNs
     * beyond it and those clients connected only after their 1 s SYN retry. 120 stays below the 128 that older Linux
     * kernels cap every backlog at.
     */
    @Test
    void aBurstOf120ConnectionsWaitsInTheAcceptQueueWhileTheAcceptorIsBusy() throws IOException {
        int burst = 120;
        try (RtmEmulator emulator = RtmEmulator.builder().start(); Selector selector = Selector.open()) {
            emulator.connector().setAccepting(false); // the acceptor stalls; the kernel alone completes handshakes
            List<SocketChannel> channels = new ArrayList<>();
            try {
                InetSocketAddress address = new InetSocketAddress("127.0.0.1", emulator.port());
                for (int i = 0; i < burst; i++) {
                    SocketChannel c = SocketChannel.open();
                    channels.add(c);
                    c.configureBlocking(false);
                    if (!c.connect(address)) {
                        c.register(selector, SelectionKey.OP_CONNECT);
                    }
                }
                // Loose for a loaded machine: a dropped SYN is not answered while the acceptor stays stalled, however long.
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (!selector.keys().isEmpty() && System.nanoTime() < deadline) {
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        if (((SocketChannel) key.channel()).finishConnect()) {
                            key.cancel();
                        }
                    }
                    selector.selectedKeys().clear();
                    selector.selectNow(); // flushes the cancelled keys
                }
                assertThat(channels).filteredOn(SocketChannel::isConnected).hasSize(burst);
            } finally {
                for (SocketChannel c : channels) {
                    c.close();
                }
                emulator.connector().setAccepting(true);
            }
        }
    }

    @Test
    void startIsIdempotentAndAClosedEmulatorCannotRestart() {
        RtmEmulator emulator = RtmEmulator.builder().build();
        assertThatThrownBy(emulator::baseUri).isInstanceOf(IllegalStateException.class);
        emulator.start();
        int port = emulator.port();
        assertThat(emulator.start().port()).isEqualTo(port);

        emulator.close();
        emulator.close();

        assertThatThrownBy(emulator::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void manyOpenStreamsDoNotTakeAThreadEach() {
        try (RtmEmulator emulator = RtmEmulator.builder().maxThreads(6).start(); TestHttp http = new TestHttp(emulator)) {
            String appId = emulator.app().appId();
            List<SseClient> streams = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                streams.add(new SseClient(http, emulator, appId, "user" + i, null));
            }
            Await.until("all online", () -> emulator.isOnline(appId, "user39"));

            for (int i = 0; i < 40; i++) {
                assertThat(http.postPeer("alice", "{\"destination\":\"user" + i + "\",\"payload\":\"p" + i + "\"}").status())
                        .isEqualTo(200);
            }
            for (int i = 0; i < 40; i++) {
                assertThat(streams.get(i).nextData().get("payload").asText()).isEqualTo("p" + i);
            }
            streams.forEach(SseClient::close);
            assertThat(emulator.unexpectedErrors()).isZero();
        }
    }

    @Test
    void multipleAppsAreServedApart() {
        EmulatorApp one = EmulatorApp.generate();
        EmulatorApp two = EmulatorApp.generate();
        try (RtmEmulator emulator = RtmEmulator.builder().app(one).app(two).start(); TestHttp http = new TestHttp(emulator)) {
            TestHttp.Resp crossed = http.post(http.sendPath(two.appId(), "alice", "peer_messages"),
                    "{\"destination\":\"bob\",\"payload\":\"x\"}",
                    java.util.Map.of("Authorization", TestHttp.basic(one), "Content-Type", TestHttp.JSON));

            assertThat(crossed.status()).as("app one's credentials do not open app two").isEqualTo(401);
            assertThat(emulator.apps()).containsExactly(one, two);
            assertThat(emulator.app()).isEqualTo(one);
        }
    }

    @Test
    void appIdAndCertificateMustBe32Hex() {
        assertThatThrownBy(() -> new EmulatorApp("app", "key", "secret", EmulatorApp.generate().appCertificate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 hex");
        assertThatThrownBy(() -> new EmulatorApp(EmulatorApp.generate().appId(), "k:y", "secret",
                EmulatorApp.generate().appCertificate())).isInstanceOf(IllegalArgumentException.class);
        EmulatorApp app = EmulatorApp.generate();
        assertThat(app.appId()).matches("[0-9a-f]{32}");
        assertThat(app.appCertificate()).matches("[0-9a-f]{32}");
    }

    @Test
    void inspectionOfAnUnknownAppNamesIt() {
        try (RtmEmulator emulator = RtmEmulator.builder().build()) {
            assertThatThrownBy(() -> emulator.accepted("nope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nope");
        }
    }
}
