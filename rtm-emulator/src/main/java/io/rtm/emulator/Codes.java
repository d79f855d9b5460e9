package io.rtm.emulator;

/** The {@code code} values the emulator answers with; see the README of the module for the full table. */
final class Codes {

    static final String MESSAGE_SENT = "message_sent";
    static final String MESSAGE_DELIVERED = "message_delivered";
    static final String MESSAGE_OFFLINE = "message_offline";

    static final String NOT_FOUND = "not_found";
    static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    static final String UNKNOWN_APP = "unknown_app";
    static final String UNKNOWN_MESSAGE = "unknown_message";
    static final String MISSING_CREDENTIALS = "missing_credentials";
    static final String INVALID_CREDENTIALS = "invalid_credentials";
    static final String UID_MISMATCH = "uid_mismatch";
    static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    static final String MALFORMED_JSON = "malformed_json";
    static final String MALFORMED_REQUEST = "malformed_request";
    static final String INVALID_PARAMETER = "invalid_parameter";
    static final String RATE_LIMITED = "rate_limited";
    static final String ACK_TIMEOUT = "ack_timeout";
    static final String TIMEOUT = "timeout";
    static final String INTERNAL_ERROR = "internal_error";

    /** Rule ids the emulator adds to those of rtm-validation. */
    static final String RULE_TYPE = "type";
    static final String RULE_PERCENT_ENCODING = "percent_encoding";
    static final String RULE_ALLOWED_VALUES = "allowed_values";

    private Codes() {
    }
}
