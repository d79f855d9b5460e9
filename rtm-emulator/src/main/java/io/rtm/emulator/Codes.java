package io.rtm.emulator;

import io.rtm.core.Violation;

/** The {@code code} values and rule ids the emulator answers with; see the README of the module for the full table. */
final class Codes {

    static final String MESSAGE_SENT = "message_sent";
    static final String MESSAGE_DELIVERED = "message_delivered";
    static final String MESSAGE_OFFLINE = "message_offline";
    /** History: the result is ready. */
    static final String OK = "ok";
    /** History: not ready yet; wait 2 seconds and ask again (the published value has a space). */
    static final String IN_PROGRESS = "in progress";

    static final String NOT_FOUND = "not_found";
    static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    static final String UNKNOWN_APP = "unknown_app";
    static final String UNKNOWN_MESSAGE = "unknown_message";
    static final String QUERY_EXPIRED = "query_expired";
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
    static final String RULE_FORMAT = "format";
    static final String RULE_MIN_VALUE = "min_value";
    static final String RULE_NOT_AFTER_END_TIME = "not_after_end_time";
    static final String RULE_SOURCE_OR_DESTINATION = "source_or_destination";
    static final String RULE_SINGLE_VALUE = "single_value";

    private Codes() {
    }

    /** A path segment or query value that is not valid percent-encoded UTF-8. */
    static Violation badEncoding(String field) {
        return new Violation(field, RULE_PERCENT_ENCODING, "is not valid percent-encoded UTF-8");
    }
}
