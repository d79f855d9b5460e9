package io.rtm.emulator;

import io.rtm.core.Violation;
import io.rtm.validation.RtmValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The two send APIs (SPEC.md): {@code POST .../rtm/users/{user_id}/peer_messages} and
 * {@code .../channel_messages}. One flow for both; what differs is a {@link Kind}. Order of checks: app, auth
 * (then {@code uid_mismatch}), path decoding, Content-Type, body size, JSON, SPEC rules and {@code wait_for_ack}
 * (all violations in one answer), quota, faults, accept and deliver.
 */
final class SendOperations {

    /** What differs between the two send APIs. */
    static final class Kind {
        final MessageType type;
        final String targetField;
        final Quota quota;
        /** Whether {@code wait_for_ack} is read (peer messages); else it is ignored. */
        final boolean readsWaitForAck;
        /** Whether {@code enable_offline_messaging} is read (peer messages); else it is ignored. */
        final boolean readsOffline;
        private final Rules rules;
        private final Deliver deliver;

        private Kind(MessageType type, String targetField, Quota quota, boolean readsWaitForAck, boolean readsOffline,
                Rules rules, Deliver deliver) {
            this.type = type;
            this.targetField = targetField;
            this.quota = quota;
            this.readsWaitForAck = readsWaitForAck;
            this.readsOffline = readsOffline;
            this.rules = rules;
            this.deliver = deliver;
        }
    }

    @FunctionalInterface
    private interface Rules {
        List<Violation> validate(RtmValidator validator, String userId, String target, String payload);
    }

    /** Delivers an accepted message; returns the outcome to wait for when the call waits for an ack. */
    @FunctionalInterface
    private interface Deliver {
        Optional<PendingAck> deliver(AppState app, AcceptedMessage m, boolean waitForAck);
    }

    static final Kind PEER = new Kind(MessageType.PEER, SendBody.DESTINATION, Quota.PEER_MESSAGES, true, true,
            RtmValidator::validatePeer, AppState::deliverPeer);
    static final Kind CHANNEL = new Kind(MessageType.CHANNEL, SendBody.CHANNEL_NAME, Quota.CHANNEL_MESSAGES, false,
            false, RtmValidator::validateChannel, (app, m, waitForAck) -> {
                app.deliverChannel(m);
                return Optional.empty();
            });

    private final Gate gate;
    private final Settings settings;
    private final Ids ids;
    private final Scheduler scheduler;
    private final Executor executor;
    private final RtmValidator rules = RtmValidator.standard();

    SendOperations(Gate gate, Settings settings, Ids ids, Scheduler scheduler, Executor executor) {
        this.gate = gate;
        this.settings = settings;
        this.ids = ids;
        this.scheduler = scheduler;
        this.executor = executor;
    }

    List<Route> routes() {
        return List.of(
                new Route("POST", Paths.SERVICE + "/rtm/users/{user_id}/peer_messages", (ex, p) -> send(ex, p, PEER)),
                new Route("POST", Paths.SERVICE + "/rtm/users/{user_id}/channel_messages",
                        (ex, p) -> send(ex, p, CHANNEL)));
    }

    private void send(Exchange ex, Route.PathParams params, Kind kind) {
        AppState app = gate.app(ex, params.raw("appid"));
        if (app == null) {
            return;
        }
        ex.countFor(app);
        Optional<String> userId = PercentDecoding.decode(params.raw("user_id"));
        if (!gate.authenticate(ex, app, userId)) {
            return;
        }
        if (userId.isEmpty()) {
            ex.invalid(List.of(Codes.badEncoding("user_id")));
            return;
        }
        List<Violation> queryViolations = new ArrayList<>(0);
        boolean waitForAck = kind.readsWaitForAck && waitForAck(ex, queryViolations);
        if (!gate.requireJson(ex)) {
            return;
        }
        gate.readBody(ex, body -> onBody(ex, app, kind, userId.get(), waitForAck, queryViolations, body));
    }

    /** {@code wait_for_ack}: absent = false; exactly {@code true} or {@code false} otherwise. */
    private static boolean waitForAck(Exchange ex, List<Violation> violations) {
        boolean wait = false;
        for (QueryString.Pair pair : QueryString.parse(ex.request.getHttpURI().getQuery())) {
            if (!pair.name().equals("wait_for_ack")) {
                continue;
            }
            String value = PercentDecoding.decode(pair.rawValue()).orElse("");
            if (value.equals("true")) {
                wait = true;
            } else if (!value.equals("false")) {
                violations.add(new Violation("wait_for_ack", Codes.RULE_ALLOWED_VALUES, "must be true or false"));
                return false;
            }
        }
        return wait;
    }

