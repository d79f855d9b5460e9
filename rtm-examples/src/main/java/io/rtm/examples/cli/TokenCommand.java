package io.rtm.examples.cli;

import io.rtm.auth.token.RtmTokenBuilder;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rtm token}: mints an RTM token (version 006). */
@Command(name = "token", sortOptions = false, showDefaultValues = true,
        description = "Print an RTM token (version 006) for a user.",
        footerHeading = "%nExample:%n",
        footer = "  rtm token --user alice --app-id <APP_ID> --app-certificate <CERT>")
final class TokenCommand implements Callable<Integer> {

    @ParentCommand
    RtmCli cli;

    @Mixin
    HelpOption help;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "The user (account) the token is for.")
    String user;

    @Option(names = "--expire-seconds", paramLabel = "N", defaultValue = "3600",
            description = "Seconds until the login privilege expires.")
    long expireSeconds;

    @Env("RTM_APP_ID")
    @Option(names = "--app-id", paramLabel = "APP_ID", description = "App ID, 32 hex characters (env RTM_APP_ID; required).")
    String appId;

    @Secret
    @Env("RTM_APP_CERTIFICATE")
    @Option(names = "--app-certificate", paramLabel = "CERT",
            description = "App certificate, 32 hex characters; never printed (env RTM_APP_CERTIFICATE; required).")
    String appCertificate;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        if (appId == null || appCertificate == null) {
            throw new UsageException("--app-id (RTM_APP_ID) and --app-certificate (RTM_APP_CERTIFICATE) are required");
        }
        if (expireSeconds <= 0) {
            throw new UsageException("--expire-seconds must be positive, got " + expireSeconds);
        }
        String token;
        try {
            token = RtmTokenBuilder.buildToken(appId, appCertificate, user, clock.instant().getEpochSecond() + expireSeconds);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        cli.out().println(token);
        return ExitCodes.OK;
    }
}
