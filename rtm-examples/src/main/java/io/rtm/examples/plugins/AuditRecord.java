package io.rtm.examples.plugins;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the audit log records about one send call: never a payload, a credential or a header. Immutable.
 *
 * @param api       the operation's API ({@link io.rtm.core.Operation#api()}: {@code peer}, {@code channel})
 * @param sender    the user the call acts as, the sending user's ID ({@code -} for an operation without one; user IDs are not secrets)
 * @param status    the final HTTP status, 0 when the call ended without a response
 * @param code      the service's {@code code}, when its answer had one
 * @param requestId the service's {@code request_id}, when its answer had one
 * @param exception the simple class name of the exception that ended the call without a response
 *                  (e.g. {@code RtmTransportException}, {@code CancellationException})
 * @param attempts  HTTP attempts made (0 when none was started)
 * @param duration  from the start of the call to its end, retry waits included
 */
public record AuditRecord(String api, String sender, int status, Optional<String> code, Optional<String> requestId,
        Optional<String> exception, int attempts, Duration duration) {

    /** Checks that every part is present. */
    public AuditRecord {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(exception, "exception");
        Objects.requireNonNull(duration, "duration");
    }

    /**
     * One logfmt line, fields in a fixed order, absent ones left out:
     * {@code rtm.call api=peer sender=alice status=200 code=message_sent request_id=r-1 attempts=1 duration_ms=12}.
     * A value with a space, {@code =}, a quote or a control character is quoted and escaped, so a line can never be
     * split or forged by what the service or a caller sent.
     */
    public String line() {
        StringBuilder b = new StringBuilder(128).append("rtm.call");
        field(b, "api", api);
        field(b, "sender", sender);
        if (status > 0) {
            field(b, "status", Integer.toString(status));
        }
        code.ifPresent(c -> field(b, "code", c));
        requestId.ifPresent(id -> field(b, "request_id", id));
        exception.ifPresent(e -> field(b, "exception", e));
        field(b, "attempts", Integer.toString(attempts));
        field(b, "duration_ms", Long.toString(duration.toMillis()));
        return b.toString();
    }

    @Override
    public String toString() {
        return line();
    }

    private static void field(StringBuilder b, String key, String value) {
        b.append(' ').append(key).append('=');
        if (!needsQuotes(value)) {
            b.append(value);
            return;
        }
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static boolean needsQuotes(String value) {
        if (value.isEmpty()) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
