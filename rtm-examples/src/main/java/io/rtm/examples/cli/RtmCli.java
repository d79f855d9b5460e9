package io.rtm.examples.cli;

import io.rtm.core.error.RtmException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code rtm} command line. Output contract: send commands print one JSON line on stdout; every
 * error is one line on stderr starting with {@code error: }, never containing a secret; exit codes in
 * {@link ExitCodes}.
 */
@Command(name = "rtm", mixinStandardHelpOptions = true, versionProvider = RtmCli.Version.class,
        description = "Send RTM messages, run a local RTM emulator, and see it all work with 'rtm demo'.",
        subcommands = {DemoCommand.class, SendPeerCommand.class, SendChannelCommand.class, EmulatorCommand.class,
                ListenCommand.class, TokenCommand.class})
public final class RtmCli {

    /** Options that also read an environment variable. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "--endpoint", "RTM_ENDPOINT",
            "--app-id", "RTM_APP_ID",
            "--api-key", "RTM_API_KEY",
            "--api-secret", "RTM_API_SECRET",
            "--token", "RTM_TOKEN",
            "--uid", "RTM_UID",
            "--app-certificate", "RTM_APP_CERTIFICATE");

    private static final List<String> SECRET_OPTIONS = List.of("--api-secret", "--token", "--app-certificate");

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;

    /** A CLI reading this environment and printing to these writers. */
    public RtmCli(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
    }

    /** Runs the CLI and exits with its code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = new RtmCli(System.getenv(), out, err).run(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    Map<String, String> env() {
        return env;
    }

    /** Runs one command line; returns the exit code. */
    public int run(String... args) {
        List<String> secrets = secrets(args);
        CommandLine cl = new CommandLine(this);
        cl.setOut(out);
        cl.setErr(err);
        cl.setDefaultValueProvider(this::defaultValue);
        cl.setParameterExceptionHandler((e, a) -> {
            err.println(redact("error: " + e.getMessage() + " (see: " + qualified(e.getCommandLine()) + " --help)", secrets));
            return ExitCodes.INVALID;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = e instanceof RtmException ? e.getMessage() : e.toString();
            err.println(redact("error: " + oneLine(message), secrets));
            return ExitCodes.of(e);
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            String variable = ENVIRONMENT.get(option.longestName());
            if (variable != null) {
                String value = env.get(variable);
                if (value != null && !value.isEmpty()) {
                    return value;
                }
            }
            return option.defaultValue();
        }
        return arg.defaultValue();
    }

    private List<String> secrets(String[] args) {
        List<String> secrets = new ArrayList<>();
        for (String option : SECRET_OPTIONS) {
            String v = env.get(ENVIRONMENT.get(option));
            if (v != null && !v.isEmpty()) {
                secrets.add(v);
            }
        }
        for (int i = 0; i < args.length; i++) {
            for (String option : SECRET_OPTIONS) {
                if (args[i].equals(option) && i + 1 < args.length) {
                    secrets.add(args[i + 1]);
                } else if (args[i].startsWith(option + "=")) {
                    secrets.add(args[i].substring(option.length() + 1));
                }
            }
        }
        secrets.removeIf(String::isEmpty);
        return secrets;
    }

    private static String redact(String line, List<String> secrets) {
        String out = line;
        for (String s : secrets) {
            out = out.replace(s, "<redacted>");
        }
        return out;
    }

    private static String oneLine(String s) {
        return s == null ? "unexpected error" : s.replace('\n', ' ').replace('\r', ' ');
    }

    private static String qualified(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName();
    }

    /** The SDK version for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rtm " + io.rtm.core.Rtm.version()};
        }
    }
}
