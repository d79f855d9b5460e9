package io.rtm.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.rtm.core.spi.TraceConventions;

/** The attribute keys of the spans ({@link TraceConventions}' names, typed). */
final class Keys {

    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey(TraceConventions.MESSAGING_SYSTEM);
    static final AttributeKey<String> MESSAGING_OPERATION_NAME = AttributeKey.stringKey(TraceConventions.MESSAGING_OPERATION_NAME);
    static final AttributeKey<String> MESSAGING_OPERATION_TYPE = AttributeKey.stringKey(TraceConventions.MESSAGING_OPERATION_TYPE);
    static final AttributeKey<String> RTM_API = AttributeKey.stringKey(TraceConventions.RTM_API);
    static final AttributeKey<Long> RTM_ATTEMPTS = AttributeKey.longKey(TraceConventions.RTM_ATTEMPTS);
    static final AttributeKey<String> RTM_CODE = AttributeKey.stringKey(TraceConventions.RTM_CODE);
    static final AttributeKey<String> RTM_REQUEST_ID = AttributeKey.stringKey(TraceConventions.RTM_REQUEST_ID);
    static final AttributeKey<String> RTM_DELIVERY_CODE = AttributeKey.stringKey(TraceConventions.RTM_DELIVERY_CODE);
    static final AttributeKey<String> RTM_ERROR_REASON = AttributeKey.stringKey(TraceConventions.RTM_ERROR_REASON);
    static final AttributeKey<String> RTM_RETRY_REASON = AttributeKey.stringKey(TraceConventions.RTM_RETRY_REASON);
    static final AttributeKey<Double> RTM_RETRY_DELAY = AttributeKey.doubleKey(TraceConventions.RTM_RETRY_DELAY);
    static final AttributeKey<Double> RTM_RATE_LIMIT_WAIT = AttributeKey.doubleKey(TraceConventions.RTM_RATE_LIMIT_WAIT);

    static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey(TraceConventions.HTTP_REQUEST_METHOD);
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey(TraceConventions.SERVER_ADDRESS);
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey(TraceConventions.SERVER_PORT);
    static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey(TraceConventions.URL_TEMPLATE);
    static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = AttributeKey.longKey(TraceConventions.HTTP_RESPONSE_STATUS_CODE);
    static final AttributeKey<Long> HTTP_REQUEST_RESEND_COUNT = AttributeKey.longKey(TraceConventions.HTTP_REQUEST_RESEND_COUNT);
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey(TraceConventions.ERROR_TYPE);

    /** The semantic conventions' exception event attributes. */
    static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
    static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

    private Keys() {
    }
}
