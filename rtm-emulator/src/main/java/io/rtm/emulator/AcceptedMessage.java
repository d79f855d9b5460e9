package io.rtm.emulator;

import java.time.Instant;
import java.util.Objects;

/**
 * A message the emulator accepted (it passed authentication, validation, the rate limit and fault injection).
 * Immutable.
 *
 * @param id                  the message id the emulator assigned (the SSE event id, the id to acknowledge)
 * @param api                 {@link Api#PEER} or {@link Api#CHANNEL}
 * @param from                the sending user ({@code user_id} in the URL path)
 * @param to                  the receiving user ({@code destination}) for a peer message, the channel name
 *                            ({@code channel_name}) for a channel message
 * @param payload             the payload
 * @param waitForAck          {@code wait_for_ack} (always false for channel messages)
 * @param offlineMessaging    {@code enable_offline_messaging} (always false for channel messages)
 * @param historicalMessaging {@code enable_historical_messaging}
 * @param requestId           the {@code request_id} of the call that sent it
 * @param sentAt              when the emulator accepted it, by the emulator's clock
 */
public record AcceptedMessage(String id, Api api, String from, String to, String payload, boolean waitForAck,
        boolean offlineMessaging, boolean historicalMessaging, String requestId, Instant sentAt) {

    /** Checks that every part is present. */
    public AcceptedMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(sentAt, "sentAt");
    }

    /** Whether this is a peer message (else a channel message). */
    public boolean isPeer() {
        return api == Api.PEER;
    }

    /** Ids, flags and the payload's length (a payload may be private). */
    @Override
    public String toString() {
        return "AcceptedMessage{id='" + id + "', api=" + api + ", from='" + from + "', to='" + to + "', payload="
                + payload.length() + " chars, waitForAck=" + waitForAck + ", offlineMessaging=" + offlineMessaging
                + ", historicalMessaging=" + historicalMessaging + ", requestId='" + requestId + "', sentAt=" + sentAt + '}';
    }
}
