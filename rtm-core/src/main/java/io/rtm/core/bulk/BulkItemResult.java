package io.rtm.core.bulk;

import io.rtm.core.SendResult;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one message of a bulk send: its position in the source, the message, and either its
 * {@link SendResult} or the error that failed it.
 *
 * @param index   0-based position in the source
 * @param message the message ({@link io.rtm.core.PeerMessage} or {@link io.rtm.core.ChannelMessage})
 * @param result  the result, when sent
 * @param error   the failure, when not
 * @param reason  low-cardinality failure reason (see {@link BulkSummary#failuresByReason()}), empty when sent
 * @param <M>     the message type
 */
public record BulkItemResult<M>(int index, M message, Optional<SendResult> result, Optional<Throwable> error,
                                Optional<String> reason) {

    /** Creates an item result; exactly one of result and error is present. */
    public BulkItemResult {
        Objects.requireNonNull(message, "message");
        if (result.isPresent() == error.isPresent()) {
            throw new IllegalArgumentException("exactly one of result and error must be present");
        }
    }

    /** Whether the message was sent (any delivery code). */
    public boolean sent() {
        return result.isPresent();
    }
}
