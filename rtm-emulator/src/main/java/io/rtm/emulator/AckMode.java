package io.rtm.emulator;

/** How a peer message sent with {@code wait_for_ack=true} to an online receiver gets acknowledged. */
public enum AckMode {
    /** The emulator acknowledges as soon as the event was written to at least one of the receiver's streams. */
    AUTO,
    /**
     * The receiver acknowledges explicitly: {@code POST /emulator/v1/apps/{appid}/users/{user_id}/acks} with
     * {@code {"id":"<message id>"}}, or {@link Receiver#ack(String)} for an in-process receiver.
     */
    MANUAL
}
