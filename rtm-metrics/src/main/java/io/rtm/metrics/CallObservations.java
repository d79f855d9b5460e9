package io.rtm.metrics;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import io.rtm.core.Operation;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmException;
import io.rtm.core.spi.AttributeKey;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.CallObserver;
import io.rtm.core.spi.TraceConventions;
import java.util.Locale;

/**
 * The call observer of the Observation mode: one {@link Observation} per call, named {@value RtmMetrics#CALLS} with the
 * timer's tags as low-cardinality key values (so a meter handler makes the same timer) and the call span's name and
 * attributes of {@link TraceConventions} (so a tracing handler makes the same span as rtm-opentelemetry). Started on the
 * caller's thread as a child of the current Observation, stopped before the caller's future completes. The caller's
 * Observation is current again around the caller's continuations, the call's own around the SDK's log lines.
 * Thread-safe; one instance serves every call.
 */
final class CallObservations implements CallObserver {

    /** The call's Observation, for the exchange interceptor. */
    static final AttributeKey<Observation> CALL = AttributeKey.of("rtm.metrics.observation", Observation.class);

    private final ObservationRegistry registry;
    private final Tags extraTags;
    private final ReplyCodes codes;

    CallObservations(ObservationRegistry registry, Tags extraTags, ReplyCodes codes) {
        this.registry = registry;
        this.extraTags = extraTags;
        this.codes = codes;
    }

    @Override
    public Observed onStart(CallContext call) {
        Observation parent = registry.getCurrentObservation();
        Operation op = call.operation();
        // a sender context: a CLIENT span under a tracing handler, like rtm-opentelemetry's call span; nothing to carry
        Observation observation = Observation.createNotStarted(RtmMetrics.CALLS,
                        () -> new SenderContext<Object>((carrier, key, value) -> { }, Kind.CLIENT), registry)
                .parentObservation(parent)
                .contextualName(TraceConventions.callSpanName(op))
                .highCardinalityKeyValue(TraceConventions.MESSAGING_SYSTEM, TraceConventions.SYSTEM)
                .highCardinalityKeyValue(TraceConventions.MESSAGING_OPERATION_NAME, op.name())
                .highCardinalityKeyValue(TraceConventions.RTM_API, op.api());
        String type = TraceConventions.messagingOperationType(op);
        if (type != null) {
            observation.highCardinalityKeyValue(TraceConventions.MESSAGING_OPERATION_TYPE, type);
        }
        observation.start();
        call.attributes().put(CALL, observation);
        return new Handle(call.operation().api(), parent, observation);
    }

    /** Low-cardinality key values from meter tags. */
    static KeyValues keyValues(Tags tags) {
        KeyValues kv = KeyValues.empty();
        for (Tag t : tags) {
            kv = kv.and(t.getKey(), t.getValue());
        }
        return kv;
    }

    @Override
    public String toString() {
        return "CallObservations";
    }

    private final class Handle implements Observed {
        private final String api;
        private final Observation parent;
        private final Observation observation;

        Handle(String api, Observation parent, Observation observation) {
            this.api = api;
            this.parent = parent;
            this.observation = observation;
        }

        @Override
        public void onEnd(Object result, Throwable error) {
            CallTimer.Key key;
            if (error == null) {
                int status = result instanceof SendResult r ? r.httpStatus() : 200;
                int code = result instanceof SendResult r ? codes.indexOf(r.code()) : ReplyCodes.NONE_INDEX;
                key = CallTimer.Key.replied(api, status, code);
                if (result instanceof SendResult r) {
                    observation.highCardinalityKeyValue(TraceConventions.RTM_ATTEMPTS, Integer.toString(r.attempts()));
                    if (!r.code().isEmpty()) {
                        observation.highCardinalityKeyValue(TraceConventions.RTM_CODE, r.code());
                    }
                    r.requestId().ifPresent(id -> observation.highCardinalityKeyValue(TraceConventions.RTM_REQUEST_ID, id));
                    observation.highCardinalityKeyValue(TraceConventions.RTM_DELIVERY_CODE,
                            r.deliveryCode().name().toLowerCase(Locale.ROOT));
                }
            } else {
                Throwable cause = TagValues.unwrap(error);
                key = CallTimer.Key.failed(api, codes, cause);
                if (cause instanceof RtmException e) {
                    observation.highCardinalityKeyValue(TraceConventions.RTM_ATTEMPTS, Integer.toString(e.attempts()));
                    observation.highCardinalityKeyValue(TraceConventions.RTM_ERROR_REASON, e.reason().value());
                    e.code().ifPresent(code -> observation.highCardinalityKeyValue(TraceConventions.RTM_CODE, code));
                    e.requestId().ifPresent(id -> observation.highCardinalityKeyValue(TraceConventions.RTM_REQUEST_ID, id));
                }
                observation.highCardinalityKeyValue(TraceConventions.ERROR_TYPE, cause.getClass().getName());
                observation.error(new ObservedFailure(cause));
            }
            observation.lowCardinalityKeyValues(keyValues(key.tags(extraTags, codes)));
            observation.stop();
        }

        @Override
        public Scope callerContext() {
            if (parent == null) {
                return Scope.NONE;
            }
            Observation.Scope scope = parent.openScope();
            return scope::close;
        }

        @Override
        public Scope callContext() {
            Observation.Scope scope = observation.openScope();
            return scope::close;
        }
    }
}
