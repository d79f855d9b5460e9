package io.rtm.core.internal;

import java.time.Duration;

/**
 * Work of a client that spans several calls and waits between them (a history page polled until ready, an event
 * poller): the client tells it when it begins to close, since a wait scheduled on its timer would otherwise never end.
 */
interface ClientTask {

    /**
     * The client is closing: new calls are refused from now on. Stop waiting; a call already in flight may finish
     * within the grace period (it is aborted after it). Called once, on the closing thread; must not block.
     */
    void clientClosing(Duration grace);
}
