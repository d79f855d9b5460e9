package io.rtm.examples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The recipients of a bulk send (user IDs of {@code --to-file}, channels of {@code --channel-file}): one per line, each
 * taken exactly as written (blank lines and lines starting with {@code #} are skipped), read lazily: a first pass
 * checks the file (strict UTF-8), counts the recipients and computes its SHA-256 (which binds a journal to it), and
 * iterating reads it again line by line, so a file of millions of recipients is never held in memory. Iterating hands
 * the recipients out one at a time until {@link #stop()}; {@link #taken()} says how many were handed out.
 */
final class Recipients implements Iterable<String>, AutoCloseable {

    /** One recipient and its line in the file (1-based). */
    record Recipient(String id, int line) {
    }

    private final Path file;
    private final String option;
    private final int size;
    private final Recipient first;
    private final String sha256;
    /** Recipient indexes after which lines were skipped, and how many lines were skipped up to each: index → line. */
    private final int[] shiftAt;
    private final int[] shiftBy;
    private final AtomicInteger taken = new AtomicInteger();
    private volatile boolean stopped;
    /** The readers iterators opened and have not closed yet (a stopped run leaves its reader open). */
    private final java.util.Set<BufferedReader> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Recipients(Path file, String option, int size, Recipient first, String sha256, int[] shiftAt, int[] shiftBy) {
        this.file = file;
        this.option = option;
        this.size = size;
        this.first = first;
        this.sha256 = sha256;
        this.shiftAt = shiftAt;
        this.shiftBy = shiftBy;
    }

    /**
     * Checks and counts the recipients of {@code file} (named {@code option} in errors).
     *
     * @throws UsageException when the file is missing, unreadable, not UTF-8, or lists nobody
     */
    static Recipients read(Path file, String option) {
        MessageDigest digest = newSha256();
        List<int[]> shifts = new ArrayList<>();
        int[] count = {0};
        Recipient[] first = {null};
        int[] skippedSoFar = {0};
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            lines(in, (lineNo, line) -> {
                if (isRecipient(line)) {
                    if (first[0] == null) {
                        first[0] = new Recipient(line, lineNo);
                    }
                    int index = count[0]++;
                    int shift = lineNo - 1 - index; // non-recipient lines before this one
                    if (shift != skippedSoFar[0]) {
                        shifts.add(new int[] {index, shift});
                        skippedSoFar[0] = shift;
                    }
                }
            });
        } catch (NoSuchFileException e) {
            throw new UsageException(option + " " + file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new UsageException(option + " " + file + " is not valid UTF-8");
        } catch (IOException e) {
            throw new UsageException(option + " " + file + ": cannot read it (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        if (count[0] == 0) {
            throw new UsageException(option + " " + file + " lists nobody");
        }
        int[] at = new int[shifts.size()];
        int[] by = new int[shifts.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = shifts.get(i)[0];
            by[i] = shifts.get(i)[1];
        }
        return new Recipients(file, option, count[0], first[0], HexFormat.of().formatHex(digest.digest()), at, by);
    }

    private static boolean isRecipient(String line) {
        return !line.isBlank() && !line.startsWith("#");
    }

    /** Each line of {@code in} (strict UTF-8, without its line break) with its 1-based number. */
    private static void lines(InputStream in, LineConsumer each) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, strictUtf8()), 1 << 16);
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            each.accept(++lineNo, line);
        }
    }

    @FunctionalInterface
    private interface LineConsumer {
        void accept(int lineNo, String line);
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many recipients the file lists. */
    int size() {
        return size;
    }

    /** The first recipient. */
    Recipient first() {
        return first;
    }

    /** The SHA-256 of the file's bytes, in hex. */
    String sha256() {
        return sha256;
    }

    /** The recipient at {@code index} (0-based among recipients), with its line; {@code id} as given. */
    Recipient at(int index, String id) {
        return new Recipient(id, lineOf(index));
    }

    /** The line (1-based) of the recipient at {@code index} (0-based among recipients). */
    int lineOf(int index) {
        int pos = Arrays.binarySearch(shiftAt, index);
        int i = pos >= 0 ? pos : -pos - 2;
        return index + 1 + (i < 0 ? 0 : shiftBy[i]);
    }

    /** From now on, iteration ends: recipients not yet handed out are never sent. Thread-safe. */
    void stop() {
        stopped = true;
    }

    /** Whether {@link #stop()} was called. */
    boolean stopped() {
        return stopped;
    }

    /** How many recipients were handed out. */
    int taken() {
        return taken.get();
    }

    /** Calls {@code each} with every recipient never handed out (after a stop), in file order. */
    void forEachNotTaken(Consumer<Recipient> each) {
        int from = taken();
        if (from >= size) {
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            int[] index = {0};
            lines(in, (lineNo, line) -> {
                if (isRecipient(line) && index[0]++ >= from) {
                    each.accept(new Recipient(line, lineNo));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(option + " " + file + ": reading it again failed: " + e.getMessage(), e);
        }
    }

    /**
     * Hands out the recipients in file order, reading the file as it goes; one thread at a time (the bulk sender's
     * contract). The file is closed when the last recipient was handed out or iteration stopped.
     */
    @Override
    public Iterator<String> iterator() {
        BufferedReader reader;
        try {
            reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), strictUtf8()), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException(option + " " + file + ": cannot read it: " + e.getMessage(), e);
        }
        open.add(reader);
        return new Iterator<>() {
            private String next;
            private boolean closed;

            @Override
            public boolean hasNext() {
                if (stopped || taken.get() >= size) {
                    close();
                    return false;
                }
                if (next == null) {
                    next = readRecipient();
                }
                return next != null;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String id = next;
                next = null;
                taken.incrementAndGet();
                return id;
            }

            private String readRecipient() {
                try {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (isRecipient(line)) {
                            return line;
                        }
                    }
                    close();
                    return null; // the file got shorter since it was counted
                } catch (IOException e) {
                    close();
                    throw new UncheckedIOException(option + " " + file + ": reading it failed: " + e.getMessage(), e);
                }
            }

            private void close() {
                if (!closed) {
                    closed = true;
                    open.remove(reader);
                    closeQuietly(reader);
                }
            }
        };
    }

    /** Closes the file where an iteration left it open (call when the run is over). */
    @Override
    public void close() {
        for (BufferedReader r : open) {
            open.remove(r);
            closeQuietly(r);
        }
    }

    private static void closeQuietly(BufferedReader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }
}
