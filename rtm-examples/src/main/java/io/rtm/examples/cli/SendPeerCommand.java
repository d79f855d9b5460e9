package io.rtm.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.rtm.core.PeerMessage;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import io.rtm.core.bulk.BulkSender;
import io.rtm.core.bulk.BulkSummary;
import io.rtm.core.error.RtmConfigurationException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code rtm send-peer}: one peer-to-peer message (one JSON result line), or one payload to every user
 * listed in a file ({@code --to-file}: a progress bar on a terminal, then one JSON summary line).
 */
@Command(name = "send-peer", description = "Send a peer-to-peer message (or one to every user of --to-file); prints one JSON line.")
final class SendPeerCommand implements Callable<Integer> {

    private static final JsonFactory JSON = new JsonFactory();

    @ParentCommand
    RtmCli cli;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--from", required = true, paramLabel = "USER", description = "Sending user ID.")
    String from;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Recipients recipients;

    static final class Recipients {
        @Option(names = "--to", paramLabel = "USER", description = "Receiving user ID.")
        String to;

        @Option(names = "--to-file", paramLabel = "FILE", description = "A file with one receiving user ID per line (blank lines and lines starting with # are skipped).")
        Path toFile;
    }

    @Option(names = "--payload", required = true, paramLabel = "TEXT", description = "Message text (≤ 32,768 UTF-8 bytes).")
    String payload;

    @Option(names = "--wait-for-ack", description = "Wait until the receiver acknowledges (message_delivered / message_offline).")
    boolean waitForAck;

    @Option(names = "--offline", description = "Store the message if the receiver is offline.")
    boolean offline;

    @Option(names = "--history", description = "Keep the message as history.")
    boolean history;

    @Option(names = "--max-in-flight", defaultValue = "64", paramLabel = "N", description = "With --to-file: most messages in flight (default ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Override
    public Integer call() throws Exception {
        PeerMessage.Builder message = PeerMessage.builder().from(from).payload(payload)
                .waitForAck(waitForAck).offline(offline).history(history);
        if (recipients.toFile != null) {
            return bulk(message.to("-").build());
        }
        PeerMessage m = message.to(recipients.to).build();
        try (RtmClient rtm = connection.builder().build()) {
            SendResult r = rtm.sendPeer(m);
            cli.out().println(JsonLine.of(r));
            return ExitCodes.OK;
        }
    }

    private int bulk(PeerMessage template) throws Exception {
        List<String> users = readUsers(recipients.toFile);
        if (maxInFlight < 1) {
            throw new RtmConfigurationException("--max-in-flight must be at least 1");
        }
        try (RtmClient rtm = connection.builder().build()) {
            BulkSender bulk = BulkSender.builder(rtm.async()).maxInFlight(maxInFlight).build();
            BulkSummary summary;
            if (System.console() != null) {
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName("send-peer").setInitialMax(users.size())
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" msg", 1).continuousUpdate().build()) {
                    summary = bulk.fanOut(template, users, (item, progress) -> bar.stepTo(progress.completed())).get();
                }
            } else {
                summary = bulk.fanOut(template, users).get();
            }
            cli.out().println(summaryJson(summary));
            return summary.failed() == 0 ? ExitCodes.OK : ExitCodes.PARTIAL;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private static List<String> readUsers(Path file) {
        try {
            List<String> users = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .collect(Collectors.toList());
            if (users.isEmpty()) {
                throw new RtmConfigurationException("--to-file " + file + " lists no user");
            }
            return users;
        } catch (NoSuchFileException e) {
            throw new RtmConfigurationException("--to-file " + file + ": no such file");
        } catch (IOException e) {
            throw new RtmConfigurationException("--to-file " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code {"total":…,"sent":…,"delivered":…,"offline":…,"unknown":…,"failed":…,"failures":{reason:count},"elapsed_ms":…}}. */
    static String summaryJson(BulkSummary s) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("total", s.total());
            g.writeNumberField("sent", s.sent());
            g.writeNumberField("delivered", s.delivered());
            g.writeNumberField("offline", s.offline());
            g.writeNumberField("unknown", s.unknown());
            g.writeNumberField("failed", s.failed());
            g.writeObjectFieldStart("failures");
            for (Map.Entry<String, Long> e : new java.util.TreeMap<>(s.failuresByReason()).entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("elapsed_ms", s.elapsed().toMillis());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
