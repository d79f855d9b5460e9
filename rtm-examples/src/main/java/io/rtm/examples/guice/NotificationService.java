package io.rtm.examples.guice;

import io.rtm.core.PeerMessage;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.SendResult;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The application's own service: tells customers that their order shipped. It knows the SDK only as the injected
 * {@link RtmAsyncClient}; which transport, credentials and interceptors stand behind it is the module's business
 * ({@link AppModule}). Thread-safe; never blocks.
 */
@Singleton
public final class NotificationService {

    /** The user ID the notices are sent as. */
    public static final String SENDER = "shop";

    private final RtmAsyncClient rtm;

    /** The service, on the application's RTM client. */
    @Inject
    public NotificationService(RtmAsyncClient rtm) {
        this.rtm = Objects.requireNonNull(rtm, "rtm");
    }

    /**
     * Sends {@code userId} the peer message "Your order {@code orderId} has shipped" from {@value #SENDER}, stored
     * for later if the user is offline ({@code enable_offline_messaging}).
     *
     * @return the send's future: a {@link SendResult}, or an {@link io.rtm.core.error.RtmException} (invalid user ID,
     *         authentication, rate limit, timeout, service or network failure)
     */
    public CompletableFuture<SendResult> orderShipped(String userId, String orderId) {
        return rtm.sendPeer(PeerMessage.builder()
                .from(SENDER)
                .to(userId)
                .payload("Your order " + orderId + " has shipped")
                .offline(true)
                .build());
    }
}
