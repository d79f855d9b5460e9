package io.rtm.core.internal;

import io.rtm.core.error.RtmValidationException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request URIs of one client: {@code <endpoint>} + an operation's URI template, each parameter percent-encoded as
 * one path segment ({@link PathSegments}), + its query. Building one costs ~1 µs and ~1 KB (encoding, then
 * {@link URI#create} parsing the whole string again), a large share of what the SDK adds to a request; services and
 * bulk senders send as a few IDs, so for operations that allow it ({@link OperationSpec#cacheTargets}) each URI is
 * built once per path value and query and kept. Bounded: once {@value #MAX_CACHED} URIs are cached, a new one
 * empties the cache and it fills again. Thread-safe.
 */
final class RequestTargets {

    /** How many URIs are kept; a 64-char ID's entry is ~0.5 KB. */
    static final int MAX_CACHED = 4096;

    /** One cached target. */
    private record Key(OperationSpec<?, ?> spec, String value, String query) {
    }

    private final String endpoint;
    private final String encodedAppId;
    private final ConcurrentHashMap<Key, URI> cache = new ConcurrentHashMap<>();

    /**
     * @param endpoint the endpoint without a trailing slash
     * @param appId    the App ID (raw)
     */
    RequestTargets(String endpoint, String appId) {
        this.endpoint = endpoint;
        this.encodedAppId = PathSegments.encode(appId);
    }

    /**
     * The URI of the request.
     *
     * @throws RtmValidationException   when a path value is not well-formed UTF-16 (it has no UTF-8 form)
     * @throws IllegalArgumentException when the endpoint and values do not form a valid URI
     */
    <Q> URI uri(OperationSpec<Q, ?> spec, Q request) {
        String query = spec.query(request);
        if (!spec.cacheTargets) {
            return build(spec, request, query);
        }
        Key key = new Key(spec, spec.cacheValue(request), query);
        URI uri = cache.get(key);
        if (uri == null) {
            uri = build(spec, request, query); // a malformed value throws here, so it is never cached
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(key, uri);
        }
        return uri;
    }

    private <Q> URI build(OperationSpec<Q, ?> spec, Q request, String query) {
        StringBuilder sb = new StringBuilder(endpoint.length() + 96).append(endpoint);
        for (int i = 0; i < spec.parts(); i++) {
            if ((i & 1) == 0) {
                sb.append(spec.part(i));
                continue;
            }
            String value = spec.paramValue(i, request);
            if (value == null) {
                sb.append(encodedAppId);
            } else if (!JsonCodec.isWellFormed(value)) {
                throw new RtmValidationException(List.of(JsonCodec.malformed(spec.part(i))));
            } else {
                sb.append(PathSegments.encode(value));
            }
        }
        return URI.create(sb.append(query).toString());
    }

    /** How many URIs are cached (tests). */
    int size() {
        return cache.size();
    }
}
