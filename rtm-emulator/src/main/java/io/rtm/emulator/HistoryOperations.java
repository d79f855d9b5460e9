package io.rtm.emulator;

import java.util.List;
import java.util.Optional;

/**
 * The history API (SPEC-HISTORY-EVENTS): {@code POST /rtm/message/history/query} creates a query and answers its
 * location; {@code GET /rtm/message/history/query/{handle}} reads it ({@code 404 not_found} unknown,
 * {@code 410 query_expired} after 10 minutes, {@code "in progress"} until ready); {@code GET
 * /rtm/message/history/count} counts. Auth as the send APIs (any uid with a valid token); all three share one
 * quota of 100 calls per second per App ID. Order of checks: app, auth, Content-Type and body (query), parameter
 * rules (400, all violations in one answer), quota (429), then the operation.
 */
final class HistoryOperations {

    private static final String QUERY = "/rtm/message/history/query";

    private final Gate gate;
    private final Ids ids;

    HistoryOperations(Gate gate, Ids ids) {
        this.gate = gate;
        this.ids = ids;
    }

    List<Route> routes() {
        return List.of(
                new Route("POST", Paths.SERVICE + QUERY, this::createQuery),
                new Route("GET", Paths.SERVICE + QUERY + "/{handle}", this::readQuery),
                new Route("GET", Paths.SERVICE + "/rtm/message/history/count", this::count));
    }

    /** The app, once the caller is authenticated; else null (answered). */
    private AppState authenticated(Exchange ex, Route.PathParams params) {
        AppState app = gate.app(ex, params.raw("appid"));
        return app != null && gate.authenticate(ex, app, Optional.empty()) ? app : null;
    }

    private void createQuery(Exchange ex, Route.PathParams params) {
        AppState app = authenticated(ex, params);
        if (app == null || !gate.requireJson(ex)) {
            return;
        }
        gate.readBody(ex, body -> {
            HistoryRequest.Query q;
            try {
                q = HistoryRequest.query(body);
            } catch (SendBody.MalformedJsonException e) {
                ex.fail(400, Codes.MALFORMED_JSON, e.getMessage());
                return;
            }
            if (!q.violations().isEmpty()) {
                ex.invalid(q.violations());
                return;
            }
            if (!gate.admit(ex, app, Quota.HISTORY)) {
                return;
            }
            String handle = ids.nextHandle();
            app.history.createQuery(handle, q.filter(), q.offset(), q.limit(), q.order());
            ex.respond(200, Json.historyQueryCreated(ex.requestId, q.offset(), q.limit(), q.order().wireName,
                    "~" + QUERY + "/" + handle));
        });
    }

    private void readQuery(Exchange ex, Route.PathParams params) {
        AppState app = authenticated(ex, params);
        if (app == null || !gate.admit(ex, app, Quota.HISTORY)) {
            return;
        }
        // a handle is opaque: one that does not even decode is simply unknown
        History.Read read = PercentDecoding.decode(params.raw("handle")).map(app.history::read)
                .orElse(new History.Read(History.Status.NOT_FOUND, List.of()));
        switch (read.status()) {
            case NOT_FOUND:
                ex.fail(404, Codes.NOT_FOUND, "no history query with this handle");
                break;
            case EXPIRED:
                ex.fail(410, Codes.QUERY_EXPIRED, "this history query is older than 10 minutes; make a new one");
                break;
            case IN_PROGRESS:
                ex.respond(200, Json.inProgress(ex.requestId));
                break;
            default:
                ex.respond(200, Json.historyPage(ex.requestId, read.page()));
        }
    }

    private void count(Exchange ex, Route.PathParams params) {
        AppState app = authenticated(ex, params);
        if (app == null) {
            return;
        }
        HistoryRequest.Count c = HistoryRequest.count(ex.request.getHttpURI().getQuery());
        if (!c.violations().isEmpty()) {
            ex.invalid(c.violations());
            return;
        }
        if (!gate.admit(ex, app, Quota.HISTORY)) {
            return;
        }
        History.Count count = app.history.count(c.filter());
        ex.respond(200, count.inProgress() ? Json.inProgress(ex.requestId) : Json.historyCount(ex.requestId, count.count()));
    }
}
