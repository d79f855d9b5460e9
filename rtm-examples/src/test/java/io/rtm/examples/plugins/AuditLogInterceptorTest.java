package io.rtm.examples.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.ChannelMessage;
import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.RequestOptions;
import io.rtm.core.RetryPolicy;
import io.rtm.core.Rtm;
import io.rtm.core.RtmBuilder;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmValidationException;
import io.rtm.emulator.Faults;
import io.rtm.emulator.junit.RtmEmulatorExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit lines, exactly, for calls against the emulator (and a recording server where the wire matters). */
class AuditLogInterceptorTest {

    @RegisterExtension
    static RtmEmulatorExtension rtm = RtmEmulatorExtension.create();

    private static final RetryPolicy FAST_RETRIES = RetryPolicy.builder().maxAttempts(3)
            .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build();

    private final List<AuditRecord> records = new CopyOnWriteArrayList<>();
    /** Each reading is 7 ms after the previous one: every (sequential) call lasts exactly 7 ms. */
    private final AtomicLong now = new AtomicLong();
    private final LongSupplier ticker = () -> now.getAndAdd(7_000_000L);
    private final AuditLogInterceptor audit = new AuditLogInterceptor(records::add, ticker);

    @AfterEach
    void noFaults() {
        rtm.emulator().faults(rtm.app().appId(), Faults.none());
    }

    private RtmBuilder builder() {
        return audit.installInto(rtm.clientBuilder().retryPolicy(FAST_RETRIES));
    }

    private List<String> lines() {
        return records.stream().map(AuditRecord::line).collect(Collectors.toList());
    }

    private static PeerMessage peer(String from, String payload) {
        return PeerMessage.builder().from(from).to("bob").payload(payload).build();
    }

