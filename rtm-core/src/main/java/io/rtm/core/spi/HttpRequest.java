package io.rtm.core.spi;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable HTTP request as the SDK hands it to interceptors, authenticators and the {@link Transport}.
 *
 * <p>The URI is kept exactly as built (already percent-encoded); a transport must send its raw path and
 * query unchanged, with no normalization. The body is copied on the way in (unless the builder was handed
 * the array with {@link Builder#wrapBody(byte[])}); {@link #body()} returns a copy and {@link #bodyBuffer()} a
 * read-only view without copying: transports should send from that view. {@link #toString()} never prints the
 * body or credential headers.
 */
public final class HttpRequest {

    private static final byte[] NO_BODY = new byte[0];

    private final String method;
    private final URI uri;
    private final HttpHeaders headers;
    private final byte[] body;

    private HttpRequest(Builder b) {
        this.method = Objects.requireNonNull(b.method, "method");
        this.uri = Objects.requireNonNull(b.uri, "uri");
        this.headers = Objects.requireNonNull(b.headers, "headers");
        this.body = b.body;
    }

    /** A new builder (method defaults to {@code GET}, no headers, no body). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this request's parts. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.method = method;
        b.uri = uri;
        b.headers = headers;
        b.body = body;
        return b;
    }

    /** The HTTP method, e.g. {@code POST}. */
    public String method() {
        return method;
    }

    /** The absolute request URI, raw (percent-encoded) as it must go on the wire. */
    public URI uri() {
        return uri;
    }

    /** The request headers. */
    public HttpHeaders headers() {
        return headers;
    }

    /** A copy of the body bytes (empty when there is no body). */
    public byte[] body() {
        return body.clone();
    }

    /** A read-only view of the body, without copying. */
    public ByteBuffer bodyBuffer() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    /** The body length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** A copy of this request with one header replaced (see {@link HttpHeaders#withReplaced}). */
    public HttpRequest withHeader(String name, String value) {
        return toBuilder().headers(headers.withReplaced(name, value)).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpRequest r && method.equals(r.method) && uri.equals(r.uri)
                && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, uri, headers, Arrays.hashCode(body));
    }

    /** Method, URI, headers (credentials redacted) and body length; never the body itself. */
    @Override
    public String toString() {
        return "HttpRequest{" + method + " " + uri.getRawPath() + ", headers=" + headers + ", body=" + body.length + " bytes}";
    }

    /** Builds an {@link HttpRequest}. Not thread-safe. */
    public static final class Builder {
        private String method = "GET";
        private URI uri;
        private HttpHeaders headers = HttpHeaders.empty();
        private byte[] body = NO_BODY;

        private Builder() {
        }

        /** Sets the method. */
        public Builder method(String method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        /** Sets the absolute URI (raw, already encoded). */
        public Builder uri(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** Replaces all headers. */
        public Builder headers(HttpHeaders headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            return this;
        }

        /** Adds one header line. */
        public Builder header(String name, String value) {
            this.headers = headers.with(name, value);
            return this;
        }

        /** Sets the body (copied). */
        public Builder body(byte[] body) {
            this.body = body.length == 0 ? NO_BODY : body.clone();
            return this;
        }

        /**
         * Sets the body without copying it: the request takes ownership of the array, and whoever passes it must
         * never modify it afterwards. Meant for code that has just produced the bytes (the SDK's encoder hands
         * each freshly encoded body over this way); {@link #body(byte[])} is the safe choice otherwise.
         */
        public Builder wrapBody(byte[] body) {
            this.body = body.length == 0 ? NO_BODY : body;
            return this;
        }

        /** Builds the request; method and URI are required. */
        public HttpRequest build() {
            return new HttpRequest(this);
        }
    }
}
