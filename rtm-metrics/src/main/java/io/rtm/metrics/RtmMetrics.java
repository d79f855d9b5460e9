package io.rtm.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.rtm.core.RtmBuilder;
import io.rtm.core.error.RtmConfigurationException;
import io.micrometer.observation.ObservationRegistry;
import io.rtm.core.spi.Instrumentation;
import io.rtm.core.spi.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Micrometer instrumentation of the RTM pipeline: a {@link io.rtm.core.spi.Phase#PER_CALL} interceptor and a
 * {@link io.rtm.core.spi.Phase#PER_ATTEMPT} interceptor; the latter also reads what the chain's built-in retry and
 * rate-limit stages publish in the call's {@link io.rtm.core.spi.PipelineAttributes}.
 *
 * <pre>{@code
 * RtmClient rtm = RtmMetrics.bindTo(Rtm.builder().appId(appId).credentials(credentials), registry).build();
 * // or, with options:
 * RtmMetrics metrics = RtmMetrics.builder(registry).clientName("rtm-eu").extraTags(Tags.of("tenant", "a")).build();
 * RtmClient rtm = metrics.bindTo(Rtm.builder().appId(appId).credentials(credentials)).build();
 * // with Guice: install new MetricsModule() (MeterRegistry from a binding) next to RtmCoreModule
 * }</pre>
 *
 * <h2>Meters</h2>
 * Every tag value comes from a small fixed vocabulary: never a user ID, channel name, payload, {@code request_id}
 * or full URL. Every meter also carries the {@link Builder#extraTags extra tags}.
 * <table>
 *   <caption>Meters and their tags</caption>
 *   <tr><th>meter</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@value #CALLS}</td><td>Timer</td>
 *       <td>{@code api}, {@code outcome}, {@code code}, {@code exception}</td>
 *       <td>one per call that reached the pipeline, from the start of the first attempt to the final response
 *       or failure (retries and their waits included)</td></tr>
 *   <tr><td>{@value #HTTP_CLIENT_REQUESTS}</td><td>Timer</td>
 *       <td>{@code method}, {@code uri}, {@code status}, {@code outcome}, {@code exception}, {@code client.name}</td>
 *       <td>one per attempt (Micrometer's HTTP client convention); the time includes the local rate limiter's wait,
 *       authentication and the exchange</td></tr>
 *   <tr><td>{@value #RETRIES}</td><td>Counter</td><td>{@code api}, {@code reason}</td>
 *       <td>one per retry attempt that started (a retry cut short by the deadline, a cancellation or {@code close()}
 *       while waiting is not counted)</td></tr>
 *   <tr><td>{@value #RATE_LIMIT_WAIT}</td><td>Timer</td><td>{@code api}</td>
 *       <td>one per attempt admitted by the local rate limiter, with the time it waited (zero included)</td></tr>
 *   <tr><td>{@value #RATE_LIMIT_REJECTED}</td><td>Counter</td><td>{@code api}</td>
 *       <td>one per attempt the local rate limiter refused (its slot was beyond the allowed wait)</td></tr>
 *   <tr><td>{@value #INFLIGHT}</td><td>Gauge</td><td>{@code api}</td>
 *       <td>calls in flight: up when a call enters the pipeline, down exactly once when it completes, fails or is
 *       cancelled; shared by every client instrumented on the same registry with the same extra tags</td></tr>
 * </table>
 * <table>
 *   <caption>Tags and their values</caption>
 *   <tr><th>tag</th><th>values</th></tr>
 *   <tr><td>{@code api}</td><td>the operation's {@link io.rtm.core.Operation#api()}: {@code peer}, {@code channel}</td></tr>
 *   <tr><td>{@code outcome}</td><td>Micrometer's {@link io.micrometer.core.instrument.binder.http.Outcome} of the final
 *       (or attempt's) HTTP status: {@code SUCCESS}, {@code CLIENT_ERROR}, {@code SERVER_ERROR} (and
 *       {@code INFORMATIONAL}, {@code REDIRECTION} for 1xx, 3xx); {@code UNKNOWN} when there was no response</td></tr>
 *   <tr><td>{@code code}</td><td>the {@code code} of the final reply (read as the client reads it), or of the
 *       {@link io.rtm.core.error.RtmException} that ended the call (a local rate-limit refusal says
 *       {@code rate_limited}), when it is a known one ({@link #defaultKnownCodes()} plus {@link Builder#knownCodes};
 *       the SPEC's spelling {@code "message sent"} counts as {@code message_sent}); {@code other} for any other code;
 *       {@code none} when there was none; at most 64 values</td></tr>
 *   <tr><td>{@code exception}</td><td>the simple class name of the failure (e.g. {@code RtmTransportException});
 *       {@code none} when the call or attempt ended with an HTTP response (an error status included: {@code outcome}
 *       and {@code code} describe it). A call cancelled by its caller, or ended by its deadline or by
 *       {@code close()} while an attempt is in flight, is {@code CancellationException}: that is how the pipeline
 *       ends its per-call chain then</td></tr>
 *   <tr><td>{@code method}</td><td>the HTTP method ({@code POST}); {@code UNKNOWN} for a non-standard one</td></tr>
 *   <tr><td>{@code uri}</td><td>the operation's URI template ({@link io.rtm.core.Operation#uriTemplate()}), e.g.
 *       {@code /dev/v2/project/{appid}/rtm/users/{user_id}/peer_messages}</td></tr>
 *   <tr><td>{@code status}</td><td>the HTTP status ({@code 200}, {@code 429}, ...); Micrometer's {@code IO_ERROR}
 *       when the attempt failed with an I/O or runtime exception (no response), {@code CLIENT_ERROR} when it failed
 *       otherwise without a response</td></tr>
 *   <tr><td>{@code client.name}</td><td>{@link Builder#clientName} if set, else the endpoint's host</td></tr>
 *   <tr><td>{@code reason}</td><td>why the failed attempt is retried: its {@link io.rtm.core.error.Reason#value()}
 *       (e.g. {@code rate_limited}, {@code server_error}, {@code service_timeout}, {@code connect_failure},
 *       {@code connect_timeout}, {@code response_timeout}, {@code io_error}; {@code authentication} for the one retry
 *       after refreshed credentials); {@code other} beyond 32 distinct values per API</td></tr>
 * </table>
 *
 * <p>Not counted: a call refused before it enters the pipeline (an invalid message failing validation, a sender the
 * credentials may not send as, a closed client): nothing was sent and no interceptor runs. An attempt the local
 * rate limiter refuses is not an HTTP request (only {@value #RATE_LIMIT_REJECTED} counts it), but the call it
 * ends is timed in {@value #CALLS} with {@code exception=RtmRateLimitedException}.
 *
 * <p>In the Observation mode ({@link Builder#observationRegistry}) the calls and HTTP exchanges are Micrometer
 * Observations with these timers' names and tags (and rtm-opentelemetry's span names and attributes) instead of timer
 * samples; the other meters are unchanged.
 *
 * <p>Immutable and thread-safe: one instance may instrument any number of clients (their meters add up).
 * Bind it once per client: binding it twice to one builder counts every call twice.
 */
public final class RtmMetrics {

    /** Timer of whole send calls. */
    public static final String CALLS = "rtm.client.calls";
    /** Timer of HTTP attempts, Micrometer's HTTP client meter. */
    public static final String HTTP_CLIENT_REQUESTS = "http.client.requests";
    /** Counter of retries. */
    public static final String RETRIES = "rtm.client.retries";
    /** Timer of local rate-limiter waits. */
    public static final String RATE_LIMIT_WAIT = "rtm.client.ratelimit.wait";
    /** Counter of local rate-limiter refusals. */
    public static final String RATE_LIMIT_REJECTED = "rtm.client.ratelimit.rejected";
    /** Gauge of calls in flight. */
    public static final String INFLIGHT = "rtm.client.inflight";

    /** Tag: {@code peer} or {@code channel}. */
    public static final String TAG_API = "api";
    /** Tag: Micrometer's outcome of an HTTP status. */
    public static final String TAG_OUTCOME = "outcome";
    /** Tag: the service's reply code, bounded. */
    public static final String TAG_CODE = "code";
    /** Tag: the failure's simple class name or {@code none}. */
    public static final String TAG_EXCEPTION = "exception";
    /** Tag: the HTTP method. */
    public static final String TAG_METHOD = "method";
    /** Tag: the URI template. */
    public static final String TAG_URI = "uri";
    /** Tag: the HTTP status, {@code IO_ERROR} or {@code CLIENT_ERROR}. */
    public static final String TAG_STATUS = "status";
    /** Tag: the client's name (the endpoint host by default). */
    public static final String TAG_CLIENT_NAME = "client.name";
    /** Tag: why an attempt is retried. */
    public static final String TAG_REASON = "reason";

    private static final Set<String> RESERVED = Set.of(TAG_API, TAG_OUTCOME, TAG_CODE, TAG_EXCEPTION, TAG_METHOD, TAG_URI,
            TAG_STATUS, TAG_CLIENT_NAME, TAG_REASON);

    /** The name of the Observation mode's {@link Instrumentation}. */
    public static final String OBSERVATION_INSTRUMENTATION = "micrometer-observation";

    private final CallTimer callInterceptor;
    private final AttemptTimer attemptInterceptor;
    /** The Observation mode's call observer and exchange interceptor, or null. */
    private final Instrumentation observations;

    private RtmMetrics(Builder b) {
        Tags extra = b.extraTags;
        ReplyCodes codes = ReplyCodes.of(b.knownCodes);
        boolean timers = b.observationRegistry == null;
        this.callInterceptor = new CallTimer(b.registry, extra, codes, timers);
        this.attemptInterceptor = new AttemptTimer(b.registry, extra, b.clientName, new PipelineMeters(b.registry, extra), timers);
        this.observations = timers ? null : new Instrumentation(OBSERVATION_INSTRUMENTATION,
                List.of(new ExchangeObservations(b.observationRegistry, extra, b.clientName)),
                List.of(new CallObservations(b.observationRegistry, extra, codes)));
    }

    /**
     * Instruments the client this builder builds with the default options: adds the two interceptors.
     *
     * @return {@code builder}, to go on building
     */
    public static RtmBuilder bindTo(RtmBuilder builder, MeterRegistry registry) {
        return builder(registry).build().bindTo(builder);
    }

    /** Options for instrumentation on this registry. */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /** The reply codes that are their own {@code code} tag value by default. */
    public static List<String> defaultKnownCodes() {
        return ReplyCodes.DEFAULT_CODES;
    }

    /**
     * Adds this instrumentation's two interceptors to the builder.
     *
     * @return {@code builder}, to go on building
     */
    public RtmBuilder bindTo(RtmBuilder builder) {
        Objects.requireNonNull(builder, "builder");
        observations().ifPresent(builder::addInstrumentation);
        return builder.addInterceptor(callInterceptor).addInterceptor(attemptInterceptor);
    }

    /**
     * In the Observation mode ({@link Builder#observationRegistry}), the call observer and exchange interceptor that
     * report calls and exchanges as Observations, for custom wiring ({@link #bindTo} adds them); else empty.
     */
    public java.util.Optional<Instrumentation> observations() {
        return java.util.Optional.ofNullable(observations);
    }

    /** The {@link io.rtm.core.spi.Phase#PER_CALL} interceptor ({@value #CALLS}, {@value #INFLIGHT}), for custom wiring. */
    public Interceptor callInterceptor() {
        return callInterceptor;
    }

    /**
     * The {@link io.rtm.core.spi.Phase#PER_ATTEMPT} interceptor ({@value #HTTP_CLIENT_REQUESTS}, {@value #RETRIES},
     * {@value #RATE_LIMIT_WAIT}, {@value #RATE_LIMIT_REJECTED}), for custom wiring.
     */
    public Interceptor attemptInterceptor() {
        return attemptInterceptor;
    }

    @Override
    public String toString() {
        return "RtmMetrics{" + callInterceptor.getClass().getSimpleName() + ", " + attemptInterceptor.getClass().getSimpleName() + '}';
    }

    /** Options of {@link RtmMetrics}. Not thread-safe. */
    public static final class Builder {
        private final MeterRegistry registry;
        private Tags extraTags = Tags.empty();
        private String clientName;
        private final List<String> knownCodes = new ArrayList<>();
        private ObservationRegistry observationRegistry;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * The {@code client.name} tag of {@value #HTTP_CLIENT_REQUESTS}; default: the endpoint's host.
         *
         * @throws RtmConfigurationException when blank or holding a control character
         */
        public Builder clientName(String clientName) {
            Objects.requireNonNull(clientName, "clientName");
            if (clientName.isBlank() || clientName.chars().anyMatch(Character::isISOControl)) {
                throw new RtmConfigurationException("clientName must be non-blank text without control characters");
            }
            this.clientName = clientName;
            return this;
        }

        /**
         * Tags added to every meter (e.g. {@code Tags.of("tenant", "a")}); they must be low-cardinality. Replaces
         * earlier extra tags.
         *
         * @throws RtmConfigurationException when a key is one of this instrumentation's own tags (e.g. {@code api})
         */
        public Builder extraTags(Iterable<Tag> tags) {
            Tags t = Tags.of(Objects.requireNonNull(tags, "tags"));
            for (Tag tag : t) {
                if (RESERVED.contains(tag.getKey())) {
                    throw new RtmConfigurationException("extraTags: \"" + tag.getKey()
                            + "\" is a tag of the RTM meters themselves; choose another key");
                }
            }
            this.extraTags = t;
            return this;
        }

        /**
         * Reply codes, beyond {@link #defaultKnownCodes()}, to tag as themselves instead of {@code other}.
         *
         * @throws RtmConfigurationException when a code is not 1-64 characters of {@code [a-z0-9_]}, or when the
         *                                   codes would exceed 62 in all
         */
        public Builder knownCodes(String... codes) {
            List<String> added = new ArrayList<>(knownCodes);
            added.addAll(List.of(codes));
            try {
                ReplyCodes.of(added);
            } catch (IllegalArgumentException e) {
                throw new RtmConfigurationException(e.getMessage(), e);
            }
            knownCodes.clear();
            knownCodes.addAll(added);
            return this;
        }

        /**
         * The Observation mode, for applications that observe through Micrometer's {@link ObservationRegistry} (Spring
         * Boot): each call and each HTTP exchange is an {@link io.micrometer.observation.Observation} on this registry
         * instead of a sample of the {@value #CALLS} and {@value #HTTP_CLIENT_REQUESTS} timers. Each Observation has the
         * timer's name and its tags as low-cardinality key values, so the registry's meter handler (Spring Boot's
         * {@code DefaultMeterObservationHandler}) makes the same timers, plus its own {@code error} tag and
         * {@code .active} long-task timer; and the span name and attributes of rtm-opentelemetry (the call's operation,
         * {@code POST} and the URI template; {@link io.rtm.core.spi.TraceConventions}) as contextual name and
         * high-cardinality key values, so a tracing handler (Micrometer Tracing's bridge) makes the same spans and puts
         * its propagation headers on every request. The other meters are still recorded here. Differences from the
         * timers: a call refused before it is sent (validation, a closed client) is observed too, and an exchange is
         * timed from after the rate-limit wait (an attempt the limiter refused is no exchange).
         */
        public Builder observationRegistry(ObservationRegistry observationRegistry) {
            this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
            return this;
        }

        /** The instrumentation; registers the gauges and the rate-limit meters on the registry now. */
        public RtmMetrics build() {
            return new RtmMetrics(this);
        }
    }
}
