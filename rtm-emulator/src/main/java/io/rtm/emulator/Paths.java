package io.rtm.emulator;

/** The path prefixes of the emulator's HTTP API. */
final class Paths {

    /** The service's base path: {@code https://api.agrtc.cn/dev/v2/project/<appid>} (SPEC.md). */
    static final String SERVICE = "/dev/v2/project/{appid}";
    /** The emulator's own endpoints (receivers, acks), which the real service does not have. */
    static final String EMULATOR = "/emulator/v1/apps/{appid}";

    private Paths() {
    }
}
