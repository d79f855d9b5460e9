package io.rtm.core;

/**
 * Entry point of the SDK.
 *
 * <pre>{@code
 * RtmClient rtm = Rtm.builder()
 *         .appId("<App ID>")
 *         .credentials(Credentials.basic("<api key>", "<api secret>"))
 *         .build();
 * }</pre>
 */
public final class Rtm {

    private Rtm() {
    }

    /** A builder for {@link RtmClient} and {@link RtmAsyncClient}. */
    public static RtmBuilder builder() {
        return new RtmBuilder();
    }

    /** This SDK's version, e.g. {@code 0.1.0} ({@code unknown} when the jar lost its version file). */
    public static String version() {
        return SdkVersion.version();
    }
}
