package io.rtm.transport.tck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One request exactly as {@link LoopbackHttpServer} read it off the socket: the request line and the header
 * lines byte for byte (decoded as ISO-8859-1, without their CRLF), and the body (de-chunked when the client
 * used chunked transfer coding). Immutable.
 */
public final class RecordedRequest {

    private final int connection;
    private final String requestLine;
    private final List<String> headerLines;
    private final byte[] body;

    RecordedRequest(int connection, String requestLine, List<String> headerLines, byte[] body) {
        this.connection = connection;
        this.requestLine = Objects.requireNonNull(requestLine, "requestLine");
        this.headerLines = List.copyOf(headerLines);
        this.body = body.clone();
    }

    /** The number of the connection it arrived on, counting from 1 in accept order. */
    public int connection() {
        return connection;
    }

    /** The request line as sent, e.g. {@code POST /a%20b?x=1 HTTP/1.1}. */
    public String requestLine() {
        return requestLine;
    }

    /** The method from the request line. */
    public String method() {
        return part(0);
    }

    /** The request target from the request line, exactly as sent (raw path and query, or absolute form). */
    public String target() {
        return part(1);
    }

    /** The HTTP version from the request line, e.g. {@code HTTP/1.1}. */
    public String version() {
        return part(2);
    }

    /** Every header line as sent, in order, e.g. {@code x-ar-uid: u1}; the name keeps the case it had on the wire. */
    public List<String> headerLines() {
        return headerLines;
    }

    /** The header names as sent, in order, repeats included. */
    public List<String> headerNames() {
        List<String> names = new ArrayList<>(headerLines.size());
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            names.add(colon < 0 ? line : line.substring(0, colon));
        }
        return Collections.unmodifiableList(names);
    }

    /** The values of every line with this name (compared case-insensitively), in order, without surrounding whitespace. */
    public List<String> values(String name) {
        List<String> out = new ArrayList<>(2);
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                out.add(line.substring(colon + 1).strip());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** A copy of the body bytes (empty when there was none). */
    public byte[] body() {
        return body.clone();
    }

    /** The body length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** The request line, the header names (never their values, which may carry credentials) and the body length. */
    @Override
    public String toString() {
        return "RecordedRequest{#" + connection + " " + requestLine + ", headers=" + headerNames()
                + ", body=" + body.length + " bytes}";
    }

    private String part(int index) {
        String[] parts = requestLine.split(" ", 3);
        return index < parts.length ? parts[index] : "";
    }
}
