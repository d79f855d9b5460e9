package io.rtm.core.internal;

import io.rtm.core.ChannelMessage;
import io.rtm.core.Operation;
import io.rtm.core.PeerMessage;
import io.rtm.core.SendResult;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.ServiceReply;

/** The specs of the built-in operations. */
final class Operations {

    private static final String WAIT_FOR_ACK = "?wait_for_ack=true";

    /** {@link Operation#SEND_PEER}: body {@code destination, enable_offline_messaging, enable_historical_messaging, payload}. */
    static final OperationSpec<PeerMessage, SendResult> SEND_PEER = OperationSpec.<PeerMessage, SendResult>builder(Operation.SEND_PEER)
            .label("peer message")
            .validate((validator, m) -> validator.validate(m))
            .userId(PeerMessage::from)
            .query(m -> m.waitForAck() ? WAIT_FOR_ACK : "")
            .body(JsonCodec::encode)
            .decode(Operations::sendResult)
            .cacheTargets()
            .build();

    /** {@link Operation#SEND_CHANNEL}: body {@code channel_name, enable_historical_messaging, payload}. */
    static final OperationSpec<ChannelMessage, SendResult> SEND_CHANNEL = OperationSpec.<ChannelMessage, SendResult>builder(Operation.SEND_CHANNEL)
            .label("channel message")
            .validate((validator, m) -> validator.validate(m))
            .userId(ChannelMessage::from)
            .body(JsonCodec::encode)
            .decode(Operations::sendResult)
            .cacheTargets()
            .build();

    private Operations() {
    }

    /** The result of a 2xx reply to a send. An absent code is reported as "" ({@code DeliveryCode.UNKNOWN}). */
    static SendResult sendResult(HttpResponse response, int attempts) {
        ServiceReply reply = ServiceReply.of(response);
        return SendResult.of(response.status(), reply.code().orElse(""), reply.result().orElse(null),
                reply.requestId().orElse(null), attempts);
    }
}
