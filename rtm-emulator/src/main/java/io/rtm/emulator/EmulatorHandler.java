package io.rtm.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The emulator's HTTP API on Jetty core: one {@link Route} per operation (the send APIs, history, events, and
 * the emulator's receiver endpoints), found by a {@link Router}. Fully asynchronous: no step parks a Jetty thread
 * (bodies are read on demand, ack waits and latency are scheduled). Every path answers exactly once; an
 * unexpected exception becomes a 500 {@code internal_error} with its stack trace logged.
 */
final class EmulatorHandler extends Handler.Abstract.NonBlocking {

    private final Settings settings;
    private final Scheduler scheduler;
    private final Ids ids = new Ids();
    private final Gate gate;
    private final Router router;

    EmulatorHandler(Map<String, AppState> apps, Settings settings, Scheduler scheduler, Executor executor) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.gate = new Gate(apps, settings);
        List<Route> routes = new ArrayList<>();
        routes.addAll(new SendOperations(gate, settings, ids, scheduler, executor).routes());
        routes.addAll(new HistoryOperations(gate, ids).routes());
        routes.addAll(new EventsOperations(gate).routes());
        routes.addAll(new ReceiverOperations(gate).routes());
        this.router = new Router(routes);
    }

    long unexpectedErrors() {
        return gate.unexpectedErrors();
    }

    String nextRequestId() {
        return ids.nextRequestId();
    }

    /** Every route, in order. */
    List<Route> routes() {
        return router.routes();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange ex = new Exchange(request, response, callback, ids.nextRequestId(), scheduler, settings.maxBodyBytes());
        gate.guard(ex, () -> router.dispatch(ex));
        return true;
    }
}
