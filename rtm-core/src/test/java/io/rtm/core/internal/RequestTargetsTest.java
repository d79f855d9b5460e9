package io.rtm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.error.RtmValidationException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Request URIs: the operation's template with the App ID and sender percent-encoded, cached, and the cache bounded. */
class RequestTargetsTest {

    private static final String PREFIX = "https://api.example.com/dev/v2/project/app1/rtm/users/";
    private final RequestTargets targets = new RequestTargets("https://api.example.com", "app1");

    private static PeerMessage peer(String from, boolean ack) {
        return PeerMessage.builder().from(from).to("bob").payload("x").waitForAck(ack).build();
    }

    private static ChannelMessage channel(String from) {
        return ChannelMessage.builder().from(from).channel("lobby").payload("x").build();
    }

    @Test
    void buildsThePeerChannelAndAckUrisWithTheSenderPercentEncoded() {
        String from = "a b+c%/é.";
        assertThat(targets.uri(Operations.SEND_PEER, peer(from, false)).toString())
                .isEqualTo(PREFIX + "a%20b%2Bc%25%2F%C3%A9./peer_messages");
        assertThat(targets.uri(Operations.SEND_PEER, peer(from, true)).toString())
                .isEqualTo(PREFIX + "a%20b%2Bc%25%2F%C3%A9./peer_messages?wait_for_ack=true");
        assertThat(targets.uri(Operations.SEND_CHANNEL, channel(from)).toString())
                .isEqualTo(PREFIX + "a%20b%2Bc%25%2F%C3%A9./channel_messages");
        assertThat(targets.uri(Operations.SEND_PEER, peer("..", false)).getRawPath()).endsWith("/users/%2E%2E/peer_messages");
    }

    @Test
    void encodesTheAppIdAsOneSegment() {
        RequestTargets odd = new RequestTargets("https://api.example.com", "a/b c");
        assertThat(odd.uri(Operations.SEND_PEER, peer("alice", false)).getRawPath())
                .isEqualTo("/dev/v2/project/a%2Fb%20c/rtm/users/alice/peer_messages");
    }

    @Test
    void returnsTheSameInstanceForTheSameSenderOperationAndQuery() {
        URI first = targets.uri(Operations.SEND_PEER, peer("alice", false));
        assertThat(targets.uri(Operations.SEND_PEER, peer(new String("alice"), false))).isSameAs(first);
        assertThat(targets.uri(Operations.SEND_PEER, peer("alice", true))).isNotEqualTo(first);
        assertThat(targets.uri(Operations.SEND_CHANNEL, channel("alice"))).isNotEqualTo(first);
        assertThat(targets.size()).isEqualTo(3);
    }

    @Test
    void refusesAnUnpairedSurrogateNamingTheFieldAndCachesNothing() {
        assertThatThrownBy(() -> targets.uri(Operations.SEND_PEER, peer("al\uD800ice", false)))
                .isInstanceOfSatisfying(RtmValidationException.class,
                        e -> assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("user_id")));
        assertThat(targets.size()).isZero();
    }

    @Test
    void keepsAtMostMaxCachedUris() {
        for (int i = 0; i < RequestTargets.MAX_CACHED * 2 + 7; i++) {
            URI uri = targets.uri(Operations.SEND_PEER, peer("user-" + i, false));
            assertThat(uri.getRawPath()).isEqualTo("/dev/v2/project/app1/rtm/users/user-" + i + "/peer_messages");
        }
        assertThat(targets.size()).isBetween(1, RequestTargets.MAX_CACHED);
    }
}
