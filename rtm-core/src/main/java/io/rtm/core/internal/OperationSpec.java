package io.rtm.core.internal;

import io.rtm.core.Operation;
import io.rtm.core.Violation;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.RetryDecision;
import io.rtm.core.spi.RetryStrategy;
import io.rtm.core.spi.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How the pipeline runs one {@link Operation} for a request of type {@code Q} with a result of type {@code R}: how the
 * request is validated, which values fill the operation's URI template, its query and body, and how a successful
 * reply becomes the result. The pipeline runs any spec the same way (nothing in it switches over operations); adding
 * an operation is a new {@link Operation} constant, a spec in {@link Operations}, its value types and a client method
 * (docs/adding-an-operation.md walks through it).
 * Immutable and thread-safe.
 *
 * @param <Q> the request type (e.g. a message)
 * @param <R> the result type
 */
final class OperationSpec<Q, R> {

    /** Turns a successful (2xx) response into the result; may throw an {@link io.rtm.core.error.RtmException}. */
    @FunctionalInterface
    interface ReplyDecoder<R> {
        R decode(HttpResponse response, int attempts);
    }

    private static final String APP_ID = "appid";

    final Operation operation;
    /** What the call is in error messages, e.g. {@code peer message}. */
    final String label;
    private final BiFunction<Validator, Q, List<Violation>> validation;
    /** The template's literal segments and parameter names, alternating: literal, name, literal, ..., literal. */
    private final String[] template;
    private final List<Function<Q, String>> params;
    private final Function<Q, String> userId;
    private final Function<Q, String> query;
    private final Function<Q, byte[]> body;
    private final ReplyDecoder<R> decoder;
    final boolean cacheTargets;
    private final boolean retryOnlyBeforeReach;

    private OperationSpec(Builder<Q, R> b) {
        this.operation = b.operation;
        this.label = Objects.requireNonNull(b.label, "label");
        this.validation = b.validation;
        this.template = parse(operation.uriTemplate());
        this.params = new ArrayList<>();
        for (int i = 1; i < template.length; i += 2) {
            String name = template[i];
            if (name.equals(APP_ID)) {
                params.add(null); // filled in by the client
            } else {
                Function<Q, String> f = b.pathParams.get(name);
                if (f == null) {
                    throw new IllegalStateException(operation + ": no value for {" + name + "}");
                }
                params.add(f);
            }
        }
        this.userId = b.pathParams.get(b.userParam);
        this.query = b.query;
        this.body = b.body;
        this.decoder = Objects.requireNonNull(b.decoder, "decoder");
        this.cacheTargets = b.cacheTargets;
        this.retryOnlyBeforeReach = b.retryOnlyBeforeReach;
        if (cacheTargets && params.stream().filter(Objects::nonNull).count() > 1) {
            throw new IllegalStateException(operation + ": targets are cached by one path value at most");
        }
    }

    static <Q, R> Builder<Q, R> builder(Operation operation) {
        return new Builder<>(operation);
    }

    /** Every broken rule of the request (empty when valid). */
    List<Violation> validate(Validator validator, Q request) {
        return validation == null ? List.of() : validation.apply(validator, request);
    }

    /** The user the call acts as ({@code {user_id}}), or null when the operation has none. */
    String userId(Q request) {
        return userId == null ? null : userId.apply(request);
    }

    /** The query, encoded, with its {@code ?}; empty when none. */
    String query(Q request) {
        return query == null ? "" : query.apply(request);
    }

    /** Whether requests carry a body. */
    boolean hasBody() {
        return body != null;
    }

    /** The encoded body (a fresh array, handed over). */
    byte[] body(Q request) {
        return body.apply(request);
    }

    R decode(HttpResponse response, int attempts) {
        return decoder.decode(response, attempts);
    }

    /**
     * The retry strategy a call of this operation runs with: the chosen one, or, for an operation whose read consumes
     * what it returns, the chosen one stopped once an attempt may have reached the service (a retry would hide a lost
     * reply).
     */
    RetryStrategy retryStrategy(RetryStrategy chosen) {
        if (!retryOnlyBeforeReach) {
            return chosen;
        }
        return attempt -> attempt.mayHaveReachedService() ? RetryDecision.stop() : chosen.decide(attempt);
    }

