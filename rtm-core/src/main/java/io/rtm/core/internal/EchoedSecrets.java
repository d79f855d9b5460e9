package io.rtm.core.internal;

import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The credentials a request carries, in every form a server or proxy could echo them in its reply, and their removal
 * from a text quoted from that reply. The one mechanism behind {@link io.rtm.core.spi.ServiceReply#redactEchoes} (a
 * reply's {@code code}, {@code request_id}, {@code result} and {@code message}) and {@link ResponseMapper} (a body that
 * is not JSON). Public only for the SPI package; thread-safe.
 */
public final class EchoedSecrets {

    /** What an echoed credential reads as. */
    public static final String REDACTED = "<redacted>";
    /** Shorter credential fragments are not scrubbed from texts: they would garble them and protect nothing. */
    private static final int MIN_SCRUBBED = 4;

    /** The credential header values last seen and what they yield: a client sends the same ones call after call. */
    private static volatile Derived last = new Derived(new String[0], List.of());

    private record Derived(String[] values, List<String> secrets) {
        /** Whether {@code headers} carry exactly these credential values, in this order. */
        boolean matches(List<HttpHeaders.Header> headers) {
            int k = 0;
            for (int i = 0; i < headers.size(); i++) { // indexed: no iterator on every response
                HttpHeaders.Header h = headers.get(i);
                if (HttpHeaders.isSensitive(h.name())) {
                    if (k == values.length || !values[k].equals(h.value())) {
                        return false;
                    }
                    k++;
                }
            }
            return k == values.length;
        }
    }

    private EchoedSecrets() {
    }

    /**
     * Every credential of {@code sent}, longest first: each {@code Authorization}, {@code x-ar-token} (and other
     * {@linkplain HttpHeaders#isSensitive sensitive}) value, the credential after its scheme, and for Basic the decoded
     * {@code key:secret} and the api secret alone. Empty for null or for a request without credentials.
     */
    public static List<String> of(HttpRequest sent) {
        if (sent == null) {
            return List.of();
        }
        List<HttpHeaders.Header> headers = sent.headers().asList();
        Derived d = last;
        if (d.matches(headers)) {
            return d.secrets;
        }
        List<String> values = new ArrayList<>(2);
        for (HttpHeaders.Header h : headers) {
            if (HttpHeaders.isSensitive(h.name())) {
                values.add(h.value());
            }
        }
        d = new Derived(values.toArray(String[]::new), derive(values));
        last = d;
        return d.secrets;
    }

    private static List<String> derive(List<String> headerValues) {
        List<String> out = new ArrayList<>(4);
        for (String raw : headerValues) {
            String value = raw.trim();
            out.add(value);
            int space = value.indexOf(' ');
            if (space > 0) {
                String credential = value.substring(space + 1).trim();
                out.add(credential);
                if (value.regionMatches(true, 0, "Basic", 0, space)) {
                    try {
                        String pair = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
                        out.add(pair);
                        int colon = pair.indexOf(':');
                        if (colon >= 0) {
                            out.add(pair.substring(colon + 1)); // the api secret on its own
                        }
                    } catch (IllegalArgumentException notBase64) {
                        // nothing more to scrub
                    }
                }
            }
        }
        out.removeIf(v -> v.length() < MIN_SCRUBBED);
        out.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return List.copyOf(out);
    }

    /** {@code text} with every one of {@code secrets} replaced by {@value #REDACTED}; the same instance when none occurs. */
    public static String scrub(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        String t = text;
        for (String secret : secrets) {
            t = t.replace(secret, REDACTED);
        }
        return t;
    }
}
