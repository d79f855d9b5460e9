package io.rtm.core.spi;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.Violation;
import java.util.List;

/**
 * Checks a message against the SPEC rules before anything is sent. Returns every violation (empty when
 * valid); the client turns a non-empty list into one {@link io.rtm.core.error.RtmValidationException}.
 * Thread-safe, allocation-light: it runs on every send.
 */
public interface Validator {

    /** Every violation of a peer message ({@code user_id}, {@code destination}, {@code payload}). */
    List<Violation> validate(PeerMessage message);

    /** Every violation of a channel message ({@code user_id}, {@code channel_name}, {@code payload}). */
    List<Violation> validate(ChannelMessage message);
}
