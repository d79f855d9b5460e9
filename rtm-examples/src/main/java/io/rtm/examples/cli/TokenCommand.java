package io.rtm.examples.cli;

import io.rtm.auth.token.RtmTokenBuilder;
import io.rtm.core.error.RtmConfigurationException;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rtm token}: mints an RTM token (version 006). */
@Command(name = "token", description = "Print an RTM token (version 006) for a user.")
final class TokenCommand implements Callable<Integer> {

    @ParentCommand
    RtmCli cli;

    @Option(names = "--app-id", paramLabel = "APP_ID", description = "App ID, 32 hex characters (env RTM_APP_ID).")
    String appId;

    @Option(names = "--app-certificate", paramLabel = "CERT", description = "App certificate, 32 hex characters (env RTM_APP_CERTIFICATE).")
    String appCertificate;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "The user (account) the token is for.")
    String user;

    @Option(names = "--expire-seconds", paramLabel = "N", defaultValue = "3600",
            description = "Seconds until the login privilege expires (default ${DEFAULT-VALUE}).")
    long expireSeconds;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        if (appId == null || appCertificate == null) {
            throw new RtmConfigurationException("--app-id (RTM_APP_ID) and --app-certificate (RTM_APP_CERTIFICATE) are required");
        }
        if (expireSeconds <= 0) {
            throw new RtmConfigurationException("--expire-seconds must be positive");
        }
        try {
            long expireTs = clock.instant().getEpochSecond() + expireSeconds;
            cli.out().println(RtmTokenBuilder.buildToken(appId, appCertificate, user, expireTs));
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            throw new RtmConfigurationException(e.getMessage(), e);
        }
    }
}
