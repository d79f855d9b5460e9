package io.rtm.compat.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.ChannelMessage;
import io.rtm.core.DeliveryCode;
import io.rtm.core.PeerMessage;
import io.rtm.core.RtmBuilder;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import io.rtm.emulator.junit.RtmEmulatorExtension;

/**
 * The send every consumer must be able to make: a peer message (with an emoji, so the JSON codec writes 4-byte
 * UTF-8) to an online receiver that acknowledges it, and a channel message to a member, through a client built
 * from a plain {@code Rtm.builder()}; the receivers get exactly the payloads.
 */
public final class Sends {

    /** A payload outside ASCII and outside the BMP: the codec must write it as UTF-8, the emulator decode it. */
    public static final String PAYLOAD = "compat ✓ 📦 ";

    private Sends() {
    }

    /**
     * Connects bob (in channel {@code lobby}), sends him a peer message that waits for his ack and a channel
     * message to the lobby, and checks the results and what bob received. Closes the client.
     *
     * @param builder a builder ready for this emulator (credentials and endpoint set), e.g. {@code rtm.clientBuilder()}
     */
    public static void peerAndChannelMessagesReachTheirReceiver(RtmEmulatorExtension rtm, RtmBuilder builder) {
        rtm.connect("bob", "lobby");
        try (RtmClient client = builder.build()) {
            SendResult peer = client.sendPeer(PeerMessage.builder()
                    .from("alice").to("bob").payload(PAYLOAD + "peer").waitForAck(true).build());
            assertThat(peer.deliveryCode()).isEqualTo(DeliveryCode.DELIVERED);
            assertThat(peer.attempts()).isEqualTo(1);

            SendResult channel = client.sendChannel(ChannelMessage.builder()
                    .from("alice").channel("lobby").payload(PAYLOAD + "channel").build());
            assertThat(channel.httpStatus()).isEqualTo(200);
            assertThat(channel.attempts()).isEqualTo(1);
        }
        rtm.assertThatUser("bob").received().payloads()
                .containsExactly(PAYLOAD + "peer", PAYLOAD + "channel");
    }
}
