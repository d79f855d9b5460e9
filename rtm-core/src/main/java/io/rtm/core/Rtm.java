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
}
