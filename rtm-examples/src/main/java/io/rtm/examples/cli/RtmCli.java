package io.rtm.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code rtm} command line. Output contract: send commands print one JSON line on stdout (history and events one
 * per message or event); every
 * error is one line on stderr starting with {@code error: }, never containing a secret; exit codes in
 * {@link ExitCodes}. Every command explains itself with {@code -h}, {@code --help} or {@code rtm help <command>}.
 *
 * <p>Arguments are taken as written: there is no {@code @file} expansion ({@code --payload @bob} sends the text
 * {@code @bob}). One instance runs one command line; not thread-safe.
 */
@Command(name = "rtm", mixinStandardHelpOptions = true, versionProvider = RtmCli.Version.class,
        description = "Send RTM messages, run a local RTM emulator, and see it all work with 'rtm demo'.",
        subcommands = {HelpCommand.class, DemoCommand.class, SendPeerCommand.class, SendChannelCommand.class,
                HistoryCommand.class, HistoryCountCommand.class, EventsCommand.class, EmulatorCommand.class,
                ListenCommand.class, TokenCommand.class},
        footerHeading = "%nExample:%n",
        footer = {"  rtm demo", "", "'rtm help <command>' or 'rtm <command> --help' shows a command's options."})
public final class RtmCli implements Callable<Integer> {

    private static final String GUICE_BYTECODE_GEN = "guice_bytecode_gen_option";

    private final Map<String, String> env;
    private final InputStream in;
    private final PrintWriter out;
    private final PrintWriter err;
    private final StopSignal stop = new StopSignal();
    private Secrets secrets;

    @Spec
    CommandSpec spec;

    /**
     * A CLI reading this environment and standard input, and printing to these writers.
     *
     * @param env the environment ({@code RTM_*} variables)
     * @param in  standard input ({@code --payload -})
     * @param out standard output (results)
     * @param err standard error (errors, one line each)
     */
    /** The environment the CLI reads ({@code RTM_*} variables). */
    Map<String, String> env() {
        return env;
    }

    public RtmCli(Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err) {
        this.env = Map.copyOf(env);
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the CLI and exits with its code. On SIGTERM or Ctrl-C, a command that stops gracefully (a bulk send,
     * the emulator, a receiver) finishes and reports before the JVM exits with its code.
     */
    public static void main(String[] args) {
        // Guice 7.0.0 generates classes through sun.misc.Unsafe (a warning on Java 24+); the SDK needs none (no AOP).
        if (System.getProperty(GUICE_BYTECODE_GEN) == null) {
            System.setProperty(GUICE_BYTECODE_GEN, "DISABLED");
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        RtmCli cli = new RtmCli(System.getenv(), System.in, out, err);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cli.stop.onShutdown(() -> {
            out.flush();
            err.flush();
        }), "rtm-stop"));
        int code = cli.run(args);
        out.flush();
        err.flush();
        cli.stop.finished(code);
        System.exit(code);
    }

    InputStream in() {
        return in;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    /** The stop request of this run (SIGTERM, Ctrl-C; tests request it directly). */
    StopSignal stop() {
        return stop;
    }

    /** The secret values of this run, to redact from anything printed. */
    Secrets secrets() {
        return secrets;
    }

    /** Runs one command line; returns the exit code. */
    public int run(String... args) {
        CommandLine cl = new CommandLine(this);
        cl.setExpandAtFiles(false); // '@bob' is chat text, not a file to read
        cl.setOut(out);
        cl.setErr(err);
        EnvironmentDefaults defaults = new EnvironmentDefaults(env);
        cl.setDefaultValueProvider(defaults);
        secrets = Secrets.collect(cl.getCommandSpec(), args, env);
        cl.setParameterExceptionHandler((e, a) -> {
            err.println(secrets.redact(Errors.parameterLine(e)));
            return ExitCodes.INVALID;
        });
        cl.setExecutionStrategy(parsed -> {
            defaults.parsingDone();
            Secrets.refuseShortSecrets(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            String line = e instanceof UsageException ? Errors.usageLine(e.getMessage(), commandLine) : Errors.errorLine(e);
            err.println(secrets.redact(line));
            return ExitCodes.of(e);
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** {@code rtm} without a command. */
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The CLI's version for {@code --version}, from a resource written by the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rtm " + version()};
        }

        static String version() {
            try (InputStream in = RtmCli.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    return "unknown (no version.properties)";
                }
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
