package io.rtm.core.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.RequestOptions;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.error.RtmServiceException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.Sender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal: its exact records, resuming after a crash, refusing another job's file, torn and corrupt lines. */
class BulkJournalTest {

    private static final String JOB = "kind=peer;message=m1;recipients=r1";

    @TempDir
    Path dir;

    private static PeerMessage template() {
        return PeerMessage.builder().from("news").to("placeholder").payload("hello").build();
    }

    private static List<String> users(int n) {
        return IntStream.range(0, n).mapToObj(i -> "u" + i).toList();
    }

    private static SendResult sent() {
        return SendResult.of(200, "message_sent", "success", "r", 1);
    }

    /** Answers at once: "netN" with a connect failure (never reached the service), "failN" with a 500, others sent. */
    private static final class ImmediateSender implements Sender {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public CompletableFuture<SendResult> sendPeer(PeerMessage m, RequestOptions o) {
            seen.add(m.to());
            if (m.to().startsWith("net")) {
                return CompletableFuture.failedFuture(RtmTransportException.connectFailed("refused", null));
            }
            if (m.to().startsWith("fail")) {
                return CompletableFuture.failedFuture(RtmServiceException.builder(500).code("internal_error").message("boom")
                        .requestId("r").build());
            }
            return CompletableFuture.completedFuture(
                    m.to().startsWith("off") ? SendResult.of(200, "message_offline", null, "r", 1) : sent());
        }

        @Override
        public CompletableFuture<SendResult> sendChannel(ChannelMessage m, RequestOptions o) {
            return CompletableFuture.completedFuture(SendResult.of(200, "message sent", "success", "r", 1));
        }
    }

    /** Calls stay pending until the test completes them. */
    private static final class PendingSender implements Sender {
        final List<CompletableFuture<SendResult>> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public CompletableFuture<SendResult> sendPeer(PeerMessage m, RequestOptions o) {
            CompletableFuture<SendResult> f = new CompletableFuture<>();
            calls.add(f);
            return f;
        }

        @Override
        public CompletableFuture<SendResult> sendChannel(ChannelMessage m, RequestOptions o) {
            return sendPeer(null, o);
        }
    }

    @Test
    void recordsEachStartBeforeItsSendAndEachOutcomeExactly() throws IOException {
        Path file = dir.resolve("j");
        try (BulkJournal journal = BulkJournal.open(file, JOB)) {
            BulkSender.builder(new ImmediateSender()).maxInFlight(1).journal(journal).build()
                    .fanOut(template(), List.of("a", "net1", "off1", "fail1"))
                    .orTimeout(10, TimeUnit.SECONDS).join();
        }
        assertThat(Files.readString(file)).isEqualTo("""
                rtm-bulk-journal 1 kind=peer;message=m1;recipients=r1
                s 0
                o 0 message_sent
                s 1
                f 1 connect_failure n
                s 2
                o 2 message_offline
                s 3
                f 3 server_error m
                """);
    }

    @Test
    void aCodeWithASpaceIsRecordedAsOneField() throws IOException {
        Path file = dir.resolve("j");
        try (BulkJournal journal = BulkJournal.open(file, "channels")) {
            ChannelMessage t = ChannelMessage.builder().from("ops").channel("x").payload("p").build();
            BulkSender.builder(new ImmediateSender()).journal(journal).build().fanOut(t, List.of("c1"), null).join();
        }
        assertThat(Files.readAllLines(file)).containsExactly("rtm-bulk-journal 1 channels", "s 0", "o 0 message_sent");
    }

    @Test
    void aRunStartedAgainSkipsTheConfirmedResendsTheRestAndFlagsThoseInFlightAtTheCrash() throws IOException {
        Path file = dir.resolve("j");
        Path atCrash = dir.resolve("at-crash");
        List<String> recipients = users(10);
        PendingSender first = new PendingSender();
        try (BulkJournal journal = BulkJournal.open(file, JOB)) {
            CompletableFuture<BulkSummary> run = BulkSender.builder(first).maxInFlight(4).journal(journal).build()
                    .fanOut(template(), recipients);
            first.calls.get(0).complete(sent());
            first.calls.get(1).complete(sent());
            first.calls.get(2).completeExceptionally(RtmTransportException.connectFailed("refused", null));
            // u3..u6 in flight now; the process is killed: what is in the file is all that survives
            assertThat(first.calls).hasSize(7);
            Files.copy(file, atCrash);
            run.cancel(true);
        }

        ImmediateSender second = new ImmediateSender();
        try (BulkJournal journal = BulkJournal.open(atCrash, JOB)) {
            assertThat(journal.resumed()).isTrue();
            assertThat(journal.confirmedCount()).isEqualTo(2);
            assertThat(journal.ambiguous().boxed().toList()).containsExactly(3, 4, 5, 6);
            BulkSummary s = BulkSender.builder(second).journal(journal).build().fanOut(template(), recipients)
                    .orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(s.total()).isEqualTo(10);
            assertThat(s.skipped()).isEqualTo(2);
            assertThat(s.sent()).isEqualTo(8);
            assertThat(s.ambiguous()).isEqualTo(4);
        }
        assertThat(second.seen).as("never u0, u1 again").containsExactly("u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9");

        ImmediateSender third = new ImmediateSender();
        try (BulkJournal journal = BulkJournal.open(atCrash, JOB)) {
            assertThat(journal.confirmedCount()).isEqualTo(10);
            assertThat(journal.ambiguousCount()).isZero();
            BulkSummary s = BulkSender.builder(third).journal(journal).build().fanOut(template(), recipients).join();
            assertThat(s.skipped()).isEqualTo(10);
            assertThat(s.total()).isEqualTo(10);
        }
        assertThat(third.seen).as("a finished job sends nothing").isEmpty();
    }

