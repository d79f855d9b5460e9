package io.rtm.examples.cli;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help} for a command: prints its help (options, environment variables, defaults, an example); exit 0. */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
