package io.rtm.validation;

/** Which set of ID rules an {@link RtmValidator} applies. */
public enum Profile {

    /** Exactly the SPEC rules: user IDs and channel names may contain spaces (not at the edges of a path user ID). */
    STANDARD,

    /**
     * The SPEC rules plus: no space anywhere in a user ID, destination or channel name (rule {@code no_space}),
     * because IDs with a space cannot interoperate with the legacy signaling SDK.
     */
    SIGNALING_INTEROP
}
