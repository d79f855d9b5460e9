package io.rtm.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One in-process run of the CLI: its environment and standard input, and what it printed. */
final class CliRun {

    final RtmCli cli;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    CliRun(Map<String, String> env) {
        this(env, new byte[0]);
    }

    CliRun(Map<String, String> env, byte[] stdin) {
        cli = new RtmCli(env, new ByteArrayInputStream(stdin), new PrintWriter(out), new PrintWriter(err));
    }

    CliRun(Map<String, String> env, String stdin) {
        this(env, stdin.getBytes(StandardCharsets.UTF_8));
    }

    int run(String... args) {
        return cli.run(args);
    }

    String out() {
        return out.toString();
    }

    List<String> outLines() {
        return out.toString().lines().toList();
    }

    String err() {
        return err.toString();
    }

    List<String> errLines() {
        return err.toString().lines().toList();
    }
}
