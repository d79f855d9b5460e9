/**
 * The SDK's typed, unchecked errors. All extend {@link io.rtm.core.error.RtmException}; none carries a secret.
 */
package io.rtm.core.error;
