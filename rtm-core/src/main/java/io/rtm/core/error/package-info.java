/**
 * The SDK's typed, unchecked errors. All extend {@link io.rtm.core.error.RtmException}, split into
 * {@link io.rtm.core.error.RtmClientException} (decided on this side) and {@link io.rtm.core.error.RtmServiceException}
 * (the service answered with an error status). Each says whether it is {@code retryable()}, whether the request
 * {@code mayHaveReachedService()} on any attempt, and its {@link io.rtm.core.error.Reason}. None carries a secret.
 */
package io.rtm.core.error;
