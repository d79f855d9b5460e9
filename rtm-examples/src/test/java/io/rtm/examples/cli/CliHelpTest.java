package io.rtm.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every command explains itself: --help, -h and 'rtm help <command>' print its options, variables, defaults and an example. */
class CliHelpTest {

    static Stream<String> commands() {
        return Stream.of("demo", "send-peer", "send-channel", "history", "history-count", "events", "emulator", "listen", "token");
    }

    private static CommandSpec spec(String command) {
        CommandLine cl = new CommandLine(new RtmCli(Map.of(), java.io.InputStream.nullInputStream(),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
        return cl.getSubcommands().get(command).getCommandSpec();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpExits0AndListsEveryOptionWithItsVariableDefaultAndAnExample(String command) {
        CliRun run = new CliRun(Map.of());
        assertThat(run.run(command, "--help")).isEqualTo(0);
        String help = run.out().replaceAll("\\s+", " "); // as read, whatever the line wrapping
        assertThat(run.err()).isEmpty();
        assertThat(help).startsWith("Usage: rtm " + command + " ").contains("-h, --help", "Example", " rtm " + command);
        for (OptionSpec option : spec(command).options()) {
            assertThat(help).as(option.longestName()).contains(option.longestName() + (option.arity().max() > 0 ? "=" : ""));
            EnvironmentDefaults.variable(option).ifPresent(v -> assertThat(help).as(option.longestName()).contains("env " + v));
            if (option.defaultValue() != null) {
                assertThat(help).as(option.longestName()).contains("Default: " + option.defaultValue());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void dashHAndHelpCommandPrintTheSameHelp(String command) {
        CliRun long_ = new CliRun(Map.of());
        CliRun short_ = new CliRun(Map.of());
        CliRun helpCommand = new CliRun(Map.of());
        assertThat(long_.run(command, "--help")).isEqualTo(0);
        assertThat(short_.run(command, "-h")).isEqualTo(0);
        assertThat(helpCommand.run("help", command)).isEqualTo(0);
        assertThat(short_.out()).isEqualTo(long_.out());
        assertThat(helpCommand.out()).isEqualTo(long_.out());
    }

    @Test
    void helpWinsOverMissingRequiredOptions() {
        CliRun run = new CliRun(Map.of());
        assertThat(run.run("send-peer", "--from", "alice", "--help")).isEqualTo(0);
        assertThat(run.out()).startsWith("Usage: rtm send-peer ");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void topLevelHelpListsEveryCommandAndHowToGetItsHelp() {
        CliRun run = new CliRun(Map.of());
        assertThat(run.run("--help")).isEqualTo(0);
        assertThat(run.out()).contains("help", "'rtm help <command>' or 'rtm <command> --help'");
        commands().forEach(c -> assertThat(run.out()).contains("  " + c + " "));
        CliRun bare = new CliRun(Map.of());
        assertThat(bare.run("help")).isEqualTo(0);
        assertThat(bare.out()).isEqualTo(run.out());
    }

    @Test
    void helpShowsBuiltInDefaultsNeverValuesFromTheEnvironment() {
        CliRun run = new CliRun(environmentWithEveryVariable());
        assertThat(run.run("send-peer", "--help")).isEqualTo(0);
        assertThat(run.out()).contains("Default: https://api.agrtc.cn").doesNotContain(CliTest.SECRET)
                .doesNotContain("http://127.0.0.1:1234").doesNotContain("jdk-from-env");
    }

    private static Map<String, String> environmentWithEveryVariable() {
        return Map.of("RTM_ENDPOINT", "http://127.0.0.1:1234", "RTM_APP_ID", CliTest.APP.appId(), "RTM_API_KEY", "k",
                "RTM_API_SECRET", CliTest.SECRET, "RTM_TRANSPORT", "jdk-from-env", "RTM_TOKEN", CliTest.SECRET + "-token");
    }

    @Test
    void helpIsShownEvenWhenTheEnvironmentHoldsAShortSecret() {
        CliRun run = new CliRun(Map.of("RTM_API_SECRET", "e"));
        assertThat(run.run("send-peer", "--help")).isEqualTo(0);
        assertThat(run.out()).startsWith("Usage: rtm send-peer ");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void anOptionReadsAVariableExactlyWhenItsHelpNamesIt() {
        List<String> checked = new ArrayList<>();
        commands().forEach(command -> {
            for (OptionSpec option : spec(command).options()) {
                String description = String.join(" ", option.description());
                var variable = EnvironmentDefaults.variable(option);
                if (variable.isPresent()) {
                    assertThat(description).as(command + " " + option.longestName()).contains("(env " + variable.get());
                    checked.add(command + " " + option.longestName());
                } else {
                    assertThat(description).as(command + " " + option.longestName()).doesNotContain("env RTM_");
                }
            }
        });
        assertThat(checked).contains("send-peer --api-secret", "send-channel --endpoint", "listen --app-id",
                "token --app-certificate", "send-peer --transport", "history --app-id", "history-count --token",
                "events --api-key");
    }

    @Test
    void theEmulatorReadsNoEnvironmentVariables() {
        assertThat(spec("emulator").options()).noneMatch(o -> EnvironmentDefaults.variable(o).isPresent());
    }
}
