package io.rtm.examples.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Keeps credential values ({@link Secret} options, from the command line or their {@link Env} variables) out
 * of everything the CLI prints. Only whole values are redacted, and only values of at least
 * {@link #MIN_LENGTH} characters: replacing a shorter string would mangle ordinary text (a secret {@code e}
 * turned {@code error} into {@code <redacted>rror}) while leaving the secret guessable. Such short values
 * are refused before anything runs ({@link #refuseShortSecrets}): a real API secret, token or certificate is
 * far longer, so a short one is a mistake, and refusing it keeps the promise that secrets are never printed.
 */
final class Secrets {

    /** Shortest credential value the CLI accepts (and can therefore redact reliably). */
    static final int MIN_LENGTH = 8;
    /** What a redacted value becomes. */
    static final String MASK = "<redacted>";

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    /** The secret values in these arguments and this environment, for every secret option of the command tree. */
    static Secrets collect(CommandSpec root, String[] args, Map<String, String> env) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> variables = new LinkedHashSet<>();
        collectOptions(root, names, variables);
        Set<String> found = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            for (String name : names) {
                if (args[i].equals(name) && i + 1 < args.length) {
                    found.add(args[i + 1]);
                } else if (args[i].startsWith(name + "=")) {
                    found.add(args[i].substring(name.length() + 1));
                }
            }
        }
        for (String variable : variables) {
            String v = env.get(variable);
            if (v != null) {
                found.add(v);
            }
        }
        List<String> redactable = new ArrayList<>();
        for (String v : found) {
            if (v.length() >= MIN_LENGTH) {
                redactable.add(v);
            }
        }
        // Longest first, so a secret that contains another is replaced whole.
        redactable.sort(Comparator.comparingInt(String::length).reversed());
        return new Secrets(List.copyOf(redactable));
    }

    private static void collectOptions(CommandSpec spec, Set<String> names, Set<String> variables) {
        for (OptionSpec option : spec.options()) {
            if (EnvironmentDefaults.isSecret(option)) {
                names.addAll(List.of(option.names()));
                EnvironmentDefaults.variable(option).ifPresent(variables::add);
            }
        }
        for (CommandLine sub : spec.subcommands().values()) {
            collectOptions(sub.getCommandSpec(), names, variables);
        }
    }

    /** The text with every whole secret value replaced by {@link #MASK}. */
    String redact(String text) {
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        return out;
    }

    /**
     * Refuses any secret option of the commands about to run whose value (from the command line or the
     * environment) is shorter than {@link #MIN_LENGTH}; the message names the option and never the value.
     *
     * @throws CommandLine.ParameterException naming the option (and its variable when the value came from it)
     */
    static void refuseShortSecrets(ParseResult parsed) {
        List<CommandLine> commands = parsed.asCommandLineList();
        if (commands.stream().anyMatch(cl -> cl.isUsageHelpRequested() || cl.isVersionHelpRequested())) {
            return; // nothing runs: help and version use no secret
        }
        for (CommandLine cl : commands) {
            ParseResult own = cl.getParseResult();
            for (OptionSpec option : cl.getCommandSpec().options()) {
                if (!EnvironmentDefaults.isSecret(option) || !(option.getValue() instanceof String value)) {
                    continue;
                }
                if (value.length() < MIN_LENGTH) {
                    String source = own.hasMatchedOption(option) ? option.longestName()
                            : EnvironmentDefaults.variable(option).map(v -> v + " (for " + option.longestName() + ")")
                                    .orElse(option.longestName());
                    throw new CommandLine.ParameterException(cl, source + " is " + value.length() + " character"
                            + (value.length() == 1 ? "" : "s") + " long; secrets shorter than " + MIN_LENGTH
                            + " characters are refused, because they could not be kept out of messages reliably"
                            + " (real ones are much longer)");
                }
            }
        }
    }
}