    private void onBody(Exchange ex, AppState app, Kind kind, String userId, boolean waitForAck,
            List<Violation> queryViolations, byte[] bytes) {
        SendBody body;
        try {
            body = SendBody.parse(bytes, kind.targetField, kind.readsOffline);
        } catch (SendBody.MalformedJsonException e) {
            ex.fail(400, Codes.MALFORMED_JSON, e.getMessage());
            return;
        }
        List<Violation> violations = validate(kind, userId, body, queryViolations);
        if (!violations.isEmpty()) {
            ex.invalid(violations);
            return;
        }
        if (!gate.admit(ex, app, kind.quota)) {
            return;
        }
        FaultInjector.Decision fault = app.nextFault();
        Runnable accept = () -> gate.guard(ex, () -> acceptAndDeliver(ex, app, kind, userId, waitForAck, body, fault));
        if (fault.latencyNanos() > 0) {
            scheduler.schedule(() -> executor.execute(accept), fault.latencyNanos(), TimeUnit.NANOSECONDS);
        } else {
            accept.run();
        }
    }

    private List<Violation> validate(Kind kind, String userId, SendBody body, List<Violation> queryViolations) {
        if (body.typeViolations.isEmpty() && queryViolations.isEmpty()) {
            return kind.rules.validate(rules, userId, body.target, body.payload);
        }
        List<Violation> out = new ArrayList<>();
        rules.checkUserIdInPath(userId, out);
        if (!body.typeErrorOnTarget) {
            rules.checkId(kind.targetField, body.target, out);
        }
        if (!body.typeErrorOnPayload) {
            rules.checkPayload(body.payload, out);
        }
        out.addAll(body.typeViolations);
        out.addAll(queryViolations);
        return out;
    }

    private void acceptAndDeliver(Exchange ex, AppState app, Kind kind, String userId, boolean waitForAck,
            SendBody body, FaultInjector.Decision fault) {
        switch (fault.outcome()) {
            case ERROR:
                ex.fail(500, Codes.INTERNAL_ERROR, "injected fault: internal error before the message was accepted");
                return;
            case TIMEOUT:
                ex.fail(408, Codes.TIMEOUT, "injected fault: the service timed out before the message was accepted");
                return;
            case DROP:
                ex.drop();
                return;
            default:
                break;
        }
        AcceptedMessage m = new AcceptedMessage(ids.nextMessageId(), kind.type, userId, body.target, body.payload,
                waitForAck, body.offline, body.history, ex.requestId, settings.clock().instant());
        app.accept(m);
        Optional<PendingAck> waiting = kind.deliver.deliver(app, m, waitForAck);
        if (waiting.isEmpty()) {
            finish(ex, fault, Json.success(Codes.MESSAGE_SENT, ex.requestId));
            return;
        }
        PendingAck ack = waiting.get();
        Scheduler.Task timeout = scheduler.schedule(() -> app.ackTimedOut(ack), settings.ackTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
        ack.outcome.thenAccept(outcome -> gate.guard(ex, () -> {
            timeout.cancel();
            switch (outcome) {
                case DELIVERED:
                    finish(ex, fault, Json.success(Codes.MESSAGE_DELIVERED, ex.requestId));
                    break;
                case OFFLINE:
                    finish(ex, fault, Json.offline(ex.requestId));
                    break;
                default:
                    ex.fail(408, Codes.ACK_TIMEOUT, "the receiver did not acknowledge within "
                            + settings.ackTimeout().toMillis() + " ms");
            }
        }));
    }

    /** Answers a success, unless an after-accept fault turns it into a 500 or a dropped connection. */
    private static void finish(Exchange ex, FaultInjector.Decision fault, byte[] success) {
        switch (fault.outcome()) {
            case AFTER_ACCEPT_ERROR:
                ex.fail(500, Codes.INTERNAL_ERROR, "injected fault: internal error after the message was accepted");
                break;
            case AFTER_ACCEPT_DROP:
                ex.drop();
                break;
            default:
                ex.respond(200, success);
        }
    }
}
