package io.rtm.emulator;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The events API (SPEC-HISTORY-EVENTS): {@code GET /rtm/vendor/user_events} (Login/Logout) and
 * {@code GET /rtm/vendor/channel_events} (Join/Leave). Each answers at most 1,000 stored events, oldest first,
 * and removes them (Decided 1); each has its own quota of 10 calls per second per App ID. Auth as the send APIs
 * (any uid with a valid token). Query parameters are ignored.
 */
final class EventsOperations {

    private final Gate gate;

    EventsOperations(Gate gate) {
        this.gate = gate;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", Paths.SERVICE + "/rtm/vendor/user_events", (ex, p) -> read(ex, p, Quota.USER_EVENTS,
                        (app, requestId) -> Json.userEvents(requestId, app.takeUserEvents(Settings.EVENTS_PER_READ)))),
                new Route("GET", Paths.SERVICE + "/rtm/vendor/channel_events", (ex, p) -> read(ex, p, Quota.CHANNEL_EVENTS,
                        (app, requestId) -> Json.channelEvents(requestId, app.takeChannelEvents(Settings.EVENTS_PER_READ)))));
    }

    /** Authenticates, admits under {@code quota}, then answers the events {@code take} removes from the store. */
    private void read(Exchange ex, Route.PathParams params, Quota quota, BiFunction<AppState, String, byte[]> take) {
        AppState app = gate.app(ex, params.raw("appid"));
        if (app == null || !gate.authenticate(ex, app, Optional.empty()) || !gate.admit(ex, app, quota)) {
            return;
        }
        ex.respond(200, take.apply(app, ex.requestId));
    }
}
