package io.rtm.validation;

import static io.rtm.validation.IdVectorsTest.rules;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The validator against a straightforward reference of the SPEC rules, written from SPEC.md without any of the
 * validator's tables, masks or fast paths, on seeded random inputs: IDs from the allowed set mixed with every kind
 * of char that must be refused (a char whose low byte is an allowed one, Latin-1, controls, surrogates), and
 * payloads with paired and unpaired surrogates around the 10,922-char and 32,768-byte boundaries. Both the valid
 * path ({@code isValidId}, {@code isValidPayload}) and the full violation lists are compared.
 */
class RtmValidatorPropertyTest {

    /** SPEC "User IDs and channel names": every allowed character, spelled out. */
    private static final String SPEC_ALLOWED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "
            + "!#$%&()+-:;<=.>?@[]^_{}|~,'";
    /** Chars that must be refused and are easy to get wrong with a table or bit tricks. */
    private static final String TRICKY = "\"*/\\`\u007F\u0000\u001F\u0080\u00A0\u00FF\u0100\u0120\u0161\u0141"
            + "\u015F\u017E\u4E2D\uFF01\uD800\uDBFF\uDC00\uDFFF\uFFFF\u2028\u3000";
    private static final int ALWAYS_FITS = RtmValidator.MAX_PAYLOAD_UTF8_BYTES / 3;

    // ---- reference ------------------------------------------------------------------------------------

    private static boolean refAllowed(char c) {
        return SPEC_ALLOWED.indexOf(c) >= 0;
    }

    /** Rule ids an ID breaks, in the validator's documented order. */
    private static List<String> refIdRules(String field, String id, boolean inPath, boolean interop) {
        List<String> out = new ArrayList<>();
        if (id.isEmpty()) {
            out.add(field + ":not_empty");
            return out;
        }
        if (id.length() > 64) {
            out.add(field + ":max_length");
        }
        if (!id.chars().allMatch(c -> refAllowed((char) c))) {
            out.add(field + ":allowed_characters");
        }
        if (inPath && (id.startsWith(" ") || id.endsWith(" "))) {
            out.add(field + ":no_edge_space");
        }
        if (interop && id.contains(" ")) {
            out.add(field + ":no_space");
        }
        return out;
    }

