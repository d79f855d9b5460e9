package io.rtm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.Api;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Request URIs: built like before, once per sender and kind, and the cache stays bounded. */
class RequestTargetsTest {

    private static final String PREFIX = "https://api.example.com/dev/v2/project/app1/rtm/users/";
    private final RequestTargets targets = new RequestTargets(PREFIX);

    @Test
    void buildsThePeerChannelAndAckUrisWithTheSenderPercentEncoded() {
        String from = "a b+c%/é.";
        assertThat(targets.uri(Api.PEER, from, false).toString())
                .isEqualTo(PREFIX + "a%20b%2Bc%25%2F%C3%A9./peer_messages");
        assertThat(targets.uri(Api.PEER, from, true).toString())
                .isEqualTo(PREFIX + "a%20b%2Bc%25%2F%C3%A9./peer_messages?wait_for_ack=true");
        assertThat(targets.uri(Api.CHANNEL, from, false).toString())
                .isEqualTo(PREFIX + "a%20b%2Bc%25%2F%C3%A9./channel_messages");
        assertThat(targets.uri(Api.PEER, "..", false).getRawPath()).endsWith("/users/%2E%2E/peer_messages");
    }

    @Test
    void returnsTheSameInstanceForTheSameSenderAndKind() {
        URI first = targets.uri(Api.PEER, "alice", false);
        assertThat(targets.uri(Api.PEER, new String("alice"), false)).isSameAs(first);
        assertThat(targets.uri(Api.PEER, "alice", true)).isNotEqualTo(first);
        assertThat(targets.uri(Api.CHANNEL, "alice", false)).isNotEqualTo(first);
        assertThat(targets.size()).isEqualTo(3);
    }

    @Test
    void keepsAtMostMaxSendersPerKind() {
        for (int i = 0; i < RequestTargets.MAX_SENDERS * 3 + 7; i++) {
            URI uri = targets.uri(Api.PEER, "user-" + i, false);
            assertThat(uri.getRawPath()).isEqualTo("/dev/v2/project/app1/rtm/users/user-" + i + "/peer_messages");
        }
        assertThat(targets.size()).isBetween(1, RequestTargets.MAX_SENDERS);
    }
}
