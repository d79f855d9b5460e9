package io.rtm.core.bulk;

import io.rtm.core.error.RtmConfigurationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A bulk send's journal: an append-only file that records, for each message of the source (by its 0-based index), that
 * it was handed to the client and how it ended, so that a bulk send killed at any moment ({@code kill -9} included)
 * and started again with the same inputs and the same journal sends every message that was not confirmed, never one
 * that was, and says which ones may reach their recipient twice.
 *
 * <p><b>Format</b> (UTF-8 text, one record per line): a header {@code rtm-bulk-journal 1 <job>}, then
 * {@code s <index>} before a message is handed to the client, {@code o <index> <code>} when it was sent (any
 * delivery code: confirmed), {@code f <index> <reason> <m|n>} when it failed ({@code m}: it may have reached the
 * service, {@code n}: it provably did not). {@code <job>} binds the file to one job (e.g. digests of the message and
 * of the recipients): opening the file for another job is refused, since its indices would name other recipients.
 *
 * <p><b>What an earlier run left</b>, per index, from its last records: {@code o} = confirmed (a new run skips it);
 * {@code s} without an outcome (in flight when that run ended) or {@code f … m} = <em>ambiguous</em> (sent again,
 * and it may arrive twice: at-least-once); {@code f … n} or nothing = simply not sent yet.
 *
 * <p><b>Durability.</b> Each record is one {@code write} to the operating system before the send it announces (for
 * {@code s}), so a killed process loses nothing; the file is forced to the disk ({@code fsync}) at most every
 * {@code syncInterval} (default 1 s) and when the run ends, so a power loss loses at most that interval's records
 * (their messages are then sent again without being flagged ambiguous). {@link Duration#ZERO} forces every record.
 * A torn last line (a crash mid-write) is dropped on open; any other line that is not a record is refused.
 *
 * <p>Memory: two bits per message of the job ({@link BitSet}s), about 250 KB for a million. Thread-safe; one journal
 * serves one bulk send at a time.
 */
public final class BulkJournal implements AutoCloseable {

    private static final String MAGIC = "rtm-bulk-journal";
    private static final int VERSION = 1;
    private static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);

    private final Path file;
    private final String job;
    private final FileChannel channel;
    private final long syncIntervalNanos;
    private final BitSet confirmed;
    private final BitSet ambiguous;
    private final int confirmedCount;
    private final boolean resumed;
    private final StringBuilder line = new StringBuilder(48);
    private long lastSync = System.nanoTime();
    private boolean dirty;
    private boolean closed;

    private BulkJournal(Path file, String job, FileChannel channel, long syncIntervalNanos, BitSet confirmed,
                        BitSet ambiguous, boolean resumed) {
        this.file = file;
        this.job = job;
        this.channel = channel;
        this.syncIntervalNanos = syncIntervalNanos;
        this.confirmed = confirmed;
        this.ambiguous = ambiguous;
        this.confirmedCount = confirmed.cardinality();
        this.resumed = resumed;
    }

    /** {@link #open(Path, String, Duration)} forcing the file to disk at most every second. */
    public static BulkJournal open(Path file, String job) {
        return open(file, job, DEFAULT_SYNC_INTERVAL);
    }

    /**
     * Opens the journal of {@code job}: creates the file with its header, or reads what earlier runs of the same job
     * recorded.
     *
     * @param file         the journal file
     * @param job          what identifies the job: printable ASCII without line breaks, e.g.
     *                     {@code kind=peer;message=<digest>;recipients=<digest>} ({@code name=value} parts separated by
     *                     {@code ;} let a refusal say which part differs)
     * @param syncInterval the longest time between forcing the file to disk; zero forces every record
     * @throws RtmConfigurationException the file belongs to another job, or is not a journal
     * @throws UncheckedIOException      the file cannot be read or written
     */
    public static BulkJournal open(Path file, String job, Duration syncInterval) {
        Objects.requireNonNull(file, "file");
        checkJob(job);
        Objects.requireNonNull(syncInterval, "syncInterval");
        if (syncInterval.isNegative()) {
            throw new IllegalArgumentException("syncInterval must not be negative: " + syncInterval);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            BitSet confirmed = new BitSet();
            BitSet ambiguous = new BitSet();
            boolean resumed = channel.size() > 0;
            if (resumed) {
                long complete = read(file, channel, job, confirmed, ambiguous);
                channel.truncate(complete); // a torn last line would corrupt the next record
            } else {
                channel.write(ByteBuffer.wrap((MAGIC + ' ' + VERSION + ' ' + job + '\n').getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            channel.position(channel.size());
            return new BulkJournal(file, job, channel, syncInterval.toNanos(), confirmed, ambiguous, resumed);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("bulk journal " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void checkJob(String job) {
        Objects.requireNonNull(job, "job");
        if (job.isEmpty() || !job.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("a journal's job must be non-empty printable ASCII without line breaks");
        }
    }

    /** Reads the records; returns the length of the file up to its last complete line. */
    private static long read(Path file, FileChannel channel, String job, BitSet confirmed, BitSet ambiguous)
            throws IOException {
        BitSet open = new BitSet();
        long complete = 0;
        channel.position(0);
        // The channel is left open: the reader must not close it.
        InputStream in = Channels.newInputStream(new NonClosingChannel(channel));
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String header = readLine(reader);
        if (header == null || !header.endsWith("\n")) {
            throw notAJournal(file, 1, "no complete header line");
        }
        complete += header.length();
        checkHeader(file, header.substring(0, header.length() - 1), job);
        int lineNo = 1;
        String l;
        while ((l = readLine(reader)) != null) {
            lineNo++;
            if (!l.endsWith("\n")) {
                break; // torn by a crash mid-write: the record never happened
            }
            record(file, lineNo, l.substring(0, l.length() - 1), open, confirmed, ambiguous);
            complete += l.length(); // records are ASCII: one byte per char
        }
        ambiguous.or(open); // in flight when the run ended: it may have arrived
        return complete;
    }

    /** The next line with its {@code \n} if it has one; null at the end. */
    private static String readLine(BufferedReader reader) throws IOException {
        StringBuilder b = new StringBuilder(32);
        int c;
        while ((c = reader.read()) >= 0) {
            b.append((char) c);
            if (c == '\n') {
                return b.toString();
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    private static void checkHeader(Path file, String header, String job) {
        String prefix = MAGIC + ' ';
        if (!header.startsWith(prefix)) {
            throw notAJournal(file, 1, "it does not start with '" + MAGIC + "'");
        }
        int space = header.indexOf(' ', prefix.length());
        String version = space < 0 ? header.substring(prefix.length()) : header.substring(prefix.length(), space);
        if (!version.equals(Integer.toString(VERSION))) {
            throw new RtmConfigurationException("bulk journal " + file + " has version " + version + "; this SDK reads version "
                    + VERSION);
        }
        String theirs = space < 0 ? "" : header.substring(space + 1);
        if (!theirs.equals(job)) {
            throw new RtmConfigurationException("bulk journal " + file + " belongs to another job (" + difference(theirs, job)
                    + "): its indices would name other messages. Use a new journal file, or the inputs it was written for");
        }
    }

    /** Which {@code name=value} parts differ, or both jobs in full. */
    static String difference(String theirs, String ours) {
        Map<String, String> a = parts(theirs);
        Map<String, String> b = parts(ours);
        if (a == null || b == null) {
            return "journal: " + theirs + "; this job: " + ours;
        }
        List<String> differing = new ArrayList<>();
        for (String name : a.keySet()) {
            if (!Objects.equals(a.get(name), b.get(name))) {
                differing.add(name);
            }
        }
        for (String name : b.keySet()) {
            if (!a.containsKey(name)) {
                differing.add(name);
            }
        }
        return "different: " + String.join(", ", differing);
    }

    private static Map<String, String> parts(String job) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : job.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return m;
    }

    private static void record(Path file, int lineNo, String l, BitSet open, BitSet confirmed, BitSet ambiguous) {
        String[] f = l.split(" ", -1);
        try {
            switch (f[0]) {
                case "s" -> {
                    int i = index(f, 2);
                    open.set(i);
                }
                case "o" -> {
                    int i = index(f, 3);
                    open.clear(i);
                    ambiguous.clear(i);
                    confirmed.set(i);
                }
                case "f" -> {
                    int i = index(f, 4);
                    open.clear(i);
                    if (f[3].equals("m")) {
                        ambiguous.set(i);
                    } else if (!f[3].equals("n")) {
                        throw new IllegalArgumentException();
                    } // "n": this attempt never left, but an earlier run's may have: an ambiguity stays

                }
                default -> throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw notAJournal(file, lineNo, "'" + (l.length() > 80 ? l.substring(0, 80) + "…" : l) + "' is not a record");
        }
    }

    private static int index(String[] fields, int expected) {
        if (fields.length != expected) {
            throw new IllegalArgumentException();
        }
        int i = Integer.parseInt(fields[1]); // NumberFormatException is an IllegalArgumentException
        if (i < 0) {
            throw new IllegalArgumentException();
        }
        return i;
    }

    private static RtmConfigurationException notAJournal(Path file, int line, String why) {
        return new RtmConfigurationException("bulk journal " + file + " line " + line + ": " + why
                + "; not a journal this SDK wrote (or it was edited)");
    }

    /** The journal file. */
    public Path file() {
        return file;
    }

    /** The job this journal belongs to. */
    public String job() {
        return job;
    }

    /** Whether the file held records of an earlier run when it was opened. */
    public boolean resumed() {
        return resumed;
    }

    /** How many messages earlier runs confirmed (sent, any delivery code): a new run skips them. */
    public int confirmedCount() {
        return confirmedCount;
    }

    /** Whether an earlier run confirmed the message at {@code index}. */
    public boolean isConfirmed(int index) {
        return confirmed.get(index);
    }

    /**
     * Whether the message at {@code index} may already have reached the service in an earlier run without being
     * confirmed (in flight when it ended, or failed in a way that may have reached the service): sending it again may
     * deliver it twice.
     */
    public boolean isAmbiguous(int index) {
        return ambiguous.get(index);
    }

    /** The indices {@link #isAmbiguous ambiguous} after earlier runs, in order. */
    public IntStream ambiguous() {
        return ambiguous.stream();
    }

    /** How many messages are ambiguous after earlier runs. */
    public int ambiguousCount() {
        return ambiguous.cardinality();
    }

    /** Records that the message at {@code index} is handed to the client now (written before it is sent). */
    void started(int index) {
        append('s', index, null, null);
    }

    /** Records that the message at {@code index} was sent with this delivery code (as the service wrote it). */
    void sent(int index, String code) {
        append('o', index, word(code), null);
    }

    /** Records that the message at {@code index} failed, and whether it may have reached the service. */
    void failed(int index, String reason, boolean mayHaveReachedService) {
        append('f', index, word(reason), mayHaveReachedService ? "m" : "n");
    }

    /** A value as one field of a record: printable ASCII, no spaces ({@code "message sent"} is {@code message_sent}). */
    private static String word(String value) {
        if (value.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length() && i < 64; i++) {
            char c = value.charAt(i);
            b.append(c > 0x20 && c < 0x7f ? c : '_');
        }
        return b.toString();
    }

    private synchronized void append(char kind, int index, String a, String b) {
        if (closed) {
            throw new IllegalStateException("bulk journal " + file + " is closed");
        }
        line.setLength(0);
        line.append(kind).append(' ').append(index);
        if (a != null) {
            line.append(' ').append(a);
        }
        if (b != null) {
            line.append(' ').append(b);
        }
        line.append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.US_ASCII);
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                channel.write(buf); // one write for a record this small: a killed process leaves it whole or absent
            }
            dirty = true;
            long now = System.nanoTime();
            if (now - lastSync >= syncIntervalNanos) {
                channel.force(false);
                lastSync = now;
                dirty = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("bulk journal " + file + ": writing failed: " + e.getMessage(), e);
        }
    }

    /** Forces what was written to the disk. */
    public synchronized void sync() {
        if (closed || !dirty) {
            return;
        }
        try {
            channel.force(false);
            lastSync = System.nanoTime();
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("bulk journal " + file + ": forcing it to disk failed: " + e.getMessage(), e);
        }
    }

    /** Forces the records to disk and closes the file. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            sync();
        } finally {
            closed = true;
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to save
            }
        }
    }

    @Override
    public String toString() {
        return "BulkJournal{" + file + ", confirmed=" + confirmedCount + ", ambiguous=" + ambiguous.cardinality() + '}';
    }

    /** Reads through the journal's channel without closing it when the reader is dropped. */
    private static final class NonClosingChannel implements java.nio.channels.ReadableByteChannel {
        private final FileChannel channel;

        NonClosingChannel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() {
        }
    }
}
