package io.rtm.core.internal;

import io.rtm.core.ChannelMessage;
import io.rtm.core.Operation;
import io.rtm.core.PeerMessage;
import io.rtm.core.SendResult;
import io.rtm.core.events.ChannelEvent;
import io.rtm.core.events.UserEvent;
import io.rtm.core.history.HistoryFilter;
import io.rtm.core.history.HistoryMessage;
import io.rtm.core.history.HistoryQuery;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.ServiceReply;
import java.util.List;

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

    /** {@link Operation#HISTORY_QUERY}: body {@code filter{source, destination, start_time, end_time}, offset, limit, order}. */
    static final OperationSpec<HistoryQuery, HistoryCodec.Created> HISTORY_QUERY =
            OperationSpec.<HistoryQuery, HistoryCodec.Created>builder(Operation.HISTORY_QUERY)
                    .label("history query")
                    .validate(HistoryRules::validate)
                    .body(HistoryCodec::queryBody)
                    .decode(HistoryCodec::created)
                    .build();

    /** {@link Operation#HISTORY_READ}: the request is the query's handle (one path segment). */
    static final OperationSpec<String, Poll<List<HistoryMessage>>> HISTORY_READ =
            OperationSpec.<String, Poll<List<HistoryMessage>>>builder(Operation.HISTORY_READ)
                    .label("history read")
                    .pathParam("handle", handle -> handle)
                    .decode(HistoryCodec::page)
                    .build();

    /** {@link Operation#HISTORY_COUNT}: the filter as the query string. */
    static final OperationSpec<HistoryFilter, Poll<Long>> HISTORY_COUNT =
            OperationSpec.<HistoryFilter, Poll<Long>>builder(Operation.HISTORY_COUNT)
                    .label("history count")
                    .validate(HistoryRules::validate)
                    .query(HistoryCodec::countQuery)
                    .decode(HistoryCodec::count)
                    .build();

    /** {@link Operation#USER_EVENTS}: no parameters; a read removes what it returns, so it never retries once sent. */
    static final OperationSpec<EventsRequest, List<UserEvent>> USER_EVENTS =
            OperationSpec.<EventsRequest, List<UserEvent>>builder(Operation.USER_EVENTS)
                    .label("user events read")
                    .decode(EventsCodec::userEvents)
                    .retryOnlyBeforeReach()
                    .cacheTargets()
                    .build();

    /** {@link Operation#CHANNEL_EVENTS}: as {@link #USER_EVENTS}. */
    static final OperationSpec<EventsRequest, List<ChannelEvent>> CHANNEL_EVENTS =
            OperationSpec.<EventsRequest, List<ChannelEvent>>builder(Operation.CHANNEL_EVENTS)
                    .label("channel events read")
                    .decode(EventsCodec::channelEvents)
                    .retryOnlyBeforeReach()
                    .cacheTargets()
                    .build();

    /** The request of an events read, which has no parameters. */
    enum EventsRequest {
        FETCH
    }

    private Operations() {
    }

    /** The result of a 2xx reply to a send. An absent code is reported as "" ({@code DeliveryCode.UNKNOWN}). */
    static SendResult sendResult(HttpResponse response, int attempts) {
        ServiceReply reply = ServiceReply.of(response);
        return SendResult.of(response.status(), reply.code().orElse(""), reply.result().orElse(null),
                reply.requestId().orElse(null), attempts);
    }
}
