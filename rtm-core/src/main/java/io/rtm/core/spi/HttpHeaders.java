package io.rtm.core.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable, ordered HTTP header list. Names compare case-insensitively but keep the case they were
 * given; a name may repeat. {@link #toString()} redacts credentials ({@code Authorization},
 * {@code x-ar-token}, {@code Proxy-Authorization}, {@code Cookie}).
 *
 * <p>Thread-safe (immutable). Every {@code with*} method returns a new instance.
 */
public final class HttpHeaders {

    private static final HttpHeaders EMPTY = new HttpHeaders(List.of());
    private static final String[] SENSITIVE = {"authorization", "proxy-authorization", "x-ar-token", "cookie", "set-cookie"};

    /** One header line: a name as given and its value. */
    public record Header(String name, String value) {
        /** Creates a header line; neither part may be null, and neither may contain CR or LF. */
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isEmpty() || containsLineBreak(name) || containsLineBreak(value)) {
                throw new IllegalArgumentException("header name must be non-empty and neither name nor value may contain CR/LF: " + name);
            }
        }

        @Override
        public String toString() {
            return name + ": " + (isSensitive(name) ? "<redacted>" : value);
        }
    }

    private final List<Header> headers;

    private HttpHeaders(List<Header> headers) {
        this.headers = headers;
    }

    /** The empty header list. */
    public static HttpHeaders empty() {
        return EMPTY;
    }

    /** A header list holding the given lines in order. */
    public static HttpHeaders of(List<Header> headers) {
        return headers.isEmpty() ? EMPTY : new HttpHeaders(List.copyOf(headers));
    }

    /** Whether a header of this name carries a credential and is redacted when printed. */
    public static boolean isSensitive(String name) {
        for (String sensitive : SENSITIVE) { // the pipeline asks for every header of every response: no lower-case copy
            if (sensitive.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** The first value of the named header, if present. */
    public Optional<String> firstValue(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    /** Every value of the named header, in order; empty when absent. */
    public List<String> allValues(String name) {
        List<String> values = new ArrayList<>(2);
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                values.add(h.value());
            }
        }
        return Collections.unmodifiableList(values);
    }

    /** Whether at least one header of this name is present. */
    public boolean contains(String name) {
        return firstValue(name).isPresent();
    }

    /** All header lines in order. */
    public List<Header> asList() {
        return headers;
    }

    /** Number of header lines. */
    public int size() {
        return headers.size();
    }

    /** A copy with one more line (an existing header of that name is kept). */
    public HttpHeaders with(String name, String value) {
        List<Header> copy = new ArrayList<>(headers.size() + 1);
        copy.addAll(headers);
        copy.add(new Header(name, value));
        return new HttpHeaders(Collections.unmodifiableList(copy));
    }

    /** A copy where every header of that name is replaced by exactly one line with this value. */
    public HttpHeaders withReplaced(String name, String value) {
        List<Header> copy = new ArrayList<>(headers.size() + 1);
        for (Header h : headers) {
            if (!h.name().equalsIgnoreCase(name)) {
                copy.add(h);
            }
        }
        copy.add(new Header(name, value));
        return new HttpHeaders(Collections.unmodifiableList(copy));
    }

    /** A copy without any header of that name. */
    public HttpHeaders without(String name) {
        List<Header> copy = new ArrayList<>(headers.size());
        for (Header h : headers) {
            if (!h.name().equalsIgnoreCase(name)) {
                copy.add(h);
            }
        }
        return copy.size() == headers.size() ? this : new HttpHeaders(Collections.unmodifiableList(copy));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpHeaders other && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return headers.hashCode();
    }

    /** Header lines with credential values redacted. */
    @Override
    public String toString() {
        return headers.toString();
    }

    private static boolean containsLineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }
}
