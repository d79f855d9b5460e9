/**
 * User and channel events (SPEC-HISTORY-EVENTS "Events"): who logged in or out ({@link io.rtm.core.events.UserEvent})
 * and who joined or left a channel ({@link io.rtm.core.events.ChannelEvent}), fetched a batch at a time or by an
 * {@link io.rtm.core.events.EventPoller}.
 *
 * <p><b>Reading consumes.</b> A successful fetch removes the events it returns from the service (SPEC-HISTORY-EVENTS,
 * Decided 1). A reply lost on its way (a timeout or reset after the request was sent, a crash of this process before
 * the batch was handled) loses those events: the SDK never retries such a fetch (whatever the retry policy), fails it
 * with an error whose {@code mayHaveReachedService()} is true, and a poller logs it at WARN, counts it and tells its
 * listener. The service also keeps at most 2,000 events per kind and drops the oldest, so poll at least as fast as they
 * arrive. Events are cached per region: order across regions is not guaranteed, and another region may return events
 * already fetched.
 */
package io.rtm.core.events;