    /** The path value the target cache keys on (the one non-{@code appid} parameter), or "" when none. */
    String cacheValue(Q request) {
        for (Function<Q, String> p : params) {
            if (p != null) {
                return p.apply(request);
            }
        }
        return "";
    }

    /** Number of literal/parameter parts of the template (for {@link RequestTargets}). */
    int parts() {
        return template.length;
    }

    /** Part {@code i} of the template: a literal (even) or a parameter's name (odd). */
    String part(int i) {
        return template[i];
    }

    /** The raw value of parameter part {@code i} (odd) for the request; null for {@code {appid}}. */
    String paramValue(int i, Q request) {
        Function<Q, String> f = params.get(i / 2);
        return f == null ? null : f.apply(request);
    }

    private static String[] parse(String uriTemplate) {
        List<String> parts = new ArrayList<>();
        int at = 0;
        while (true) {
            int open = uriTemplate.indexOf('{', at);
            if (open < 0) {
                parts.add(uriTemplate.substring(at));
                return parts.toArray(String[]::new);
            }
            int close = uriTemplate.indexOf('}', open);
            parts.add(uriTemplate.substring(at, open));
            parts.add(uriTemplate.substring(open + 1, close));
            at = close + 1;
        }
    }

    @Override
    public String toString() {
        return "OperationSpec{" + operation + '}';
    }

    /** Builds an {@link OperationSpec}. */
    static final class Builder<Q, R> {
        private final Operation operation;
        private String label;
        private BiFunction<Validator, Q, List<Violation>> validation;
        private final java.util.Map<String, Function<Q, String>> pathParams = new java.util.HashMap<>();
        private String userParam;
        private Function<Q, String> query;
        private Function<Q, byte[]> body;
        private ReplyDecoder<R> decoder;
        private boolean cacheTargets;
        private boolean retryOnlyBeforeReach;

        private Builder(Operation operation) {
            this.operation = Objects.requireNonNull(operation, "operation");
        }

        Builder<Q, R> label(String label) {
            this.label = label;
            return this;
        }

        Builder<Q, R> validate(BiFunction<Validator, Q, List<Violation>> validation) {
            this.validation = validation;
            return this;
        }

        /** A path parameter of the template (raw value; the pipeline percent-encodes it as one segment). */
        Builder<Q, R> pathParam(String name, Function<Q, String> value) {
            pathParams.put(name, value);
            return this;
        }

        /** The {@code {user_id}} path parameter: the user the call acts as (checked against the credentials). */
        Builder<Q, R> userId(Function<Q, String> value) {
            this.userParam = "user_id";
            return pathParam(userParam, value);
        }

        /** The encoded query with its {@code ?} (or ""). */
        Builder<Q, R> query(Function<Q, String> query) {
            this.query = query;
            return this;
        }

        /** The JSON body. */
        Builder<Q, R> body(Function<Q, byte[]> body) {
            this.body = body;
            return this;
        }

        Builder<Q, R> decode(ReplyDecoder<R> decoder) {
            this.decoder = decoder;
            return this;
        }

        /**
         * Keep each target URI (by path value and query) instead of building it per call: for operations whose
         * callers reuse a few values (senders), with a query from a few constant strings.
         */
        Builder<Q, R> cacheTargets() {
            this.cacheTargets = true;
            return this;
        }

        /**
         * Never retry once an attempt may have reached the service, whatever the retry strategy: for a read that
         * removes what it returns (events), where a retry would silently replace a lost reply with the next one. The
         * call then fails with an error whose {@code mayHaveReachedService()} is true.
         */
        Builder<Q, R> retryOnlyBeforeReach() {
            this.retryOnlyBeforeReach = true;
            return this;
        }

        OperationSpec<Q, R> build() {
            return new OperationSpec<>(this);
        }
    }
}
