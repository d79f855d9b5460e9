package io.rtm.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.emulator.RtmEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The payload is sent exactly as given or read: no @-file expansion, files and stdin as strict UTF-8, errors naming the source. */
class CliPayloadTest {

    private static RtmEmulator emulator;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        emulator = RtmEmulator.builder().app(CliTest.APP).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
    }

    private Map<String, String> env() {
        return CliTest.env(emulator);
    }

    private String sentPayload() {
        return emulator.accepted(CliTest.APP.appId()).get(0).payload();
    }

    private long requests() {
        return emulator.stats(CliTest.APP.appId()).requests();
    }

    @Test
    void atSignPayloadIsSentLiterallyEvenWhenAFileOfThatNameExists() throws Exception {
        Path bob = Files.writeString(dir.resolve("bob"), "the file's contents");
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--payload", "@" + bob)).isEqualTo(0);
        assertThat(sentPayload()).isEqualTo("@" + bob);
    }

    @Test
    void mentionWithSpacesIsOneArgumentSentAsIs() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--payload", "@alice see you")).isEqualTo(0);
        assertThat(sentPayload()).isEqualTo("@alice see you");
    }

    @Test
    void payloadFileIsSentByteForByteFinalNewlineIncluded() throws Exception {
        Path file = Files.writeString(dir.resolve("note.txt"), "héllo 你好\nsecond line\n", StandardCharsets.UTF_8);
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--payload-file", file.toString())).isEqualTo(0);
        assertThat(sentPayload()).isEqualTo("héllo 你好\nsecond line\n");
    }

    @Test
    void dashReadsThePayloadFromStandardInput() {
        CliRun run = new CliRun(env(), "from stdin ✓\n");
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--payload", "-")).isEqualTo(0);
        assertThat(sentPayload()).isEqualTo("from stdin ✓\n");
    }

    @Test
    void equalsDashReadsStandardInputToo() {
        CliRun run = new CliRun(env(), "piped");
        assertThat(run.run("send-channel", "--from", "alice", "--channel", "lobby", "--payload=-")).isEqualTo(0);
        assertThat(sentPayload()).isEqualTo("piped");
    }

    @Test
    void aLiteralDashIsSentFromAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("dash.txt"), "-");
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--payload-file", file.toString())).isEqualTo(0);
        assertThat(sentPayload()).isEqualTo("-");
    }

    @Test
    void payloadFileOfExactly32768BytesIsSent() throws Exception {
        Path file = Files.writeString(dir.resolve("max.txt"), "a".repeat(32_768));
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--payload-file", file.toString())).isEqualTo(0);
        assertThat(sentPayload()).hasSize(32_768);
    }

    @Test
    void payloadFileOver32768Utf8BytesIsExit2NamingTheFileAndNothingIsSent() throws Exception {
        Path file = Files.writeString(dir.resolve("big.txt"), "a".repeat(32_767) + "é");
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--payload-file", file.toString())).isEqualTo(2);
        assertThat(CliTest.oneErrorLine(run)).startsWith("error: invalid message: payload (max_utf8_bytes): read from --payload-file "
                + file + ": ");
        assertThat(requests()).isZero();
    }

    @Test
    void bulkSendWithAnOversizedPayloadFileIsOneErrorBeforeAnythingIsSent() throws Exception {
        Path file = Files.writeString(dir.resolve("big.txt"), "a".repeat(40_000));
        Path users = Files.writeString(dir.resolve("users.txt"), "u1\nu2\nu3\n");
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "news", "--to-file", users.toString(), "--payload-file", file.toString()))
                .isEqualTo(2);
        assertThat(CliTest.oneErrorLine(run)).startsWith("error: invalid message: payload (max_utf8_bytes): read from --payload-file "
                + file + ": ");
        assertThat(requests()).isZero();
    }

    @Test
    void payloadFileThatIsNotUtf8IsExit2NamingTheFileAndTheOffset() throws Exception {
        Path file = Files.write(dir.resolve("latin1.txt"), new byte[] {'o', 'k', ' ', (byte) 0xE9, 't', 'e'});
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--payload-file", file.toString())).isEqualTo(2);
        assertThat(CliTest.oneErrorLine(run)).isEqualTo("error: --payload-file " + file + " is not valid UTF-8: malformed byte "
                + "sequence at byte offset 3 (see: rtm send-peer --help)");
        assertThat(requests()).isZero();
    }

    @Test
    void standardInputThatIsNotUtf8IsExit2() {
        CliRun run = new CliRun(env(), new byte[] {(byte) 0xFF});
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--payload", "-")).isEqualTo(2);
        assertThat(CliTest.oneErrorLine(run)).isEqualTo("error: standard input (--payload -) is not valid UTF-8: malformed byte "
                + "sequence at byte offset 0 (see: rtm send-peer --help)");
    }

    @Test
    void missingPayloadFileIsExit2() {
        CliRun run = new CliRun(env());
        Path missing = dir.resolve("nope.txt");
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--payload-file", missing.toString())).isEqualTo(2);
        assertThat(CliTest.oneErrorLine(run)).isEqualTo("error: --payload-file " + missing + ": no such file (see: rtm send-peer --help)");
    }

    @Test
    void payloadFileDashPointsToStandardInput() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--payload-file", "-")).isEqualTo(2);
        assertThat(CliTest.oneErrorLine(run)).isEqualTo(
                "error: --payload-file -: no such file (to read standard input, use --payload -) (see: rtm send-peer --help)");
    }

    @Test
    void payloadAndPayloadFileTogetherIsAUsageError() throws Exception {
        Path file = Files.writeString(dir.resolve("note.txt"), "x");
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--payload", "x", "--payload-file", file.toString()))
                .isEqualTo(2);
        assertThat(CliTest.oneErrorLine(run)).isEqualTo("error: --payload=TEXT, --payload-file=FILE are mutually exclusive "
                + "(specify only one) (see: rtm send-peer --help)");
    }

    @Test
    void inputOverOneMebibyteIsRefusedWithoutReadingItAll() {
        CliRun run = new CliRun(env(), new byte[PayloadSource.MAX_INPUT_BYTES + 1]);
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--payload", "-")).isEqualTo(2);
        assertThat(CliTest.oneErrorLine(run)).isEqualTo("error: standard input (--payload -) is over 1048576 bytes; "
                + "a payload is at most 32768 UTF-8 bytes (see: rtm send-peer --help)");
    }
}
