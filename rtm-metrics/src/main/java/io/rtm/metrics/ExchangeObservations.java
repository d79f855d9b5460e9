package io.rtm.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.RequestReplySenderContext;
import io.rtm.core.Operation;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.core.spi.ServiceReply;
import io.rtm.core.spi.TraceConventions;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Phase#PER_EXCHANGE} interceptor of the Observation mode: one {@link Observation} per HTTP exchange, named
 * {@value RtmMetrics#HTTP_CLIENT_REQUESTS} with the timer's tags as low-cardinality key values and the exchange span's
 * name and attributes of {@link TraceConventions}, a child of the call's Observation. A sender context: a tracing
 * handler puts its propagation headers on the request (authentication runs after and only adds its own). The
 * Observation is current while the request is handed to the transport. Thread-safe; one instance serves every
 * exchange.
 */
final class ExchangeObservations implements Interceptor {

    private final ObservationRegistry registry;
    private final Tags extraTags;
    private final String clientName;

    ExchangeObservations(ObservationRegistry registry, Tags extraTags, String clientName) {
        this.registry = registry;
        this.extraTags = extraTags;
        this.clientName = clientName;
    }

    @Override
    public Phase phase() {
        return Phase.PER_EXCHANGE;
    }

    @Override
    public String name() {
        return "observation-exchanges";
    }

    @Override
    public CompletableFuture<HttpResponse> intercept(Chain chain) {
        if (registry.isNoop()) {
            return chain.proceed(chain.request());
        }
        CallContext call = chain.call();
        HttpRequest request = chain.request();
        Operation op = call.operation();
        RequestReplySenderContext<HttpRequest[], HttpResponse> context = new RequestReplySenderContext<>(
                (carrier, key, value) -> {
                    if (carrier != null) {
                        carrier[0] = carrier[0].withHeader(key, value);
                    }
                });
        context.setCarrier(new HttpRequest[] {request});
        URI uri = request.uri();
        Observation observation = Observation.createNotStarted(RtmMetrics.HTTP_CLIENT_REQUESTS, () -> context, registry)
                .parentObservation(call.attributes().get(CallObservations.CALL).orElse(registry.getCurrentObservation()))
                .contextualName(TraceConventions.exchangeSpanName(op))
                .highCardinalityKeyValue(TraceConventions.HTTP_REQUEST_METHOD, request.method())
                .highCardinalityKeyValue(TraceConventions.URL_TEMPLATE, op.uriTemplate());
        if (uri.getHost() != null) {
            observation.highCardinalityKeyValue(TraceConventions.SERVER_ADDRESS, uri.getHost());
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            observation.highCardinalityKeyValue(TraceConventions.SERVER_PORT, Integer.toString(port));
        }
        if (call.attempt() > 1) {
            observation.highCardinalityKeyValue(TraceConventions.HTTP_REQUEST_RESEND_COUNT, Integer.toString(call.attempt() - 1));
        }
        observation.start(); // a tracing handler injects its headers into the carrier now
        CompletableFuture<HttpResponse> outcome;
        try (Observation.Scope ignored = observation.openScope()) {
            outcome = chain.proceed(context.getCarrier()[0]);
        } catch (RuntimeException | Error e) {
            stop(observation, context, call, request, null, e);
            throw e;
        }
        return outcome.whenComplete((response, error) -> stop(observation, context, call, request, response, error));
    }

    private void stop(Observation observation, RequestReplySenderContext<HttpRequest[], HttpResponse> context,
                      CallContext call, HttpRequest request, HttpResponse response, Throwable error) {
        Throwable cause = error == null ? null : TagValues.unwrap(error);
        if (response != null) {
            context.setResponse(response);
            observation.highCardinalityKeyValue(TraceConventions.HTTP_RESPONSE_STATUS_CODE, Integer.toString(response.status()));
            ServiceReply reply = ServiceReply.of(response);
            reply.code().ifPresent(code -> observation.highCardinalityKeyValue(TraceConventions.RTM_CODE, code));
            reply.requestId().ifPresent(id -> observation.highCardinalityKeyValue(TraceConventions.RTM_REQUEST_ID, id));
            if (response.status() >= 400) {
                observation.highCardinalityKeyValue(TraceConventions.ERROR_TYPE, Integer.toString(response.status()));
            }
        } else if (cause != null) {
            observation.highCardinalityKeyValue(TraceConventions.ERROR_TYPE, cause.getClass().getName());
            observation.error(new ObservedFailure(cause));
        }
        observation.lowCardinalityKeyValues(CallObservations.keyValues(
                AttemptTimer.Key.of(call, request, response, cause, clientName).tags(extraTags)));
        observation.stop();
    }

    @Override
    public String toString() {
        return "ExchangeObservations";
    }
}