    /** Unpaired surrogates, by walking code points the JDK way. */
    private static int refUnpaired(String s) {
        int unpaired = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                unpaired++;
            }
            i += Character.charCount(cp);
        }
        return unpaired;
    }

    /** Rule ids a payload breaks; its size is the JDK's UTF-8 encoding (an unpaired surrogate: 3 bytes, WTF-8). */
    private static List<String> refPayloadRules(String p) {
        List<String> out = new ArrayList<>();
        if (p.isEmpty()) {
            out.add("payload:not_empty");
            return out;
        }
        int unpaired = refUnpaired(p);
        if (unpaired > 0) {
            out.add("payload:well_formed_unicode");
        }
        // getBytes writes '?' (1 byte) for each unpaired surrogate; WTF-8 writes 3
        long bytes = p.getBytes(StandardCharsets.UTF_8).length + 2L * unpaired;
        if (bytes > RtmValidator.MAX_PAYLOAD_UTF8_BYTES) {
            out.add("payload:max_utf8_bytes");
        }
        return out;
    }

    // ---- generators -----------------------------------------------------------------------------------

    private static String randomId(Random r) {
        int len = switch (r.nextInt(6)) {
            case 0 -> 1 + r.nextInt(3);
            case 1 -> 63 + r.nextInt(3); // 63, 64, 65
            default -> 1 + r.nextInt(70);
        };
        StringBuilder sb = new StringBuilder(len);
        boolean clean = r.nextInt(3) > 0; // two thirds of IDs are valid apart from (maybe) length and spaces
        for (int i = 0; i < len; i++) {
            sb.append(clean || r.nextInt(8) > 0 ? SPEC_ALLOWED.charAt(r.nextInt(SPEC_ALLOWED.length())) : oddChar(r));
        }
        if (r.nextInt(8) == 0) {
            sb.setCharAt(r.nextBoolean() ? 0 : len - 1, ' ');
        }
        return sb.toString();
    }

    private static char oddChar(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> TRICKY.charAt(r.nextInt(TRICKY.length()));
            case 1 -> (char) r.nextInt(0x100);                                        // Latin-1, controls
            case 2 -> (char) ((r.nextInt(0xFF) + 1) << 8 | SPEC_ALLOWED.charAt(r.nextInt(SPEC_ALLOWED.length()))); // allowed low byte
            default -> (char) r.nextInt(0x10000);
        };
    }

    private static String randomPayload(Random r) {
        int len = switch (r.nextInt(6)) {
            case 0 -> 1 + r.nextInt(16);
            case 1 -> ALWAYS_FITS - 2 + r.nextInt(5);                     // around the no-count limit
            case 2 -> RtmValidator.MAX_PAYLOAD_UTF8_BYTES / 2 - 2 + r.nextInt(5);
            case 3 -> RtmValidator.MAX_PAYLOAD_UTF8_BYTES - 2 + r.nextInt(5);
            default -> 1 + r.nextInt(2_000);
        };
        int kind = r.nextInt(4); // 0 ASCII, 1 Latin-1, 2 CJK, 3 anything
        StringBuilder sb = new StringBuilder(len + 2);
        while (sb.length() < len) {
            int roll = r.nextInt(100);
            if (roll < 3) {
                sb.append(Character.toChars(0x10000 + r.nextInt(0x100000)));      // a pair
            } else if (roll < 4 && r.nextInt(4) == 0) {
                sb.append((char) (0xD800 + r.nextInt(0x800)));                    // a lone surrogate, rarely
            } else {
                sb.append(switch (kind) {
                    case 0 -> (char) (0x20 + r.nextInt(0x5F));
                    case 1 -> (char) (r.nextInt(0x100));
                    case 2 -> (char) (0x4E00 + r.nextInt(0x5000));
                    default -> (char) r.nextInt(0x10000);
                });
            }
        }
        return sb.toString();
    }

    // ---- properties -----------------------------------------------------------------------------------

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 20260101, 0xC0FFEE})
    void idRulesMatchTheReferenceOnRandomIds(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 5_000; i++) {
            String id = randomId(r);
            for (RtmValidator v : List.of(RtmValidator.standard(), RtmValidator.signalingInterop())) {
                boolean interop = v.profile() == Profile.SIGNALING_INTEROP;
                List<String> path = refIdRules("user_id", id, true, interop);
                List<String> body = refIdRules("destination", id, false, interop);
                assertThat(v.isValidId(id, true)).as("path %s %s", v, escape(id)).isEqualTo(path.isEmpty());
                assertThat(v.isValidId(id, false)).as("body %s %s", v, escape(id)).isEqualTo(body.isEmpty());
                List<String> expected = new ArrayList<>(path);
                expected.addAll(body);
                assertThat(rules(v.validatePeer(id, id, "p"))).as("%s %s", v, escape(id)).isEqualTo(expected);
            }
        }
    }

    @Test
    void everyUtf16CodeUnitAtEveryPositionOfA64CharIdMatchesTheReference() {
        for (int c = 0; c <= 0xFFFF; c++) {
            for (int at : new int[] {0, 1, 31, 62, 63}) {
                char[] chars = "a".repeat(64).toCharArray();
                chars[at] = (char) c;
                String id = new String(chars);
                for (RtmValidator v : List.of(RtmValidator.standard(), RtmValidator.signalingInterop())) {
                    boolean interop = v.profile() == Profile.SIGNALING_INTEROP;
                    boolean expected = refAllowed((char) c) && !(interop && c == ' ');
                    assertThat(v.isValidId(id, false)).as("U+%04X at %d, %s", c, at, v).isEqualTo(expected);
                    assertThat(v.isValidId(id, true)).as("U+%04X at %d, %s, path", c, at, v)
                            .isEqualTo(expected && !(c == ' ' && (at == 0 || at == 63)));
                }
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 20260101, 0xC0FFEE})
    void payloadRulesMatchTheReferenceOnRandomPayloads(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 300; i++) {
            String p = randomPayload(r);
            List<String> expected = refPayloadRules(p);
            assertThat(RtmValidator.isValidPayload(p)).as("seed %d #%d (%d chars)", seed, i, p.length())
                    .isEqualTo(expected.isEmpty());
            assertThat(rules(RtmValidator.standard().validatePeer("a", "b", p))).as("seed %d #%d", seed, i)
                    .isEqualTo(expected);
        }
    }

    @Test
    void everySurrogateAloneOrPairedAtTheEdgesMatchesTheReference() {
        for (int c = 0xD800; c <= 0xDFFF; c++) {
            String s = String.valueOf((char) c);
            for (String p : List.of(s, "ab" + s, s + "ab", "中" + s, "中".repeat(ALWAYS_FITS - 1) + s,
                    "\uD83D" + s, s + "\uDE00", "x".repeat(ALWAYS_FITS) + s)) {
                assertThat(RtmValidator.isValidPayload(p)).as("U+%04X in %d chars", c, p.length())
                        .isEqualTo(refPayloadRules(p).isEmpty());
            }
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\u%04X", c)));
        return sb.toString();
    }
}
