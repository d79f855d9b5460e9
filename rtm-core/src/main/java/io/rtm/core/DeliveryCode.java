package io.rtm.core;

/**
 * What the service said happened to a sent message. The raw string the service sent is
 * {@link SendResult#code()}; an unrecognised one maps to {@link #UNKNOWN} and is surfaced as-is, never an error.
 */
public enum DeliveryCode {
    /** {@code message_sent} (also the published channel example's {@code "message sent"}): accepted. */
    SENT,
    /** {@code message_delivered}: the receiver acknowledged it ({@code wait_for_ack=true}). */
    DELIVERED,
    /** {@code message_offline}: the receiver is offline (stored if offline messaging was enabled). */
    OFFLINE,
    /** A code this SDK version does not know; read {@link SendResult#code()}. */
    UNKNOWN;

    /** Maps the service's raw code; tolerant of the published {@code "message sent"} spelling. */
    public static DeliveryCode fromWire(String code) {
        if (code == null) {
            return UNKNOWN;
        }
        switch (code) {
            case "message_sent":
            case "message sent":
                return SENT;
            case "message_delivered":
            case "message delivered":
                return DELIVERED;
            case "message_offline":
            case "message offline":
                return OFFLINE;
            default:
                return UNKNOWN;
        }
    }
}
