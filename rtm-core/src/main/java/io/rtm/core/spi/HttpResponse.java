package io.rtm.core.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable HTTP response as a {@link Transport} returns it: status, headers, and the whole body.
 * {@link #toString()} prints status, headers (credentials redacted) and body length only.
 */
public final class HttpResponse {

    private final int status;
    private final HttpHeaders headers;
    private final byte[] body;
    /** {@link ServiceReply#of} keeps its decoding here. */
    private volatile ServiceReply decodedReply;
    /** The credentials of the request this answers ({@link ServiceReply#redactEchoes}); null when not told. */
    private volatile List<String> echoedSecrets;

    private HttpResponse(int status, HttpHeaders headers, byte[] body) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("HTTP status out of range: " + status);
        }
        this.status = status;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = body;
    }

    /** A response; the body array is copied. */
    public static HttpResponse of(int status, HttpHeaders headers, byte[] body) {
        return new HttpResponse(status, headers, body.clone());
    }

    /** A response with a UTF-8 text body (handy in tests and in-memory transports). */
    public static HttpResponse of(int status, HttpHeaders headers, String body) {
        return new HttpResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The response headers. */
    public HttpHeaders headers() {
        return headers;
    }

    /** A copy of the body bytes (empty when the response had none). */
    public byte[] body() {
        return body.clone();
    }

    /** The body itself, for {@link ServiceReply} (never handed out). */
    byte[] bodyArray() {
        return body;
    }

    ServiceReply decodedReply() {
        return decodedReply;
    }

    void decodedReply(ServiceReply reply) {
        this.decodedReply = reply;
    }

    List<String> echoedSecrets() {
        return echoedSecrets;
    }

    void echoedSecrets(List<String> secrets) {
        this.echoedSecrets = secrets;
    }

    /** The body length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** The body decoded as UTF-8 (malformed input replaced). */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpResponse r && status == r.status && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "HttpResponse{" + status + ", headers=" + headers + ", body=" + body.length + " bytes}";
    }
}
