package io.rtm.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.RtmClient;
import io.rtm.emulator.AcceptedMessage;
import io.rtm.emulator.Receiver;
import io.rtm.emulator.RtmEmulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

/** The extension in a static field: one emulator for the class, reset between tests. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionStaticTest {

    @RegisterExtension
    static RtmEmulatorExtension rtm = RtmEmulatorExtension.builder().timeout(Duration.ofSeconds(2)).build();

    static RtmClient client;
    static RtmEmulator firstEmulator;

    @BeforeAll
    static void client() {
        client = rtm.clientBuilder().build();
        firstEmulator = rtm.emulator();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    @Order(1)
    void userReceivesWhatTheClientSent() {
        rtm.connect("bob");

        client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("hi").build());
        client.sendPeer(PeerMessage.builder().from("carol").to("bob").payload("again").build());

        rtm.assertThatUser("bob").received().payloads().containsExactly("hi", "again");
        rtm.assertThatUser("bob").received().senders().containsExactly("alice", "carol");
        rtm.assertThatUser("bob").isOnline();
    }

    @Test
    @Order(2)
    void stateIsResetBetweenTestsButTheEmulatorStays() {
        assertThat(rtm.emulator()).isSameAs(firstEmulator);
        assertThat(rtm.emulator().accepted(rtm.app().appId())).isEmpty();
        rtm.assertThatUser("bob").isOffline();
        rtm.assertThatUser("bob").received().isEmpty();
    }

    @Test
    void channelAssertionsSeeChannelMessages() {
        client.sendChannel(ChannelMessage.builder().from("alice").channel("room").payload("one").build());
        client.sendChannel(ChannelMessage.builder().from("bob").channel("other").payload("two").build());

        rtm.assertThatChannel("room").payloads().containsExactly("one");
        rtm.assertThatChannel("room").hasSize(1).senders().contains("alice");
    }

    @Test
    void storedMessagesCanBeAsserted() {
        client.sendPeer(PeerMessage.builder().from("alice").to("dave").payload("later").offline(true).build());

        rtm.assertThatUser("dave").stored().payloads().containsExactly("later");
        rtm.assertThatUser("dave").received().isEmpty();
    }

    @Test
    void awaitDeliveredReturnsTheMessages() {
        Receiver erin = rtm.connect("erin", "room");
        for (int i = 0; i < 3; i++) {
            client.sendPeer(PeerMessage.builder().from("alice").to("erin").payload("m" + i).build());
        }

        List<AcceptedMessage> got = rtm.awaitDelivered("erin", 3);

        assertThat(got).extracting(AcceptedMessage::payload).containsExactly("m0", "m1", "m2");
        assertThat(erin.messages()).hasSize(3);
    }

    @Test
    void aWrongExpectationFailsAtOnceWithWhatArrived() {
        rtm.connect("bob");
        client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("actual").build());
        rtm.assertThatUser("bob").received().hasSize(1);

        long start = System.nanoTime();
        assertThatThrownBy(() -> rtm.assertThatUser("bob").received().payloads().containsExactly("expected"))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("actual").hasMessageContaining("bob");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no need to wait for the timeout")
                .isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aMissingMessageFailsAfterTheTimeout() {
        assertThatThrownBy(() -> rtm.awaitDelivered("nobody", 1)).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("nobody");
    }
}
