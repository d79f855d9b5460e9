package io.rtm.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a successful send: the HTTP status, what the service said ({@link #deliveryCode()}
 * and the raw {@link #code()}), its {@code result} and {@code request_id} when present, and the number
 * of attempts the call took. Immutable.
 */
public final class SendResult {

    private final int httpStatus;
    private final String code;
    private final DeliveryCode deliveryCode;
    private final String result;
    private final String requestId;
    private final int attempts;

    private SendResult(int httpStatus, String code, String result, String requestId, int attempts) {
        this.httpStatus = httpStatus;
        this.code = Objects.requireNonNull(code, "code");
        this.deliveryCode = DeliveryCode.fromWire(code);
        this.result = result;
        this.requestId = requestId;
        this.attempts = attempts;
    }

    /**
     * Creates a result.
     *
     * @param httpStatus the HTTP status (2xx)
     * @param code       the service's code as sent ("" when the reply had none)
     * @param result     the service's {@code result}, or null when absent
     * @param requestId  the service's {@code request_id}, or null when absent
     * @param attempts   attempts the call made (at least 1)
     */
    public static SendResult of(int httpStatus, String code, String result, String requestId, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1: " + attempts);
        }
        return new SendResult(httpStatus, code, result, requestId, attempts);
    }

    /** The HTTP status of the final response (200 from the SPEC service). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The service's {@code code} exactly as sent (e.g. {@code message_sent}); empty string if absent. */
    public String code() {
        return code;
    }

    /** The code, classified. */
    public DeliveryCode deliveryCode() {
        return deliveryCode;
    }

    /** The service's {@code result} ({@code success}); absent in the published {@code message_offline} reply. */
    public Optional<String> result() {
        return Optional.ofNullable(result);
    }

    /** The service's {@code request_id}, when present. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** How many attempts the call made (1 without retries). */
    public int attempts() {
        return attempts;
    }

    /** A copy reporting a different attempt count. */
    public SendResult withAttempts(int attempts) {
        return attempts == this.attempts ? this : of(httpStatus, code, result, requestId, attempts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SendResult r && httpStatus == r.httpStatus && code.equals(r.code)
                && Objects.equals(result, r.result) && Objects.equals(requestId, r.requestId) && attempts == r.attempts;
    }

    @Override
    public int hashCode() {
        return Objects.hash(httpStatus, code, result, requestId, attempts);
    }

    @Override
    public String toString() {
        return "SendResult{httpStatus=" + httpStatus + ", code='" + code + "', deliveryCode=" + deliveryCode
                + ", result=" + result + ", requestId=" + requestId + ", attempts=" + attempts + '}';
    }
}
