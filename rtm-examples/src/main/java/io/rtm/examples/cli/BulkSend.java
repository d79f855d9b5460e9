package io.rtm.examples.cli;

import io.rtm.core.PeerMessage;
import io.rtm.core.bulk.BulkListener;
import io.rtm.core.bulk.BulkSender;
import io.rtm.core.bulk.BulkSummary;
import io.rtm.examples.cli.ConnectionOptions.Connection;
import java.io.BufferedWriter;
import java.io.IOException;
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

/**
 * One {@code send-peer --to-file} run: sends the template to every recipient through a {@link BulkSender},
 * writes one line per recipient left without the message to the failures file (when asked), and tells the
 * outcome in one summary line.
 *
 * <p>On a stop request (SIGTERM, Ctrl-C) it stops handing out recipients, lets the messages in flight finish
 * for up to the grace period, then closes the client (which fails those still in flight), and reports the
 * recipients never handed out as {@code not_sent}. Not thread-safe: one run per instance.
 */
final class BulkSend {

    /** Reason of a recipient the run never got to, in the failures file and the summary's {@code failures}. */
    static final String NOT_SENT = "not_sent";

    /** How long to wait for the client to fail what was in flight once it is closed. */
    private static final Duration ABORT_WAIT = Duration.ofSeconds(10);

    private final Connection connection;
    private final PeerMessage template;
    private final Recipients recipients;
    private final int maxInFlight;
    private final Duration grace;
    private final StopSignal stop;
    private final FailuresFile failures;

    BulkSend(Connection connection, PeerMessage template, Recipients recipients, int maxInFlight, Duration grace,
             StopSignal stop, FailuresFile failures) {
        this.connection = connection;
        this.template = template;
        this.recipients = recipients;
        this.maxInFlight = maxInFlight;
        this.grace = grace;
        this.stop = stop;
        this.failures = failures;
    }

    /** The outcome: the summary line and the exit code. */
    record Outcome(String summaryLine, int exitCode, Optional<String> failuresFileError) {
    }

    /** Runs the bulk send, blocking until it is over; {@code progress} hears each completed message. */
    Outcome run(BulkListener<PeerMessage> progress) throws InterruptedException {
        stop.stopsGracefully(grace.plus(ABORT_WAIT));
        // No recipient is handed out after a request: it stops them at once, on the requesting thread.
        stop.requested().thenRun(recipients::stop);
        BulkSender sender = BulkSender.builder(connection.client().async()).maxInFlight(maxInFlight).build();
        CompletableFuture<BulkSummary> run = sender.fanOut(template, recipients, (item, p) -> {
            item.error().ifPresent(error -> failures.write(recipients.get(item.index()), item.reason().orElse("other"), error));
            progress.onResult(item, p);
        });
        CompletableFuture.anyOf(run, stop.requested()).exceptionally(e -> null).join();
        if (!run.isDone()) {
            drainThenClose(run);
        }
        BulkSummary summary = summary(run);
        boolean stopped = recipients.stopped();
        for (Recipients.Recipient r : recipients.notTaken()) {
            failures.writeNotSent(r);
        }
        failures.close();
        long notSent = recipients.size() - summary.total();
        return new Outcome(summaryLine(summary, notSent, stopped), summary.failed() + notSent == 0 ? ExitCodes.OK : ExitCodes.PARTIAL,
                failures.error());
    }

    /**
     * Lets the messages in flight finish for up to the grace period, then the client aborts the rest (they may have
     * reached the service): the client's own graceful close.
     */
    private void drainThenClose(CompletableFuture<BulkSummary> run) {
        connection.close(grace);
    }

    private static BulkSummary summary(CompletableFuture<BulkSummary> run) throws InterruptedException {
        try {
            return run.get(ABORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the bulk send failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the bulk send did not end within " + ABORT_WAIT.toSeconds()
                    + " s of closing the client");
        }
    }

    /**
     * {@code {"total":…,"sent":…,"delivered":…,"offline":…,"unknown":…,"failed":…,"not_sent":…,
     * "failures":{reason:count},"stopped":false,"elapsed_ms":…}}: {@code total} is every recipient of the file and
     * equals the sum of the six counts before {@code failures}; {@code failures} counts the failures file's lines by
     * reason ({@code not_sent} included).
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
     * {@code {"to":…,"line":…,"reason":…,"error":…}}, written as results arrive (failures) and at the end
     * ({@code not_sent}). Error texts are redacted. A write error does not stop the send; it is reported after
     * the summary. Lines come from the bulk sender's threads one at a time.
     */
    static final class FailuresFile {
        private final Path path;
        private final BufferedWriter writer;
        private final Secrets secrets;
        private IOException error;

        private FailuresFile(Path path, BufferedWriter writer, Secrets secrets) {
            this.path = path;
            this.writer = writer;
            this.secrets = secrets;
        }

        /** Creates (or truncates) the file now, so an unwritable path fails before anything is sent. */
        static FailuresFile create(Path path, Secrets secrets) {
            try {
                return new FailuresFile(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8), secrets);
            } catch (IOException e) {
                throw new UsageException("--failures-file " + path + ": cannot write it (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            }
        }

        /** No failures file: lines are dropped (the summary still counts them). */
        static FailuresFile none() {
            return new FailuresFile(null, null, null);
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
                    g.writeStringField("to", to.id());
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