    @Test
    void aFailureThatMayHaveReachedTheServiceIsAmbiguousOnTheNextRunAndOneThatCouldNotIsNot() {
        Path file = dir.resolve("j");
        try (BulkJournal journal = BulkJournal.open(file, JOB)) {
            BulkSender.builder(new ImmediateSender()).journal(journal).build()
                    .fanOut(template(), List.of("fail1", "net1", "ok")).join();
        }
        try (BulkJournal journal = BulkJournal.open(file, JOB)) {
            assertThat(journal.ambiguous().boxed().toList()).containsExactly(0);
            assertThat(journal.isConfirmed(2)).isTrue();
            assertThat(journal.isConfirmed(1)).isFalse();
            assertThat(journal.isAmbiguous(1)).isFalse();
        }
    }

    @Test
    void refusesAJournalOfAnotherJobNamingWhatDiffers() {
        Path file = dir.resolve("j");
        BulkJournal.open(file, JOB).close();
        assertThatThrownBy(() -> BulkJournal.open(file, "kind=peer;message=m1;recipients=r2"))
                .isInstanceOf(RtmConfigurationException.class)
                .hasMessage("bulk journal " + file + " belongs to another job (different: recipients): its indices would name "
                        + "other messages. Use a new journal file, or the inputs it was written for");
        assertThatThrownBy(() -> BulkJournal.open(file, "campaign-7"))
                .hasMessageContaining("(journal: kind=peer;message=m1;recipients=r1; this job: campaign-7)");
    }

    @Test
    void dropsATornLastLineAndAppendsAfterTheLastCompleteRecord() throws IOException {
        Path file = dir.resolve("j");
        Files.writeString(file, "rtm-bulk-journal 1 " + JOB + "\ns 0\no 0 message_sent\ns 1\no 1 mess");
        try (BulkJournal journal = BulkJournal.open(file, JOB)) {
            assertThat(journal.confirmedCount()).isEqualTo(1);
            assertThat(journal.ambiguous().boxed().toList()).containsExactly(1);
            journal.sent(1, "message_sent");
        }
        assertThat(Files.readString(file, StandardCharsets.US_ASCII))
                .isEqualTo("rtm-bulk-journal 1 " + JOB + "\ns 0\no 0 message_sent\ns 1\no 1 message_sent\n");
    }

    @Test
    void refusesALineThatIsNotARecordNamingItsLine() throws IOException {
        Path file = dir.resolve("j");
        Files.writeString(file, "rtm-bulk-journal 1 " + JOB + "\ns 0\nx 0\ns 1\n");
        assertThatThrownBy(() -> BulkJournal.open(file, JOB)).isInstanceOf(RtmConfigurationException.class)
                .hasMessage("bulk journal " + file + " line 3: 'x 0' is not a record; not a journal this SDK wrote (or it was edited)");
    }

    @Test
    void refusesAFileThatIsNotAJournal() throws IOException {
        Path file = dir.resolve("users.txt");
        Files.writeString(file, "alice\nbob\n");
        assertThatThrownBy(() -> BulkJournal.open(file, JOB)).isInstanceOf(RtmConfigurationException.class)
                .hasMessageContaining("line 1: it does not start with 'rtm-bulk-journal'");
        assertThat(Files.readString(file)).as("left as it was").isEqualTo("alice\nbob\n");
    }

    @Test
    void aJournalThatCannotBeWrittenStopsTheRunBeforeSendingAndSaysSo() {
        Path file = dir.resolve("j");
        BulkJournal journal = BulkJournal.open(file, JOB);
        journal.close();
        ImmediateSender sender = new ImmediateSender();
        CompletableFuture<BulkSummary> run = BulkSender.builder(sender).journal(journal).build().fanOut(template(), users(5));
        assertThatThrownBy(run::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the bulk send stopped after 0 messages: its journal could not be written");
        assertThat(sender.seen).isEmpty();
    }

    @Test
    void aJournalServesOneRunAtATime() {
        PendingSender sender = new PendingSender();
        try (BulkJournal journal = BulkJournal.open(dir.resolve("j"), JOB)) {
            BulkSender bulk = BulkSender.builder(sender).journal(journal).build();
            CompletableFuture<BulkSummary> first = bulk.fanOut(template(), users(3));
            assertThatThrownBy(() -> bulk.fanOut(template(), users(3)).join()).cause()
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("one bulk send at a time");
            first.cancel(true);
        }
    }

    @Test
    void rejectsAJobWithALineBreak() {
        assertThatThrownBy(() -> BulkJournal.open(dir.resolve("j"), "a\nb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a journal's job must be non-empty printable ASCII without line breaks");
    }
}
