package io.rtm.metrics;

import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.ServiceReply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bounded vocabulary of the {@code code} tag: the service's reply codes this instrumentation knows, plus
 * {@link #OTHER} for any other code and {@link #NONE} when the reply had none. A reply's {@code code} is the
 * client's own reading ({@link io.rtm.core.spi.ServiceReply}: top-level field, last one wins, {@code null} ignored,
 * a body that is not one JSON object has none), shared with the pipeline: the body is parsed once per response.
 * Immutable and thread-safe.
 */
final class ReplyCodes {

    static final String NONE = "none";
    static final String OTHER = "other";
    static final int NONE_INDEX = 0;
    static final int OTHER_INDEX = 1;
    /** Hard cap on the number of distinct {@code code} tag values (known codes + other + none). */
    static final int MAX_TAG_VALUES = 64;

    /** Codes of the SPEC and of the service's error bodies ({@code <snake_case_reason>}). */
    static final List<String> DEFAULT_CODES = List.of(
            "message_sent", "message_delivered", "message_offline",
            "rate_limited", "uid_mismatch", "invalid_parameter", "bad_request",
            "invalid_credentials", "invalid_token", "token_expired", "unauthorized", "forbidden",
            "invalid_user_id", "invalid_destination", "invalid_channel_name", "invalid_payload", "payload_too_large",
            "not_found", "request_timeout", "timeout", "internal_error", "service_unavailable");

    private static final Pattern CODE = Pattern.compile("[a-z0-9_]{1,64}");

    /** Tag value by index: 0 = none, 1 = other, then the known codes. */
    private final String[] tags;
    /** Every accepted wire spelling, and the tag index it maps to. */
    private final char[][] spellings;
    private final int[] spellingIndex;

    private ReplyCodes(List<String> known) {
        tags = new String[known.size() + 2];
        tags[NONE_INDEX] = NONE;
        tags[OTHER_INDEX] = OTHER;
        List<char[]> wire = new ArrayList<>();
        List<Integer> target = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            String code = known.get(i);
            tags[i + 2] = code;
            wire.add(code.toCharArray());
            target.add(i + 2);
            if (code.startsWith("message_")) {
                // the SPEC's published channel example spells it "message sent"; the client reads both alike
                wire.add(code.replace('_', ' ').toCharArray());
                target.add(i + 2);
            }
        }
        spellings = wire.toArray(new char[0][]);
        spellingIndex = target.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The default codes plus {@code extra} ones.
     *
     * @throws IllegalArgumentException when an extra code is not 1-64 of {@code [a-z0-9_]}, or when there would be
     *                                  more than {@value #MAX_TAG_VALUES} tag values
     */
    static ReplyCodes of(Iterable<String> extra) {
        Set<String> all = new LinkedHashSet<>(DEFAULT_CODES);
        for (String code : extra) {
            if (code == null || !CODE.matcher(code).matches() || code.equals(NONE) || code.equals(OTHER)) {
                throw new IllegalArgumentException("knownCodes: each code must be 1 to 64 characters of [a-z0-9_] and "
                        + "neither \"none\" nor \"other\": " + code);
            }
            all.add(code);
        }
        if (all.size() + 2 > MAX_TAG_VALUES) {
            throw new IllegalArgumentException("knownCodes: at most " + (MAX_TAG_VALUES - 2)
                    + " codes in all (the defaults included), to keep the code tag low-cardinality; got " + all.size());
        }
        return new ReplyCodes(List.copyOf(all));
    }

    /** The tag value of an index from {@link #indexOf}. */
    String tag(int index) {
        return tags[index];
    }

    /** Every tag value, none and other first. */
    List<String> tagValues() {
        return List.of(tags);
    }

    /** The index of a code as the client reports it ({@code null} or empty = none). */
    int indexOf(String code) {
        if (code == null || code.isEmpty()) {
            return NONE_INDEX;
        }
        char[] chars = code.toCharArray();
        return match(chars, 0, chars.length);
    }

    /**
     * The index of the {@code code} of a reply, read by {@link ServiceReply} exactly as the client reads it (and
     * decoded once per response for the client and every interceptor); {@link #NONE_INDEX} when there is none.
     */
    int indexOfReply(HttpResponse response) {
        return indexOf(ServiceReply.of(response).code().orElse(null));
    }

    private int match(char[] text, int offset, int length) {
        for (int i = 0; i < spellings.length; i++) {
            char[] s = spellings[i];
            if (s.length == length && Arrays.equals(s, 0, length, text, offset, offset + length)) {
                return spellingIndex[i];
            }
        }
        return OTHER_INDEX;
    }
}
