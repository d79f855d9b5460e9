package io.rtm.examples.cli;

import io.rtm.core.error.RtmException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The text of the CLI's error lines: {@code error: <what> [(see: rtm <command> --help)]}, always one line. */
final class Errors {

    private Errors() {
    }

    /** The error line for a command line picocli could not parse (or a check of ours on the parsed result). */
    static String parameterLine(ParameterException e) {
        CommandLine cl = e.getCommandLine();
        ParameterException first = e;
        // picocli checks required options before unknown ones: '--form alice' would read as a missing --from.
        List<String> unmatched = cl.getUnmatchedArguments();
        if (!(e instanceof UnmatchedArgumentException) && !unmatched.isEmpty()) {
            first = new UnmatchedArgumentException(cl, unmatched);
        }
        String message = stripPicocliPrefix(first.getMessage());
        if (first instanceof UnmatchedArgumentException u) {
            List<String> suggestions = suggestions(u);
            if (!suggestions.isEmpty()) {
                message += " (did you mean " + String.join(" or ", suggestions) + "?)";
            }
        }
        return usageLine(message, cl);
    }

    /**
     * Options of the command a typo or two away from the first unknown one ({@code --form}: {@code --from});
     * else picocli's own suggestions (options sharing its first letters, or similar command names).
     */
    static List<String> suggestions(UnmatchedArgumentException e) {
        String unknown = e.getUnmatched().isEmpty() ? "" : e.getUnmatched().get(0);
        int eq = unknown.indexOf('=');
        String name = eq > 0 ? unknown.substring(0, eq) : unknown;
        List<String> close = new ArrayList<>();
        // One typo for short names, two from six letters on: "--x" should not suggest "--to".
        int allowed = Math.max(1, Math.min(2, name.replaceFirst("^-+", "").length() / 3));
        if (name.startsWith("-")) {
            for (OptionSpec option : e.getCommandLine().getCommandSpec().options()) {
                for (String candidate : option.names()) {
                    if (candidate.startsWith("--") && typos(name, candidate) <= allowed && !close.contains(candidate)) {
                        close.add(candidate);
                    }
                }
            }
        }
        return close.isEmpty() ? e.getSuggestions() : close;
    }

    /** Edits (insert, delete, replace, swap two neighbours) between a and b: the optimal string alignment distance. */
    static int typos(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** {@code error: <message> (see: rtm <command> --help)}. */
    static String usageLine(String message, CommandLine cl) {
        return "error: " + oneLine(message) + " (see: " + cl.getCommandSpec().qualifiedName() + " --help)";
    }

    /** {@code error: <text of t>}. */
    static String errorLine(Throwable t) {
        return "error: " + text(t);
    }

    /** One line saying what went wrong: the SDK's own message, else the exception's type and message. */
    static String text(Throwable t) {
        String text = t instanceof RtmException || t instanceof UsageException ? t.getMessage() : t.toString();
        return oneLine(text == null ? t.getClass().getName() : text);
    }

    private static String stripPicocliPrefix(String message) {
        // Some picocli messages start with "Error: "; ours already start with "error: ".
        return message != null && message.startsWith("Error: ") ? message.substring("Error: ".length()) : String.valueOf(message);
    }

    private static String oneLine(String s) {
        return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
