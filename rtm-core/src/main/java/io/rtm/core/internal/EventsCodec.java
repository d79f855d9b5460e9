package io.rtm.core.internal;

import io.rtm.core.events.ChannelEvent;
import io.rtm.core.events.UserEvent;
import io.rtm.core.spi.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The replies of the events operations: {@code {"events":[...]}}, each event's fields required. Thread-safe. */
final class EventsCodec {

    private EventsCodec() {
    }

    /** {@code [{"user_id","type","ts"}]}. */
    static List<UserEvent> userEvents(HttpResponse response, int attempts) {
        String label = Operations.USER_EVENTS.label;
        ReplyJson.Unreadable fail = ReplyJson.unreadable(label, response, attempts);
        List<Map<String, Object>> events = ReplyJson.objects(ReplyJson.object(label, response, attempts), "events", fail);
        List<UserEvent> out = new ArrayList<>(events.size());
        for (Map<String, Object> e : events) {
            out.add(new UserEvent(ReplyJson.string(e, "user_id", fail), ReplyJson.string(e, "type", fail),
                    Instant.ofEpochMilli(ReplyJson.integer(e, "ts", fail))));
        }
        return List.copyOf(out);
    }

    /** {@code [{"channel_id","user_id","type","ts"}]}. */
    static List<ChannelEvent> channelEvents(HttpResponse response, int attempts) {
        String label = Operations.CHANNEL_EVENTS.label;
        ReplyJson.Unreadable fail = ReplyJson.unreadable(label, response, attempts);
        List<Map<String, Object>> events = ReplyJson.objects(ReplyJson.object(label, response, attempts), "events", fail);
        List<ChannelEvent> out = new ArrayList<>(events.size());
        for (Map<String, Object> e : events) {
            out.add(new ChannelEvent(ReplyJson.string(e, "channel_id", fail), ReplyJson.string(e, "user_id", fail),
                    ReplyJson.string(e, "type", fail), Instant.ofEpochMilli(ReplyJson.integer(e, "ts", fail))));
        }
        return List.copyOf(out);
    }
}
