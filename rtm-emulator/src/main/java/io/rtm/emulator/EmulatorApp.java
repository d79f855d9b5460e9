package io.rtm.emulator;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One RTM project served by the emulator: its App ID, the Basic-auth key pair, and the App Certificate that
 * signs RTM tokens. Immutable. {@link #toString()} never shows the api secret or the certificate.
 *
 * @param appId          the App ID (the {@code {appid}} path segment; 32 hex characters)
 * @param apiKey         the Basic-auth api key (must not contain {@code ':'})
 * @param apiSecret      the Basic-auth api secret
 * @param appCertificate the App Certificate that RTM tokens are signed with (32 hex characters)
 */
public record EmulatorApp(String appId, String apiKey, String apiSecret, String appCertificate) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Checks that every part is present and usable. */
    public EmulatorApp {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiSecret, "apiSecret");
        Objects.requireNonNull(appCertificate, "appCertificate");
        if (appId.isEmpty() || apiKey.isEmpty() || apiSecret.isEmpty() || appCertificate.isEmpty()) {
            throw new IllegalArgumentException("appId, apiKey, apiSecret and appCertificate must not be empty");
        }
        if (!isHex32(appId) || !isHex32(appCertificate)) {
            throw new IllegalArgumentException("appId and appCertificate must each be 32 hex characters (RTM tokens need it)");
        }
        if (apiKey.indexOf(':') >= 0) {
            throw new IllegalArgumentException("apiKey must not contain ':' (Basic auth separates key and secret with it)");
        }
    }

    /** A new app with random credentials: App ID and certificate of 32 hex characters, random key and secret. */
    public static EmulatorApp generate() {
        return new EmulatorApp(randomHex(16), randomHex(16), randomHex(24), randomHex(16));
    }

    private static boolean isHex32(String s) {
        if (s.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The App ID and api key; the secret and the certificate are redacted. */
    @Override
    public String toString() {
        return "EmulatorApp{appId='" + appId + "', apiKey='" + apiKey + "', apiSecret=<redacted>, appCertificate=<redacted>}";
    }
}
