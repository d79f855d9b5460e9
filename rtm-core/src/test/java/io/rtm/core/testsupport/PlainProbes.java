package io.rtm.core.testsupport;

import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.error.RtmException;

/** Probes {@link Isolated} runs in a class loader of its own; they never touch Guice. */
public final class PlainProbes {

    private PlainProbes() {
    }

    /** Whether Guice can be loaded, then the code of one message sent by a client built with Rtm.builder(). */
    public static String buildAndSendWithoutGuice() throws Exception {
        String guice;
        try {
            Class.forName("com.google.inject.Guice");
            guice = "guice present";
        } catch (ClassNotFoundException e) {
            guice = "no guice";
        }
        ScriptedTransport transport = new ScriptedTransport().respondSentForever();
        try (RtmAsyncClient client = Fixtures.builder(transport).buildAsync()) {
            return guice + "; " + client.sendPeer(Fixtures.peer()).get().code();
        }
    }

    /** The class and message of build()'s failure (or "built"). */
    public static String build() {
        try (RtmAsyncClient client = Fixtures.builder(new ScriptedTransport()).buildAsync()) {
            return "built: " + Rtm.version();
        } catch (RtmException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
