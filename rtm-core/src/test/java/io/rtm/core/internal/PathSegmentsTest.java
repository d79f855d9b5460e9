package io.rtm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathSegmentsTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\" \"|%20", "+|%2B", "%|%25", "#|%23", "?|%3F", "[|%5B", "]|%5D", "\"|\"|%7C", "{|%7B", "}|%7D",
            "^|%5E", "<|%3C", ">|%3E", "'|%27", "/|%2F", "\\|%5C", "!|%21", "$|%24", "&|%26", "(|%28",
            ")|%29", "*|%2A", ",|%2C", ";|%3B", "=|%3D", ":|%3A", "@|%40", "`|%60", "\"\"\"\"|%22"})
    void percentEncodesEveryCharacterOutsideTheUnreservedSet(String in, String expected) {
        assertThat(PathSegments.encode(in)).isEqualTo(expected);
    }

    @Test
    void encodesSpaceAsPercent20NeverPlus() {
        assertThat(PathSegments.encode("a b+c")).isEqualTo("a%20b%2Bc");
    }

    @Test
    void encodesPercentSoTheServerDecodesTheOriginalOnce() {
        assertThat(PathSegments.encode("100%")).isEqualTo("100%25");
        assertThat(PathSegments.encode("%20")).isEqualTo("%2520");
    }

    @Test
    void keepsUnreservedCharactersAndReturnsTheSameInstance() {
        String unreserved = "ABCXYZabcxyz0189-._~";
        assertThat(PathSegments.encode(unreserved)).isSameAs(unreserved);
    }

    @Test
    void encodesTheDotSegments() {
        assertThat(PathSegments.encode(".")).isEqualTo("%2E");
        assertThat(PathSegments.encode("..")).isEqualTo("%2E%2E");
    }

    @Test
    void keepsOtherRunsOfDotsBecauseTheyAreOrdinarySegments() {
        // RFC 3986 5.2.4 removes only "." and ".."; "..." and ".a" reach the server unchanged.
        assertThat(PathSegments.encode("...")).isEqualTo("...");
        assertThat(PathSegments.encode(".a")).isEqualTo(".a");
        assertThat(PathSegments.encode("a..")).isEqualTo("a..");
    }

    @Test
    void encodesMultiByteCharactersAsTheirUtf8Bytes() {
        assertThat(PathSegments.encode("é")).isEqualTo("%C3%A9");
        assertThat(PathSegments.encode("用户")).isEqualTo("%E7%94%A8%E6%88%B7");
        assertThat(PathSegments.encode("a😀")).isEqualTo("a%F0%9F%98%80");
    }

    @Test
    void encodesControlCharacters() {
        assertThat(PathSegments.encode("a\tb\n\u0000")).isEqualTo("a%09b%0A%00");
    }

    @Test
    void leavesTheEmptySegmentEmpty() {
        assertThat(PathSegments.encode("")).isEmpty();
    }

    @Test
    void refusesAnUnpairedSurrogateInsteadOfSendingAQuestionMark() {
        assertThatThrownBy(() -> PathSegments.encode("a\uD800")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
    }

    @Test
    void everyVectorIdDecodesBackToItself() throws IOException {
        List<String> ids = vectorIds();
        assertThat(ids).hasSizeGreaterThan(20).contains("a b", "100%", "!#$%&()+-:;<=.>?@[]^_{}|~,'", "用户", " ");
        for (String id : ids) {
            String encoded = PathSegments.encode(id);
            assertThat(encoded).as("encoding of '%s'", id).matches("([A-Za-z0-9._~-]|%[0-9A-F]{2})*");
            assertThat(strictPercentDecode(encoded)).as("round trip of '%s' via %s", id, encoded).isEqualTo(id);
        }
    }

    @Test
    void strictDecoderOfThisTestRejectsWhatAServerMustNotAccept() {
        assertThatThrownBy(() -> strictPercentDecode("a+b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> strictPercentDecode("%2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> strictPercentDecode("%zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> strictPercentDecode("%C3")).isInstanceOf(IllegalArgumentException.class);
        assertThat(strictPercentDecode("a%20%C3%A9")).isEqualTo("a é");
    }

    /** Decodes once: only unreserved characters and %XX are allowed; the bytes must be valid UTF-8. */
    static String strictPercentDecode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("truncated escape at " + i);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape at " + i);
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                bytes.write(c);
            } else {
                throw new IllegalArgumentException("character must be encoded: '" + c + "'");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8", e);
        }
    }

    /** Every string of the "valid", "invalid" and "invalid_in_url" arrays of vectors/ids.json. */
    static List<String> vectorIds() throws IOException {
        List<String> ids = new ArrayList<>();
        try (InputStream in = PathSegmentsTest.class.getResourceAsStream("/vectors/ids.json");
             JsonParser p = new JsonFactory().createParser(in)) {
            String array = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY) {
                    array = p.currentName();
                } else if (t == JsonToken.END_ARRAY) {
                    array = null;
                } else if (t == JsonToken.VALUE_STRING && array != null && List.of("valid", "invalid", "invalid_in_url").contains(array)) {
                    ids.add(p.getText());
                }
            }
        }
        return ids;
    }
}
