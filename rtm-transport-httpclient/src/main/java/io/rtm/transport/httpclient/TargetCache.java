package io.rtm.transport.httpclient;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Exchange.Target} of each request URI, kept: the SDK sends many requests to the same few URIs (it reuses
 * one {@link URI} instance per sender and API), and working out host and request target again costs a few hundred
 * nanoseconds per request. Bounded: once {@value #MAX_URIS} URIs are kept, a new one empties the cache and it fills
 * again. Thread-safe.
 */
final class TargetCache {

    static final int MAX_URIS = 1024;

    private final ConcurrentHashMap<URI, Exchange.Target> targets = new ConcurrentHashMap<>();

    /**
     * The target of this URI.
     *
     * @throws IllegalArgumentException when the URI is not an absolute http(s) URI with a host (not kept)
     */
    Exchange.Target get(URI uri) {
        Exchange.Target target = targets.get(uri);
        if (target == null) {
            target = Exchange.Target.of(uri);
            if (targets.size() >= MAX_URIS) {
                targets.clear();
            }
            targets.put(uri, target);
        }
        return target;
    }

    int size() {
        return targets.size();
    }
}
