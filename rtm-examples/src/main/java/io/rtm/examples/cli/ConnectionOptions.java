package io.rtm.examples.cli;

import io.rtm.core.Credentials;
import io.rtm.core.RetryPolicy;
import io.rtm.core.Rtm;
import io.rtm.core.RtmBuilder;
import io.rtm.core.error.RtmConfigurationException;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Connection options shared by every command that talks to a service. Each option also reads its
 * environment variable (see {@link RtmCli#ENVIRONMENT}); the command line wins.
 */
final class ConnectionOptions {

    @Option(names = "--endpoint", paramLabel = "URL", defaultValue = "https://api.agrtc.cn",
            description = "Service endpoint (env RTM_ENDPOINT; default ${DEFAULT-VALUE}).")
    String endpoint;

    @Option(names = "--app-id", paramLabel = "APP_ID", description = "App ID (env RTM_APP_ID).")
    String appId;

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key for Basic auth (env RTM_API_KEY).")
    String apiKey;

    @Option(names = "--api-secret", paramLabel = "SECRET", description = "API secret for Basic auth (env RTM_API_SECRET).")
    String apiSecret;

    @Option(names = "--token", paramLabel = "TOKEN", description = "RTM token for token auth (env RTM_TOKEN).")
    String token;

    @Option(names = "--uid", paramLabel = "UID", description = "The uid the token was generated for (env RTM_UID).")
    String uid;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Deadline of the whole call, retries included (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "3",
            description = "Most attempts per message, the first included; 1 = never retry (default ${DEFAULT-VALUE}).")
    int maxAttempts;

    /** A client builder for these options; errors name the missing option and its variable. */
    RtmBuilder builder() {
        if (appId == null || appId.isBlank()) {
            throw new RtmConfigurationException("--app-id (or RTM_APP_ID) is required");
        }
        boolean basic = apiKey != null || apiSecret != null;
        boolean tokenAuth = token != null || uid != null;
        if (basic && tokenAuth) {
            throw new RtmConfigurationException("give either --api-key/--api-secret or --token/--uid, not both");
        }
        Credentials credentials;
        if (basic) {
            if (apiKey == null || apiSecret == null) {
                throw new RtmConfigurationException("Basic auth needs both --api-key (RTM_API_KEY) and --api-secret (RTM_API_SECRET)");
            }
            credentials = Credentials.basic(apiKey, apiSecret);
        } else if (tokenAuth) {
            if (token == null || uid == null) {
                throw new RtmConfigurationException("token auth needs both --token (RTM_TOKEN) and --uid (RTM_UID)");
            }
            credentials = Credentials.token(uid, token);
        } else {
            throw new RtmConfigurationException("credentials are required: --api-key/--api-secret or --token/--uid "
                    + "(or RTM_API_KEY/RTM_API_SECRET, RTM_TOKEN/RTM_UID)");
        }
        if (timeoutSeconds <= 0) {
            throw new RtmConfigurationException("--timeout must be positive");
        }
        if (maxAttempts < 1) {
            throw new RtmConfigurationException("--max-attempts must be at least 1");
        }
        return Rtm.builder().endpoint(endpoint).appId(appId).credentials(credentials)
                .retryPolicy(maxAttempts == 1 ? RetryPolicy.none() : RetryPolicy.builder().maxAttempts(maxAttempts).build())
                .callTimeout(Duration.ofSeconds(timeoutSeconds))
                .responseTimeout(Duration.ofSeconds(timeoutSeconds))
                .userAgentSuffix("rtm-cli");
    }
}
