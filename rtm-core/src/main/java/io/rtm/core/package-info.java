/**
 * The public API of rtm-java: {@link io.rtm.core.Rtm#builder()} builds an {@link io.rtm.core.RtmClient}
 * (blocking) or {@link io.rtm.core.RtmAsyncClient} (CompletableFuture) that sends
 * {@link io.rtm.core.PeerMessage}s and {@link io.rtm.core.ChannelMessage}s and returns
 * {@link io.rtm.core.SendResult}s or typed {@link io.rtm.core.error.RtmException}s.
 */
package io.rtm.core;
