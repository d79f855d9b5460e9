package io.rtm.examples.cli;

/**
 * The command line itself is wrong (a missing, conflicting or invalid option), found before anything is
 * sent. Printed as one {@code error:} line that points to the command's {@code --help}; exit code 2.
 */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message, null, false, false);
    }
}
