package io.rtm.validation;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.Violation;
import io.rtm.core.history.HistoryFilter;
import io.rtm.core.spi.Validator;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The SPEC rules for the sender {@code user_id} (URL path), {@code destination}, {@code channel_name} and
 * {@code payload}, and for the {@code source} and {@code destination} of a history filter (the same ID rules). Immutable and thread-safe; never blocks; allocates nothing when a message is valid.
 *
 * <p>Every violation of a message is reported together, in field order {@code user_id}, then
 * {@code destination} or {@code channel_name}, then {@code payload}; within a field, in the order of the
 * table below. A valid message yields the shared {@link List#of()}; any other result is unmodifiable.
 *
 * <p>Rule ids (stable; {@link Violation#rule()}):
 * <table>
 * <caption>Rules</caption>
 * <tr><th>rule</th><th>fields</th><th>broken when</th></tr>
 * <tr><td>{@code required}</td><td>all</td><td>the value is {@code null} (no other rule is checked)</td></tr>
 * <tr><td>{@code not_empty}</td><td>all</td><td>the value is {@code ""} (no other rule is checked)</td></tr>
 * <tr><td>{@code max_length}</td><td>IDs</td><td>more than 64 characters</td></tr>
 * <tr><td>{@code allowed_characters}</td><td>IDs</td><td>a character outside {@code a-z A-Z 0-9}, space and
 *     {@code ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ , '}; the message names the first one by code
 *     point, e.g. {@code U+0022 '"'} (control and other invisible characters only as {@code U+XXXX})</td></tr>
 * <tr><td>{@code no_edge_space}</td><td>{@code user_id}</td><td>the path user ID begins or ends with a space</td></tr>
 * <tr><td>{@code no_space}</td><td>IDs</td><td>{@link Profile#SIGNALING_INTEROP} only: a space anywhere</td></tr>
 * <tr><td>{@code well_formed_unicode}</td><td>{@code payload}</td><td>an unpaired surrogate: the payload has no
 *     UTF-8 encoding</td></tr>
 * <tr><td>{@code max_utf8_bytes}</td><td>{@code payload}</td><td>more than 32,768 bytes of UTF-8; the message
 *     gives the byte count (an unpaired surrogate counts 3 bytes, its size in WTF-8)</td></tr>
 * </table>
 *
 * <p>Messages give the offending position and character (for IDs) or sizes; they never repeat a whole ID
 * (it may hold control characters) nor any part of a payload.
 */
public final class RtmValidator implements Validator {

    /** Most characters in a user ID or channel name. */
    public static final int MAX_ID_LENGTH = 64;

    /** Most bytes in a payload's UTF-8 encoding ("32 KB", SPEC Decided 1). */
    public static final int MAX_PAYLOAD_UTF8_BYTES = 32_768;

    static final String USER_ID = "user_id";
    static final String DESTINATION = "destination";
    static final String CHANNEL_NAME = "channel_name";
    static final String SOURCE = "source";
    static final String PAYLOAD = "payload";

    /** Rule id: the value is the empty string. */
    public static final String NOT_EMPTY = "not_empty";
    /** Rule id: an ID is longer than {@value #MAX_ID_LENGTH} characters. */
    public static final String MAX_LENGTH = "max_length";
    /** Rule id: an ID holds a character outside the SPEC set. */
    public static final String ALLOWED_CHARACTERS = "allowed_characters";
    /** Rule id: the path user ID begins or ends with a space. */
    public static final String NO_EDGE_SPACE = "no_edge_space";
    /** Rule id: an ID holds a space ({@link Profile#SIGNALING_INTEROP} only). */
    public static final String NO_SPACE = "no_space";
    /** Rule id: a payload is over {@value #MAX_PAYLOAD_UTF8_BYTES} UTF-8 bytes. */
    public static final String MAX_UTF8_BYTES = "max_utf8_bytes";
    /** Rule id: a payload holds an unpaired surrogate. */
    public static final String WELL_FORMED_UNICODE = "well_formed_unicode";

    private static final String SPECIALS = "!#$%&()+-:;<=.>?@[]^_{}|~,'";

    /** SPEC characters of an ID, indexed by ASCII code. */
    private static final boolean[] ALLOWED = table();

    /** {@link #REJECT} bit: the char is not allowed in an ID. */
    private static final int REJECT_ALWAYS = 1;
    /** {@link #REJECT} bit: the char is not allowed in an ID under {@link Profile#SIGNALING_INTEROP} (the space). */
    private static final int REJECT_INTEROP = 2;
    /** Indexed by a char's low byte: which profiles reject it ({@link #REJECT_ALWAYS}, {@link #REJECT_INTEROP}). */
    private static final byte[] REJECT = rejectTable();

    private static final RtmValidator STANDARD = new RtmValidator(Profile.STANDARD);
    private static final RtmValidator SIGNALING_INTEROP = new RtmValidator(Profile.SIGNALING_INTEROP);

    private final Profile profile;
    /**
     * Valid-path test of this profile: a char fails when {@code (REJECT[c & 0xFF] | (c & 0xFF00)) & rejectMask} is
     * not zero, so one scan answers both allowed_characters and no_space.
     */
    private final int rejectMask;

    /** A {@link Profile#STANDARD} validator; the constructor JSR-330 containers call. Prefer {@link #standard()}. */
    @Inject
    public RtmValidator() {
        this(Profile.STANDARD);
    }

    private RtmValidator(Profile profile) {
        this.profile = profile;
        this.rejectMask = 0xFF00 | REJECT_ALWAYS | (profile == Profile.SIGNALING_INTEROP ? REJECT_INTEROP : 0);
    }

    /**
     * The shared {@link Profile#STANDARD} validator.
     *
     * @return the validator
     */
    public static RtmValidator standard() {
        return STANDARD;
    }

    /**
     * The shared {@link Profile#SIGNALING_INTEROP} validator.
     *
     * @return the validator
     */
    public static RtmValidator signalingInterop() {
        return SIGNALING_INTEROP;
    }

    /**
     * The shared validator of a profile.
     *
     * @param profile the rules to apply
     * @return the validator
     * @throws NullPointerException if {@code profile} is null
     */
    public static RtmValidator of(Profile profile) {
        return switch (Objects.requireNonNull(profile, "profile")) {
            case STANDARD -> STANDARD;
            case SIGNALING_INTEROP -> SIGNALING_INTEROP;
        };
    }

    /**
     * The profile this validator applies.
     *
     * @return the profile
     */
    public Profile profile() {
        return profile;
    }

    /** Every violation of a peer message; delegates to {@link #validatePeer(String, String, String)}. */
    @Override
    public List<Violation> validate(PeerMessage message) {
        return validatePeer(message.from(), message.to(), message.payload());
    }

    /** Every violation of a channel message; delegates to {@link #validateChannel(String, String, String)}. */
    @Override
    public List<Violation> validate(ChannelMessage message) {
        return validateChannel(message.from(), message.channel(), message.payload());
    }

    /**
     * Every violation of a history filter's IDs: {@code source} and {@code destination}, each when present, by the
     * rules of an ID in a body ({@link #checkId}, as for {@code destination} and {@code channel_name}); a source or
     * destination is a value, not the path user ID, so {@code no_edge_space} does not apply.
     */
    @Override
    public List<Violation> validate(HistoryFilter filter) {
        String source = filter.source().orElse(null);
        String destination = filter.destination().orElse(null);
        if ((source == null || isValidId(source, false)) && (destination == null || isValidId(destination, false))) {
            return List.of();
        }
        List<Violation> out = new ArrayList<>(2);
        if (source != null) {
            checkId(SOURCE, source, out);
        }
        if (destination != null) {
            checkId(DESTINATION, destination, out);
        }
        return List.copyOf(out);
    }

    /**
     * Every violation of a peer message's raw fields (any may be null: rule {@code required}).
     *
     * @param userId      the sender, as in the URL path ({@code user_id})
     * @param destination the receiver ({@code destination})
     * @param payload     the payload text ({@code payload})
     * @return the shared {@link List#of()} when valid, else every violation in field order (unmodifiable)
     */
    public List<Violation> validatePeer(String userId, String destination, String payload) {
        if (isValidId(userId, true) && isValidId(destination, false) && isValidPayload(payload)) {
            return List.of();
        }
        List<Violation> out = new ArrayList<>(4);
        checkUserIdInPath(userId, out);
        checkId(DESTINATION, destination, out);
        checkPayload(payload, out);
        return List.copyOf(out);
    }

    /**
     * Every violation of a channel message's raw fields (any may be null: rule {@code required}).
     *
     * @param userId      the sender, as in the URL path ({@code user_id})
     * @param channelName the channel ({@code channel_name})
     * @param payload     the payload text ({@code payload})
     * @return the shared {@link List#of()} when valid, else every violation in field order (unmodifiable)
     */
    public List<Violation> validateChannel(String userId, String channelName, String payload) {
        if (isValidId(userId, true) && isValidId(channelName, false) && isValidPayload(payload)) {
            return List.of();
        }
        List<Violation> out = new ArrayList<>(4);
        checkUserIdInPath(userId, out);
        checkId(CHANNEL_NAME, channelName, out);
        checkPayload(payload, out);
        return List.copyOf(out);
    }

    /**
     * Appends to {@code out} every violation of the sender user ID as a URL path parameter: the ID rules
     * plus {@code no_edge_space}. Field {@code user_id}.
     *
     * @param userId the sender's ID, may be null
     * @param out    receives the violations
     */
    public void checkUserIdInPath(String userId, List<Violation> out) {
        checkId(USER_ID, userId, true, out);
    }

    /**
     * Appends to {@code out} every violation of a user ID or channel name carried in the body
     * ({@code destination}, {@code channel_name}); for the path user ID use {@link #checkUserIdInPath}.
     *
     * @param field the wire name reported in the violations
     * @param value the ID, may be null
     * @param out   receives the violations
     */
    public void checkId(String field, String value, List<Violation> out) {
        checkId(field, value, false, out);
    }

    /**
     * Appends to {@code out} every violation of a payload (field {@code payload}); never quotes its content.
     *
     * @param payload the payload text, may be null
     * @param out     receives the violations
     */
    public void checkPayload(String payload, List<Violation> out) {
        if (payload == null) {
            out.add(new Violation(PAYLOAD, Violation.REQUIRED, "is required"));
            return;
        }
        if (payload.isEmpty()) {
            out.add(new Violation(PAYLOAD, NOT_EMPTY, "must not be empty"));
            return;
        }
        long scan = scanUtf8(payload);
        if (scan < 0) {
            int at = firstUnpairedSurrogate(payload);
            String kind = Character.isHighSurrogate(payload.charAt(at)) ? "high" : "low";
            out.add(new Violation(PAYLOAD, WELL_FORMED_UNICODE, "contains an unpaired " + kind
                    + " surrogate at index " + at + ", so it cannot be encoded as UTF-8"));
        }
        long bytes = scan & Long.MAX_VALUE;
        if (bytes > MAX_PAYLOAD_UTF8_BYTES) {
            out.add(new Violation(PAYLOAD, MAX_UTF8_BYTES, "is " + bytes + " UTF-8 bytes; at most "
                    + MAX_PAYLOAD_UTF8_BYTES + " allowed"));
        }
    }

    @Override
    public String toString() {
        return "RtmValidator[" + profile + ']';
    }

    // ---- the valid path: answers only "valid or not", allocates nothing -------------------------------

    /** The valid path of the ID rules: true exactly when {@link #checkId} would report nothing. */
    boolean isValidId(String value, boolean inPath) {
        if (value == null) {
            return false;
        }
        int n = value.length();
        if (n == 0 || n > MAX_ID_LENGTH) {
            return false;
        }
        if (inPath && (value.charAt(0) == ' ' || value.charAt(n - 1) == ' ')) {
            return false;
        }
        return allAllowed(value, rejectMask);
    }

    /**
     * Whether no char of {@code value} fails {@code rejectMask} (see {@link #rejectMask}). Branch-free, with no early
     * exit (the valid path reads every char anyway): a table load and a few ALU operations per char, and the table
     * index {@code c & 0xFF} needs no bounds check.
     */
    private static boolean allAllowed(String value, int rejectMask) {
        int seen = 0;
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            seen |= REJECT[c & 0xFF] | (c & 0xFF00);
        }
        return (seen & rejectMask) == 0;
    }

    /** The valid path of the payload rules: true exactly when {@link #checkPayload} would report nothing. */
    static boolean isValidPayload(String payload) {
        // every char is at least one UTF-8 byte, so a longer string can't fit: no need to scan it here
        if (payload == null || payload.isEmpty() || payload.length() > MAX_PAYLOAD_UTF8_BYTES) {
            return false;
        }
        if (payload.length() <= MAX_PAYLOAD_UTF8_BYTES / 3 && !containsSurrogate(payload)) {
            // at most 3 UTF-8 bytes per char without surrogates: it fits, no byte count needed
            return true;
        }
        long scan = scanUtf8(payload); // negative when an unpaired surrogate was seen
        return scan >= 0 && scan <= MAX_PAYLOAD_UTF8_BYTES;
    }

    private static boolean containsSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if ((s.charAt(i) & 0xF800) == 0xD800) {
                return true;
            }
        }
        return false;
    }

    // ---- the rules ----------------------------------------------------------------------------------

    private void checkId(String field, String value, boolean inPath, List<Violation> out) {
        if (value == null) {
            out.add(new Violation(field, Violation.REQUIRED, "is required"));
            return;
        }
        int n = value.length();
        if (n == 0) {
            out.add(new Violation(field, NOT_EMPTY, "must not be empty"));
            return;
        }
        if (n > MAX_ID_LENGTH) {
            out.add(new Violation(field, MAX_LENGTH, "is " + n + " characters; at most " + MAX_ID_LENGTH + " allowed"));
        }
        int bad = firstDisallowed(value, ALLOWED);
        if (bad >= 0) {
            out.add(new Violation(field, ALLOWED_CHARACTERS, "contains " + describe(value.codePointAt(bad))
                    + " at index " + bad + "; allowed are a-z, A-Z, 0-9, space and " + SPECIALS));
        }
        if (inPath) {
            boolean leading = value.charAt(0) == ' ';
            boolean trailing = value.charAt(n - 1) == ' ';
            if (leading || trailing) {
                String where = leading && trailing ? "begins and ends" : leading ? "begins" : "ends";
                out.add(new Violation(field, NO_EDGE_SPACE, where
                        + " with a space; a user ID in the URL path must not begin or end with one"));
            }
        }
        if (profile == Profile.SIGNALING_INTEROP) {
            int space = value.indexOf(' ');
            if (space >= 0) {
                out.add(new Violation(field, NO_SPACE, "contains a space at index " + space
                        + "; IDs with a space cannot interoperate with the legacy signaling SDK"));
            }
        }
    }

    // ---- scanning -----------------------------------------------------------------------------------

    /** Index of the first char that is not in {@code table}, or -1. */
    private static int firstDisallowed(String value, boolean[] table) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c >= 128 || !table[c]) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The UTF-8 size of {@code s} in one pass over its chars (1, 2 or 3 bytes per char, 4 per surrogate
     * pair), negated with the sign bit when an unpaired surrogate was seen (counted 3 bytes).
     */
    private static long scanUtf8(String s) {
        long bytes = 0;
        boolean unpaired = false;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (!Character.isSurrogate(c)) {
                bytes += 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
                unpaired = true;
            }
        }
        return unpaired ? bytes | Long.MIN_VALUE : bytes;
    }

    /** Index of the first unpaired surrogate; only called once {@link #scanUtf8} has seen one. */
    private static int firstUnpairedSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        throw new IllegalStateException("no unpaired surrogate");
    }

    /** {@code U+0022 '"'}; only {@code U+0009} for a character that would not print visibly. */
    static String describe(int codePoint) {
        String hex = Integer.toHexString(codePoint).toUpperCase(Locale.ROOT);
        String name = "U+" + "0000".substring(Math.min(4, hex.length())) + hex;
        return isVisible(codePoint) ? name + " '" + new String(Character.toChars(codePoint)) + "'" : name;
    }

    private static boolean isVisible(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    private static byte[] rejectTable() {
        byte[] t = new byte[256];
        for (int c = 0; c < 256; c++) {
            t[c] = (byte) (c < 128 && ALLOWED[c] ? 0 : REJECT_ALWAYS | REJECT_INTEROP);
        }
        t[' '] = REJECT_INTEROP;
        return t;
    }

    private static boolean[] table() {
        boolean[] t = new boolean[128];
        for (char c = 'a'; c <= 'z'; c++) {
            t[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            t[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            t[c] = true;
        }
        for (int i = 0; i < SPECIALS.length(); i++) {
            t[SPECIALS.charAt(i)] = true;
        }
        t[' '] = true;
        return t;
    }
}
