package io.rtm.benchmarks.proposed;

import io.rtm.core.PeerMessage;
import io.rtm.validation.RtmValidator;

/**
 * The valid path of {@code RtmValidator.validate(PeerMessage)} with one change: a payload of at most 10,922 chars
 * (32,768 / 3: even 3 UTF-8 bytes per char cannot pass the limit) is not measured in UTF-8 bytes, only checked for
 * surrogates with a branch-light loop; longer payloads keep the full count. The ID checks are those of
 * {@code RtmValidator} when this prototype was written (a {@code boolean[128]} lookup per char, early exit);
 * rtm-validation has since replaced them with a branch-free {@code byte[256]} reject table.
 * Returns whether the message is valid (the invalid path would fall back to the current code).
 */
public final class ShortPayloadValidator {

    /** Longest payload, in chars, whose UTF-8 form can never exceed 32,768 bytes. */
    static final int ALWAYS_FITS = RtmValidator.MAX_PAYLOAD_UTF8_BYTES / 3;

    private static final boolean[] ALLOWED = new boolean[128];

    static {
        String specials = "!#$%&()+-:;<=.>?@[]^_{}|~,' ";
        for (char c = 'a'; c <= 'z'; c++) {
            ALLOWED[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            ALLOWED[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            ALLOWED[c] = true;
        }
        for (int i = 0; i < specials.length(); i++) {
            ALLOWED[specials.charAt(i)] = true;
        }
    }

    private ShortPayloadValidator() {
    }

    /** Whether the message passes every rule. */
    public static boolean isValid(PeerMessage m) {
        return isValidId(m.from(), true) && isValidId(m.to(), false) && isValidPayload(m.payload());
    }

    private static boolean isValidId(String v, boolean inPath) {
        int n = v.length();
        if (n == 0 || n > RtmValidator.MAX_ID_LENGTH || inPath && (v.charAt(0) == ' ' || v.charAt(n - 1) == ' ')) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c >= 128 || !ALLOWED[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isValidPayload(String p) {
        int n = p.length();
        if (n == 0 || n > RtmValidator.MAX_PAYLOAD_UTF8_BYTES) {
            return false;
        }
        if (n > ALWAYS_FITS) {
            return RtmValidator.standard().validatePeer("a", "b", p).isEmpty(); // the full count, as today
        }
        // no byte count needed: only the surrogate rule is left (any surrogate, even a pair, takes the slow path)
        for (int i = 0; i < n; i++) {
            if ((p.charAt(i) & 0xF800) == 0xD800) {
                return RtmValidator.standard().validatePeer("a", "b", p).isEmpty();
            }
        }
        return true;
    }
}
