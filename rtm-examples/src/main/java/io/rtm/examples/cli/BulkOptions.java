package io.rtm.examples.cli;

import io.rtm.core.bulk.BulkJournal;
import io.rtm.core.error.RtmConfigurationException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options of a bulk send ({@code send-peer --to-file}, {@code send-channel --channel-file}). */
final class BulkOptions {

    /** Options that mean nothing without a file of recipients. */
    static final List<String> BULK_ONLY = List.of("--max-in-flight", "--failures-file", "--grace", "--journal");

    @Option(names = "--max-in-flight", paramLabel = "N",
            description = "Most messages in flight at once. Default: automatic (the rate limiter kept busy, everything else "
                    + "in flight: about the quota times the latency, at most 1,000).")
    Integer maxInFlight;

    @Option(names = "--failures-file", paramLabel = "FILE",
            description = "Write one JSON line per recipient left without the message "
                    + "(recipient, line, reason, error), not_sent ones included; the file is replaced.")
    Path failuresFile;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "Record every recipient's outcome in FILE as it completes. Run the same command with the same "
                    + "journal after a crash or a stop: recipients already confirmed are skipped, the rest are sent; those "
                    + "in flight when it ended are sent again and may receive the message twice. A journal of another "
                    + "message or recipients file is refused.")
    Path journal;

    @Option(names = "--grace", defaultValue = "5", paramLabel = "SECONDS",
            description = "On SIGTERM or Ctrl-C, stop reading recipients and let the messages in "
                    + "flight finish for up to this long, then abort them.")
    long graceSeconds;

    /** Refuses bulk-only options given without a file of recipients ({@code fileOption} names it). */
    void refuseWithoutFile(CommandSpec spec, String fileOption) {
        for (String bulkOnly : BULK_ONLY) {
            if (spec.commandLine().getParseResult().hasMatchedOption(bulkOnly)) {
                throw new UsageException(bulkOnly + " applies only with " + fileOption);
            }
        }
    }

    /** Checks the values (before anything is sent). */
    void check() {
        if (maxInFlight != null && maxInFlight < 1) {
            throw new UsageException("--max-in-flight must be at least 1, got " + maxInFlight);
        }
        if (graceSeconds < 0) {
            throw new UsageException("--grace must be 0 or more seconds, got " + graceSeconds);
        }
    }

    Duration grace() {
        return Duration.ofSeconds(graceSeconds);
    }

    /**
     * Opens the journal, when asked, for this job: {@code kind}, a digest of the message ({@code messageParts}, every
     * field but the recipient) and the SHA-256 of the recipients file. On a resume, says on {@code err} how much an
     * earlier run did and which recipients may receive the message twice.
     */
    BulkJournal openJournal(String kind, List<String> messageParts, Recipients recipients, PrintWriter err) {
        if (journal == null) {
            return null;
        }
        String job = "kind=" + kind + ";message=" + sha256(messageParts) + ";recipients=" + recipients.sha256();
        BulkJournal j;
        try {
            j = BulkJournal.open(journal, job);
        } catch (RtmConfigurationException e) {
            throw new UsageException("--journal " + e.getMessage().replaceFirst("^bulk journal ", ""));
        } catch (UncheckedIOException e) {
            throw new UsageException("--journal " + journal + ": cannot use it (" + e.getCause().getClass().getSimpleName()
                    + (e.getCause().getMessage() == null ? "" : ": " + e.getCause().getMessage()) + ")");
        }
        if (j.resumed()) {
            err.println("note: resuming from --journal " + journal + ": " + j.confirmedCount() + " of " + recipients.size()
                    + " recipients were confirmed by an earlier run and are skipped");
            int ambiguous = j.ambiguousCount();
            if (ambiguous > 0) {
                StringBuilder some = new StringBuilder();
                j.ambiguous().limit(10).forEach(i -> some.append(some.length() == 0 ? "" : ", ").append("line ")
                        .append(recipients.lineOf(i)));
                err.println("note: " + ambiguous + " recipients may have received it already (in flight when that run ended, "
                        + "or failed after reaching the service): they are sent again and may receive it twice (" + some
                        + (ambiguous > 10 ? ", …" : "") + ")");
            }
            err.flush();
        }
        return j;
    }

    private static String sha256(List<String> parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                byte[] b = p.getBytes(StandardCharsets.UTF_8);
                d.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII)); // length-prefixed: no ambiguity
                d.update((byte) ':');
                d.update(b);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
