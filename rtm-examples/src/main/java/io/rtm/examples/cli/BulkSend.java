package io.rtm.examples.cli;

import io.rtm.core.bulk.BulkItemResult;
import io.rtm.core.bulk.BulkJournal;
import io.rtm.core.bulk.BulkListener;
import io.rtm.core.bulk.BulkProgress;
import io.rtm.core.bulk.BulkSender;
import io.rtm.core.bulk.BulkSummary;
import io.rtm.examples.cli.ConnectionOptions.Connection;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One bulk run of {@code send-peer --to-file} or {@code send-channel --channel-file}: sends the template to every
 * recipient through a {@link BulkSender}, records each one in the journal (when asked), writes one line per recipient
 * left without the message to the failures file (when asked), and tells the outcome in one summary line.
 *
 * <p>On a stop request (SIGTERM, Ctrl-C) it stops handing out recipients ({@link BulkSender#stop()}) and closes the
 * client gracefully ({@code close(grace)}): the messages in flight may finish within the grace period, those still
 * running then fail as aborted (they may have reached the service). The recipients never handed out are reported as
 * {@code not_sent}. Not thread-safe: one run per instance.
 *
 * @param <M> the message type
 */
final class BulkSend<M> {

    /** Reason of a recipient the run never got to, in the failures file and the summary's {@code failures}. */
    static final String NOT_SENT = "not_sent";

    /** How long to wait, beyond the grace period, for the client to fail what it aborted. */
    private static final Duration ABORT_WAIT = Duration.ofSeconds(10);

    /** Sends one template to every recipient of a run (a peer or a channel fan-out). */
    @FunctionalInterface
    interface FanOut<M> {
        CompletableFuture<BulkSummary> send(BulkSender sender, Iterable<String> recipients, BulkListener<M> listener);
    }

    private final Connection connection;
    private final FanOut<M> fanOut;
    private final Recipients recipients;
    private final BulkOptions options;
    private final StopSignal stop;
    private final FailuresFile failures;
    private final BulkJournal journal;

    BulkSend(Connection connection, FanOut<M> fanOut, Recipients recipients, BulkOptions options, StopSignal stop,
             FailuresFile failures, BulkJournal journal) {
        this.connection = connection;
        this.fanOut = fanOut;
        this.recipients = recipients;
        this.options = options;
        this.stop = stop;
        this.failures = failures;
        this.journal = journal;
    }

    /** The outcome: the summary line and the exit code. */
    record Outcome(String summaryLine, int exitCode, Optional<String> failuresFileError) {
    }

    /**
     * Runs the bulk send with a progress bar named {@code task} when a console is attached (none otherwise), prints
     * the summary line to {@code out} and a failures-file error to {@code err}; returns the exit code.
     */
    int runAndReport(String task, PrintWriter out, PrintWriter err) throws InterruptedException {
        Outcome outcome;
        if (System.console() != null) {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(recipients.size())
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" msg", 1).continuousUpdate().build()) {
                outcome = run((item, progress) -> bar.stepTo(progress.done()));
            }
        } else {
            outcome = run((item, progress) -> { });
        }
        out.println(outcome.summaryLine());
        outcome.failuresFileError().ifPresent(e -> err.println("error: " + e));
        return outcome.exitCode();
    }

    /** Runs the bulk send, blocking until it is over; {@code progress} hears each completed message. */
    Outcome run(BulkListener<M> progress) throws InterruptedException {
        Duration grace = options.grace();
        stop.stopsGracefully(grace.plus(ABORT_WAIT));
        BulkSender.Builder builder = BulkSender.builder(connection.client().async());
        if (options.maxInFlight != null) {
            builder.maxInFlight(options.maxInFlight);
        }
        if (journal != null) {
            builder.journal(journal);
        }
        BulkSender sender = builder.build();
        // No recipient is handed out after a request: it stops them at once, on the requesting thread.
        stop.requested().thenRun(() -> {
            recipients.stop();
            sender.stop();
        });
        CompletableFuture<BulkSummary> run = fanOut.send(sender, recipients, (BulkItemResult<M> item, BulkProgress p) -> {
            item.error().ifPresent(error -> failures.write(recipients.at(item.index(), failures.idOf(item.message())),
                    item.reason().orElse("other"), error));
            progress.onResult(item, p);
        });
        CompletableFuture.anyOf(run, stop.requested()).exceptionally(e -> null).join();
        if (!run.isDone()) {
            // The client's own graceful close: calls in flight may finish within the grace, the rest are aborted
            connection.client().close(grace);
        }
        BulkSummary summary = summary(run);
        recipients.close(); // the run is over: a stopped one left the file open
        boolean stopped = recipients.stopped() || summary.stopped();
        recipients.forEachNotTaken(failures::writeNotSent);
        failures.close();
        long notSent = recipients.size() - summary.total();
        return new Outcome(summaryLine(summary, notSent, stopped), summary.failed() + notSent == 0 ? ExitCodes.OK : ExitCodes.PARTIAL,
                failures.error());
    }

    private static BulkSummary summary(CompletableFuture<BulkSummary> run) throws InterruptedException {
        try {
            return run.get(ABORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the bulk send failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the bulk send did not end within " + ABORT_WAIT.toSeconds()
                    + " s of closing the client");
        }
    }

    /**
     * {@code {"total":…,"sent":…,"delivered":…,"offline":…,"unknown":…,"failed":…,"not_sent":…,"skipped":…,
     * "ambiguous":…,"failures":{reason:count},"stopped":false,"elapsed_ms":…}}: {@code total} is every recipient of the
     * file and equals the sum of the seven counts from {@code sent} to {@code skipped} ({@code skipped}: confirmed by an
     * earlier run with the same journal); {@code ambiguous} counts the recipients sent again that an earlier run may
     * already have reached; {@code failures} counts the failures file's lines by reason ({@code not_sent} included).
     */
    static String summaryLine(BulkSummary s, long notSent, boolean stopped) {
        Map<String, Long> byReason = new TreeMap<>(s.failuresByReason());
        if (notSent > 0) {
            byReason.merge(NOT_SENT, notSent, Long::sum);
        }
        return JsonLine.object(g -> {
            g.writeNumberField("total", s.total() + notSent);
            g.writeNumberField("sent", s.sent());
            g.writeNumberField("delivered", s.delivered());
            g.writeNumberField("offline", s.offline());
            g.writeNumberField("unknown", s.unknown());
            g.writeNumberField("failed", s.failed());
            g.writeNumberField("not_sent", notSent);
            g.writeNumberField("skipped", s.skipped());
            g.writeNumberField("ambiguous", s.ambiguous());
            g.writeObjectFieldStart("failures");
            for (Map.Entry<String, Long> e : byReason.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeBooleanField("stopped", stopped);
            g.writeNumberField("elapsed_ms", s.elapsed().toMillis());
        });
    }

    /**
     * {@code --failures-file}: one JSON line per recipient left without the message,
     * {@code {"to":…,"line":…,"reason":…,"error":…}} ({@code "channel"} instead of {@code "to"} for channels), written as
     * results arrive (failures) and at the end ({@code not_sent}). Error texts are redacted. A write error does not stop
     * the send; it is reported after the summary. Lines come from the bulk sender's threads one at a time.
     */
    static final class FailuresFile {
        private final Path path;
        private final BufferedWriter writer;
        private final Secrets secrets;
        private final String idField;
        private final java.util.function.Function<Object, String> idOf;
        private IOException error;

        private FailuresFile(Path path, BufferedWriter writer, Secrets secrets, String idField,
                             java.util.function.Function<Object, String> idOf) {
            this.path = path;
            this.writer = writer;
            this.secrets = secrets;
            this.idField = idField;
            this.idOf = idOf;
        }

        /** Creates (or truncates) the file now, so an unwritable path fails before anything is sent. */
        static FailuresFile create(Path path, Secrets secrets, String idField, java.util.function.Function<Object, String> idOf) {
            try {
                return new FailuresFile(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8), secrets, idField, idOf);
            } catch (IOException e) {
                throw new UsageException("--failures-file " + path + ": cannot write it (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            }
        }

        /** A failures file of peer messages ({@code "to"}). */
        static FailuresFile create(Path path, Secrets secrets) {
            return create(path, secrets, "to", m -> ((io.rtm.core.PeerMessage) m).to());
        }

        /** No failures file: lines are dropped (the summary still counts them). */
        static FailuresFile none(java.util.function.Function<Object, String> idOf) {
            return new FailuresFile(null, null, null, "to", idOf);
        }

        /** The recipient a message went to. */
        String idOf(Object message) {
            return idOf.apply(message);
        }

        synchronized void write(Recipients.Recipient to, String reason, Throwable error) {
            line(to, reason, Errors.text(error));
        }

        synchronized void writeNotSent(Recipients.Recipient to) {
            line(to, NOT_SENT, "not sent: the run was stopped before this recipient's turn");
        }

        private void line(Recipients.Recipient to, String reason, String errorText) {
            if (writer == null || error != null) {
                return;
            }
            try {
                writer.write(JsonLine.object(g -> {
                    g.writeStringField(idField, to.id());
                    g.writeNumberField("line", to.line());
                    g.writeStringField("reason", reason);
                    g.writeStringField("error", secrets.redact(errorText));
                }));
                writer.write('\n');
            } catch (IOException e) {
                error = e;
            }
        }

        synchronized void close() {
            if (writer == null) {
                return;
            }
            try {
                writer.close();
            } catch (IOException e) {
                if (error == null) {
                    error = e;
                }
            }
        }

        synchronized Optional<String> error() {
            return error == null ? Optional.empty()
                    : Optional.of("--failures-file " + path + ": writing failed (" + error.getMessage() + "); it is incomplete");
        }
    }
}
