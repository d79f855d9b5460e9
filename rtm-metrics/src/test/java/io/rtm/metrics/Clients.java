package io.rtm.metrics;

import io.rtm.core.ChannelMessage;
import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.Rtm;
import io.rtm.core.RtmBuilder;
import io.rtm.core.Violation;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.Validator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** Builders, messages and small helpers shared by the tests. */
final class Clients {

    /** Nothing listens there: the tests hand the builder an in-memory transport. */
    static final String ENDPOINT = "http://127.0.0.1:1";
    static final String APP_ID = "app1";
    static final String PEER_URI = "/dev/v2/project/{appid}/rtm/users/{user_id}/peer_messages";
    static final String CHANNEL_URI = "/dev/v2/project/{appid}/rtm/users/{user_id}/channel_messages";

    static final Validator ACCEPT_ALL = new Validator() {
        @Override
        public List<Violation> validate(PeerMessage message) {
            return List.of();
        }

        @Override
        public List<Violation> validate(ChannelMessage message) {
            return List.of();
        }
    };

    static final Validator REJECT_ALL = new Validator() {
        @Override
        public List<Violation> validate(PeerMessage message) {
            return List.of(new Violation("payload", "not_empty", "rejected by the test validator"));
        }

        @Override
        public List<Violation> validate(ChannelMessage message) {
            return List.of(new Violation("payload", "not_empty", "rejected by the test validator"));
        }
    };

    /** Sends the request as it is. */
    static final Authenticator NO_AUTH = (request, call) -> CompletableFuture.completedFuture(request);

    private Clients() {
    }

    /** A builder on the transport, accepting every message, without client-side rate limiting, 5 s deadline. */
    static RtmBuilder builder(ScriptedTransport transport) {
        return Rtm.builder().endpoint(ENDPOINT).appId(APP_ID).credentials(Credentials.basic("key", "secret"))
                .transport(transport).validator(ACCEPT_ALL).authenticator(NO_AUTH)
                .rateLimit(RateLimit.disabled()).callTimeout(Duration.ofSeconds(5));
    }

    static PeerMessage peer() {
        return PeerMessage.builder().from("alice").to("bob").payload("hi").build();
    }

    static ChannelMessage channel() {
        return ChannelMessage.builder().from("alice").channel("lobby").payload("hi").build();
    }

    /** Waits up to 5 s for the condition (for events that complete on another thread). */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
