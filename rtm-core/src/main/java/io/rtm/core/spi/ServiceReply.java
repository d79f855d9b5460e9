package io.rtm.core.spi;

import io.rtm.core.internal.JsonCodec;
import java.util.Optional;

/**
 * The RTM fields of a response body ({@code code}, {@code result}, {@code request_id}, {@code message}), read the
 * way the client reads them: top-level string fields of one JSON object, unknown fields ignored, {@code null} as
 * absent, the last of repeated fields wins, a number or boolean as its text; a body that is not one JSON object has
 * none of them.
 *
 * <p>{@link #of(HttpResponse)} decodes a response once and keeps the result with it, so the pipeline and every
 * interceptor that asks (metrics, audit logs) share one parse. Immutable and thread-safe.
 */
public final class ServiceReply {

    private static final ServiceReply NONE = new ServiceReply(JsonCodec.Reply.NONE);

    private final JsonCodec.Reply reply;

    private ServiceReply(JsonCodec.Reply reply) {
        this.reply = reply;
    }

    /** The reply of this response (decoded on the first call for it, then the same instance). */
    public static ServiceReply of(HttpResponse response) {
        ServiceReply decoded = response.decodedReply();
        if (decoded == null) {
            JsonCodec.Reply r = JsonCodec.decodeReply(response.bodyArray());
            decoded = r == JsonCodec.Reply.NONE ? NONE : new ServiceReply(r);
            response.decodedReply(decoded);
        }
        return decoded;
    }

    /** Whether the body was one JSON object (possibly without any of the RTM fields). */
    public boolean isJsonObject() {
        return reply.json();
    }

    /** {@code code}, e.g. {@code message_sent} or an error's {@code <snake_case_reason>}; may be empty. */
    public Optional<String> code() {
        return Optional.ofNullable(reply.code());
    }

    /** {@code result}, e.g. {@code success}. */
    public Optional<String> result() {
        return Optional.ofNullable(reply.result());
    }

    /** {@code request_id}, the service's ID of the request (quote it to support). */
    public Optional<String> requestId() {
        return Optional.ofNullable(reply.requestId());
    }

    /** {@code message}, the human-readable text of an error reply. */
    public Optional<String> message() {
        return Optional.ofNullable(reply.message());
    }

    /** The fields as read ({@code request_id} and {@code code}; never the message text). */
    @Override
    public String toString() {
        return "ServiceReply{json=" + reply.json() + ", code=" + reply.code() + ", requestId=" + reply.requestId() + '}';
    }
}
