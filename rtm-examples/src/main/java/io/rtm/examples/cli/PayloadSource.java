package io.rtm.examples.cli;

import io.rtm.core.Violation;
import io.rtm.core.error.RtmValidationException;
import io.rtm.validation.RtmValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the message text comes from: exactly one of {@code --payload TEXT}, {@code --payload -} (standard
 * input) or {@code --payload-file FILE}. The text is sent exactly as given or read: nothing is expanded
 * ({@code @bob} is chat text), trimmed or substituted. Input is read as strict UTF-8.
 */
final class PayloadSource {

    /** The value of {@code --payload} that reads standard input (so does {@code --payload=-}). */
    static final String STDIN = "-";

    /**
     * Most bytes read from a file or standard input: a guard against reading a huge file into memory, far above
     * the SDK's payload limit (32,768 UTF-8 bytes), which the SDK checks itself.
     */
    static final int MAX_INPUT_BYTES = 1 << 20;

    @Option(names = "--payload", paramLabel = "TEXT",
            description = "Message text, sent exactly as given ('@bob' is text, not a file); '-' reads it from standard input.")
    String text;

    @Option(names = "--payload-file", paramLabel = "FILE",
            description = "Read the message text from FILE (UTF-8, sent byte for byte: a final newline is part of it).")
    Path file;

    /** The text, read from standard input or the file when asked to. */
    Payload read(InputStream stdin) {
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                return new Payload(decode(readBounded(in, "--payload-file " + file), "--payload-file " + file),
                        Optional.of("--payload-file " + file));
            } catch (NoSuchFileException e) {
                throw new UsageException("--payload-file " + file + ": no such file"
                        + (file.toString().equals(STDIN) ? " (to read standard input, use --payload -)" : ""));
            } catch (IOException e) {
                throw new UsageException("--payload-file " + file + ": cannot read it (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            }
        }
        if (STDIN.equals(text)) {
            try {
                return new Payload(decode(readBounded(stdin, "standard input (--payload -)"), "standard input (--payload -)"),
                        Optional.of("standard input (--payload -)"));
            } catch (IOException e) {
                throw new UsageException("--payload -: cannot read standard input (" + e.getMessage() + ")");
            }
        }
        return new Payload(text, Optional.empty());
    }

    private static byte[] readBounded(InputStream in, String origin) throws IOException {
        byte[] bytes = in.readNBytes(MAX_INPUT_BYTES + 1);
        if (bytes.length > MAX_INPUT_BYTES) {
            throw new UsageException(origin + " is over " + MAX_INPUT_BYTES + " bytes; a payload is at most "
                    + RtmValidator.MAX_PAYLOAD_UTF8_BYTES + " UTF-8 bytes");
        }
        return bytes;
    }

    private static String decode(byte[] bytes, String origin) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new UsageException(origin + " is not valid UTF-8: malformed byte sequence at byte offset " + in.position());
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The message text, and where it was read from (absent for {@code --payload TEXT}). */
    record Payload(String text, Optional<String> origin) {

        /**
         * This validation error with every {@code payload} violation naming where the text was read from, so the
         * user knows which file to fix. Other violations are kept as they are.
         */
        RtmValidationException naming(RtmValidationException e) {
            if (origin.isEmpty() || e.violations().stream().noneMatch(v -> v.field().equals("payload"))) {
                return e;
            }
            List<Violation> named = e.violations().stream()
                    .map(v -> v.field().equals("payload") ? new Violation(v.field(), v.rule(), "read from " + origin.get() + ": " + v.message()) : v)
                    .toList();
            return new RtmValidationException(named);
        }
    }
}