    @Test
    void writesOneExactLinePerCall() {
        rtm.connect("bob", "lobby");
        SendResult peer;
        SendResult channel;
        SendResult spaced;
        try (RtmClient client = builder().build()) {
            peer = client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("hi").waitForAck(true).build());
            channel = client.sendChannel(ChannelMessage.builder().from("alice").channel("lobby").payload("all").build());
            spaced = client.sendPeer(peer("alice smith", "hello"));
        }
        assertThat(lines()).containsExactly(
                "rtm.call api=peer sender=alice status=200 code=message_delivered request_id=" + peer.requestId().orElseThrow()
                        + " attempts=1 duration_ms=7",
                "rtm.call api=channel sender=alice status=200 code=message_sent request_id=" + channel.requestId().orElseThrow()
                        + " attempts=1 duration_ms=7",
                "rtm.call api=peer sender=\"alice smith\" status=200 code=message_sent request_id="
                        + spaced.requestId().orElseThrow() + " attempts=1 duration_ms=7");
    }

    @Test
    void recordsTheFinalStatusAndEveryAttemptWhenTheServiceKeepsFailing() {
        rtm.emulator().faults(rtm.app().appId(), Faults.builder().errorProbability(1.0).seed(1).build());
        RtmException error;
        try (RtmClient client = builder().build()) {
            error = (RtmException) org.assertj.core.api.Assertions.catchThrowable(() -> client.sendPeer(peer("alice", "x")));
        }
        assertThat(error.attempts()).isEqualTo(3);
        assertThat(lines()).containsExactly("rtm.call api=peer sender=alice status=500 code=internal_error request_id="
                + error.requestId().orElseThrow() + " attempts=3 duration_ms=7");
    }

    @Test
    void recordsTheExceptionWhenNoResponseCame() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (RtmClient client = audit.installInto(Rtm.builder().endpoint("http://127.0.0.1:" + closedPort)
                .appId(rtm.app().appId()).credentials(Credentials.basic("key", "secret")).retryPolicy(FAST_RETRIES)).build()) {
            assertThatThrownBy(() -> client.sendPeer(peer("alice", "x"))).isInstanceOf(RtmException.class);
        }
        assertThat(lines()).containsExactly("rtm.call api=peer sender=alice exception=RtmTransportException attempts=3 duration_ms=7");
    }

    @Test
    void recordsACallEndedByItsDeadline() {
        rtm.emulator().faults(rtm.app().appId(), Faults.builder().latency(Duration.ofSeconds(3)).seed(1).build());
        try (RtmClient client = builder().build()) {
            assertThatThrownBy(() -> client.sendPeer(peer("alice", "slow"),
                    RequestOptions.builder().timeout(Duration.ofMillis(200)).build()))
                    .isInstanceOf(RtmTimeoutException.class);
        }
        assertThat(lines()).containsExactly("rtm.call api=peer sender=alice exception=RtmTimeoutException attempts=1 duration_ms=7");
    }

    @Test
    void neverWritesCredentialsOrPayloads() {
        String secret = "WRONG-secret-0123456789";
        String token = rtm.tokenFor("alice");
        String payload = "TOP-SECRET-PAYLOAD-42";
        try (RtmClient wrongSecret = audit.installInto(rtm.clientBuilder()
                .credentials(Credentials.basic(rtm.app().apiKey(), secret))).build();
             RtmClient rightSecret = builder().build();
             RtmClient withToken = builder().credentials(Credentials.token("alice", token)).build()) {
            assertThatThrownBy(() -> wrongSecret.sendPeer(peer("alice", payload))).isInstanceOf(RtmException.class);
            rightSecret.sendPeer(peer("alice", payload));
            withToken.sendPeer(peer("alice", payload));
        }
        List<String> lines = lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("rtm.call api=peer sender=alice status=401 code=invalid_credentials request_id=");
        assertThat(lines.get(1)).startsWith("rtm.call api=peer sender=alice status=200 code=message_sent");
        assertThat(lines.get(2)).startsWith("rtm.call api=peer sender=alice status=200 code=message_sent");
        String basicHeader = Base64.getEncoder().encodeToString((rtm.app().apiKey() + ":" + secret).getBytes(StandardCharsets.UTF_8));
        String rightHeader = Base64.getEncoder().encodeToString(
                (rtm.app().apiKey() + ":" + rtm.app().apiSecret()).getBytes(StandardCharsets.UTF_8));
        assertThat(String.join("\n", lines)).doesNotContain(secret, rtm.app().apiSecret(), basicHeader, rightHeader,
                token, payload, "Authorization", "x-ar-token");
    }

    @Test
    void aMessageRefusedBeforeSendingIsNotAudited() {
        try (RtmClient client = builder().build()) {
            assertThatThrownBy(() -> client.sendPeer(peer("alice", ""))).isInstanceOf(RtmValidationException.class);
        }
        assertThat(records).isEmpty();
        assertThat(rtm.emulator().stats(rtm.app().appId()).requests()).isZero();
    }

    @Test
    void aFailingSinkNeverFailsTheSend() {
        rtm.connect("bob");
        AuditLogInterceptor broken = new AuditLogInterceptor(record -> {
            throw new IllegalStateException("sink down");
        });
        try (RtmClient client = broken.installInto(rtm.clientBuilder()).build()) {
            assertThat(client.sendPeer(peer("alice", "still sent")).attempts()).isEqualTo(1);
        }
        rtm.assertThatUser("bob").received().payloads().containsExactly("still sent");
    }

    @Test
    void theSlf4jSinkLogsTheLineAtInfo() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8)); // slf4j-simple looks System.err up per line
        SendResult result;
        try (RtmClient client = new AuditLogInterceptor(AuditSink.slf4j(), ticker).installInto(rtm.clientBuilder()).build()) {
            result = client.sendPeer(peer("alice", "logged"));
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("INFO rtm.call api=peer sender=alice status=200 "
                + "code=message_sent request_id=" + result.requestId().orElseThrow() + " attempts=1 duration_ms=7");
    }

    @Test
    void countsEveryAttemptAndKeepsItsTagOffTheWire() {
        try (RecordingServer server = RecordingServer.start().thenAnswer(503, 503)) {
            try (RtmClient client = audit.installInto(Rtm.builder().endpoint(server.baseUri().toString())
                    .appId("0123456789abcdef0123456789abcdef").credentials(Credentials.basic("key", "secret"))
                    .retryPolicy(FAST_RETRIES).rateLimit(RateLimit.disabled())).build()) {
                client.sendPeer(peer("alice", "x"));
            }
            assertThat(lines()).containsExactly("rtm.call api=peer sender=alice status=200 code=message_sent request_id=req-3 "
                    + "attempts=3 duration_ms=7");
            assertThat(server.requests()).hasSize(3)
                    .allSatisfy(r -> assertThat(r.headers().keySet()).noneMatch(name -> name.startsWith("x-rtm-audit")));
        }
    }

    @Test
    void quotesValuesThatCouldSplitOrForgeALine() {
        AuditRecord r = new AuditRecord("peer", "a=b \"c\"\nrtm.call api=forged", 400,
                java.util.Optional.of("bad request"), java.util.Optional.empty(), java.util.Optional.empty(), 1,
                Duration.ofMillis(3));
        assertThat(r.line()).isEqualTo(
                "rtm.call api=peer sender=\"a=b \\\"c\\\"\\nrtm.call api=forged\" status=400 code=\"bad request\" attempts=1 duration_ms=3");
    }
}
