package io.rtm.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.ChannelMessage;
import io.rtm.core.Credentials;
import io.rtm.core.DeliveryCode;
import io.rtm.core.PeerMessage;
import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmAuthenticationException;
import io.rtm.core.error.RtmCredentialsException;
import io.rtm.core.error.RtmRateLimitedException;
import io.rtm.core.error.RtmServerException;
import io.rtm.core.error.RtmValidationException;
import io.rtm.emulator.Faults;
import io.rtm.emulator.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SDK (rtm-core + validation + auth + transport-httpclient) against the emulator, through the extension. */
class SdkEndToEndTest {

    static final MutableClock CLOCK = MutableClock.startingAt(Instant.now());

    @RegisterExtension
    static RtmEmulatorExtension rtm = RtmEmulatorExtension.builder()
            .options(b -> b.clock(CLOCK).rateLimitPerSecond(50).ackTimeout(Duration.ofSeconds(3))).build();

    private RtmClient client() {
        return rtm.clientBuilder().retryPolicy(RetryPolicy.none()).build();
    }

    @Test
    void sendsAPeerMessage() {
        try (RtmClient client = client()) {
            rtm.connect("bob");

            SendResult r = client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("hi").build());

            assertThat(r.deliveryCode()).isEqualTo(DeliveryCode.SENT);
            assertThat(r.code()).isEqualTo("message_sent");
            assertThat(r.result()).contains("success");
            assertThat(r.requestId()).isPresent();
            rtm.assertThatUser("bob").received().payloads().containsExactly("hi");
        }
    }

    @Test
    void waitForAckIsDeliveredWhenOnlineAndOfflineWithoutResultOtherwise() {
        try (RtmClient client = client()) {
            SendResult offline = client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("1")
                    .waitForAck(true).offline(true).build());
            rtm.connect("bob");
            SendResult delivered = client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("2")
                    .waitForAck(true).build());

            assertThat(offline.deliveryCode()).isEqualTo(DeliveryCode.OFFLINE);
            assertThat(offline.result()).isEmpty();
            assertThat(delivered.deliveryCode()).isEqualTo(DeliveryCode.DELIVERED);
            rtm.assertThatUser("bob").received().payloads().containsExactly("1", "2");
        }
    }

    @Test
    void sendsChannelMessagesToMembersButTheSender() {
        try (RtmClient client = client()) {
            rtm.connect("alice", "room");
            rtm.connect("bob", "room");

            client.sendChannel(ChannelMessage.builder().from("alice").channel("room").payload("hello").build());

            rtm.assertThatUser("bob").received().payloads().containsExactly("hello");
            rtm.assertThatUser("alice").received().isEmpty();
            rtm.assertThatChannel("room").senders().containsExactly("alice");
        }
    }

    @Test
    void tokenCredentialsWorkForTheirUidOnly() {
        try (RtmClient client = rtm.clientBuilder().retryPolicy(RetryPolicy.none())
                .credentials(Credentials.token("alice", rtm.tokenFor("alice"))).build()) {
            assertThat(client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("x").build()).code())
                    .isEqualTo("message_sent");

            // the SDK refuses another sender itself; the emulator's 401 uid_mismatch is covered by AuthTest
            assertThatThrownBy(() -> client.sendPeer(PeerMessage.builder().from("mallory").to("bob").payload("x").build()))
                    .isInstanceOf(RtmCredentialsException.class);
        }
        assertThat(rtm.emulator().accepted(rtm.app().appId())).extracting(m -> m.from()).containsExactly("alice");
    }

    @Test
    void anExpiredTokenIsRejectedWithTokenExpired() {
        String token = rtm.tokenFor("alice", Duration.ofHours(1));
        CLOCK.advance(Duration.ofHours(2));
        try (RtmClient client = rtm.clientBuilder().retryPolicy(RetryPolicy.none())
                .credentials(Credentials.token("alice", token)).build()) {
            assertThatThrownBy(() -> client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("x").build()))
                    .isInstanceOfSatisfying(RtmAuthenticationException.class,
                            e -> assertThat(e.code()).contains("token_expired"));
        } finally {
            CLOCK.advance(Duration.ofHours(-2));
        }
    }

    @Test
    void wrongSecretIs401() {
        try (RtmClient client = rtm.clientBuilder().retryPolicy(RetryPolicy.none())
                .credentials(Credentials.basic(rtm.app().apiKey(), "wrong")).build()) {
            assertThatThrownBy(() -> client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("x").build()))
                    .isInstanceOfSatisfying(RtmAuthenticationException.class,
                            e -> assertThat(e.code()).contains("invalid_credentials"));
        }
    }

    @Test
    void invalidMessagesFailInTheClientAndNothingIsSent() {
        try (RtmClient client = client()) {
            assertThatThrownBy(() -> client.sendPeer(PeerMessage.builder().from("alice").to("a/b").payload("x").build()))
                    .isInstanceOf(RtmValidationException.class);
        }
        assertThat(rtm.emulator().stats(rtm.app().appId()).requests()).isZero();
    }

    @Test
    void theRateLimitSurfacesAsRtmRateLimitedException() {
        try (RtmClient client = client()) {
            List<Integer> statuses = new ArrayList<>();
            RtmRateLimitedException limited = null;
            for (int i = 0; i < 51 && limited == null; i++) {
                try {
                    statuses.add(client.sendChannel(ChannelMessage.builder().from("a").channel("c").payload("x").build())
                            .httpStatus());
                } catch (RtmRateLimitedException e) {
                    limited = e;
                }
            }
            assertThat(limited).isNotNull();
            assertThat(limited.httpStatus()).isEqualTo(429);
            assertThat(limited.code()).contains("rate_limited");
            assertThat(statuses).hasSizeGreaterThanOrEqualTo(1).containsOnly(200);
        }
    }

    @Test
    void retriedAfterAcceptFaultsProduceDuplicatesWithAttemptCounts() {
        rtm.emulator().faults(rtm.app().appId(), Faults.builder().afterAcceptErrorProbability(1).seed(7).build());
        rtm.connect("bob");
        try (RtmClient client = rtm.clientBuilder().retryPolicy(RetryPolicy.builder().maxAttempts(2)
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build()).build()) {
            assertThatThrownBy(() -> client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("dup").build()))
                    .isInstanceOfSatisfying(RtmServerException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(500);
                        assertThat(e.attempts()).isEqualTo(2);
                    });
        }
        rtm.assertThatUser("bob").received().payloads().containsExactly("dup", "dup");
    }

    @Test
    void theAsyncClientSendsConcurrently() throws Exception {
        rtm.connect("bob");
        try (RtmAsyncClient client = rtm.clientBuilder().buildAsync()) {
            List<CompletableFuture<SendResult>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("p" + i).build()));
            }
            for (CompletableFuture<SendResult> f : futures) {
                assertThat(f.get(5, TimeUnit.SECONDS).code()).isEqualTo("message_sent");
            }
        }
        rtm.assertThatUser("bob").received().hasSize(20);
    }
}
