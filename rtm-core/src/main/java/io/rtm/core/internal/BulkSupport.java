package io.rtm.core.internal;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.RequestOptions;
import io.rtm.core.SendResult;
import io.rtm.core.spi.Sender;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The door from {@code io.rtm.core.bulk} to the client's internals: a bulk sender that sends through this SDK's own
 * client learns when each of its calls got its rate-limit permit (so it keeps a short queue at the limiter and lets
 * everything else be in flight, whatever the latency), and how many connections the client's pool allows. Public only
 * because the bulk package calls it; this package is not exported (module-info) and is not API.
 */
public final class BulkSupport {

    private BulkSupport() {
    }

    /** The SDK's client behind {@code sender}, when it is one (not a decorator, not another implementation). */
    public static Optional<Client> client(Sender sender) {
        return sender instanceof DefaultRtmAsyncClient c ? Optional.of(new Client(c)) : Optional.empty();
    }

    /** What a bulk sender may use of the SDK's client. Thread-safe. */
    public static final class Client {
        private final DefaultRtmAsyncClient client;

        private Client(DefaultRtmAsyncClient client) {
            this.client = client;
        }

        /** Sends; {@code onAdmitted} runs once, on an SDK thread, right after the first attempt got its permit. */
        public CompletableFuture<SendResult> sendPeer(PeerMessage message, RequestOptions options, Runnable onAdmitted) {
            return client.sendPeer(message, options, onAdmitted);
        }

        /** Sends; {@code onAdmitted} runs once, on an SDK thread, right after the first attempt got its permit. */
        public CompletableFuture<SendResult> sendChannel(ChannelMessage message, RequestOptions options, Runnable onAdmitted) {
            return client.sendChannel(message, options, onAdmitted);
        }

        /** Where the client completes its futures (the bulk sender reads its source there, off the SDK's I/O threads). */
        public java.util.concurrent.Executor executor() {
            return client.completionExecutor();
        }

        /** The most connections the client's transport configuration allows to one host. */
        public int maxConnectionsPerRoute() {
            return client.transportConfig().maxConnectionsPerRoute();
        }
    }
}
