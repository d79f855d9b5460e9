package io.rtm.core.internal;

import io.rtm.core.Api;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request URIs of one client, per sender: {@code <endpoint>/dev/v2/project/<appId>/rtm/users/<from>/<api>}
 * (+ {@code ?wait_for_ack=true}). Building one costs ~1 µs and ~1 KB (percent-encoding the ID, then
 * {@link URI#create} parsing the whole string again), a large share of what the SDK adds to a request; services
 * and bulk senders send as a few IDs, so each URI is built once per sender and kept. Bounded: once
 * {@value #MAX_SENDERS} senders are cached, a new one empties the cache and it fills again. Thread-safe.
 */
public final class RequestTargets {

    /** How many senders are kept per kind of URI; a 64-char ID's entry is ~0.5 KB. */
    static final int MAX_SENDERS = 1024;

    private final String usersPrefix;
    /** Peer, peer with {@code wait_for_ack}, channel. */
    private final ConcurrentHashMap<String, URI> peer = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, URI> peerAck = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, URI> channel = new ConcurrentHashMap<>();

    /** @param usersPrefix the encoded prefix up to and including {@code /rtm/users/} */
    public RequestTargets(String usersPrefix) {
        this.usersPrefix = usersPrefix;
    }

    /**
     * The URI for a message from {@code from} (well-formed UTF-16, checked by the caller).
     *
     * @throws IllegalArgumentException when the endpoint and ID do not form a valid URI
     */
    public URI uri(Api api, String from, boolean waitForAck) {
        ConcurrentHashMap<String, URI> cache = api == Api.CHANNEL ? channel : waitForAck ? peerAck : peer;
        URI uri = cache.get(from);
        if (uri == null) {
            uri = URI.create(usersPrefix + PathSegments.encode(from) + '/' + api.pathSuffix()
                    + (waitForAck ? "?wait_for_ack=true" : ""));
            if (cache.size() >= MAX_SENDERS) {
                cache.clear();
            }
            cache.put(from, uri);
        }
        return uri;
    }

    /** How many URIs are cached (tests). */
    int size() {
        return peer.size() + peerAck.size() + channel.size();
    }
}
