package io.rtm.compat.jpms;

import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.Rtm;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import java.net.URI;

/**
 * Sends one peer message and prints, one per line: the module rtm-core was loaded as, the modules of the plugins
 * the module system resolved, and the result ({@code <deliveryCode> <attempts>}).
 * Arguments: endpoint, App ID, to, payload; the API key and secret come from {@code RTM_API_KEY} and
 * {@code RTM_API_SECRET} (never on a command line).
 */
public final class SendFromModulePath {

    private SendFromModulePath() {
    }

    public static void main(String[] args) {
        System.out.println("core " + describe(Rtm.class.getModule()));
        for (String plugin : new String[] {"io.rtm.validation", "io.rtm.auth", "io.rtm.transport.httpclient",
                "io.rtm.ratelimit.redis"}) {
            System.out.println(plugin + " " + (ModuleLayer.boot().findModule(plugin).isPresent() ? "resolved" : "absent"));
        }
        try (RtmClient rtm = Rtm.builder()
                .endpoint(URI.create(args[0]))
                .appId(args[1])
                .credentials(Credentials.basic(System.getenv("RTM_API_KEY"), System.getenv("RTM_API_SECRET")))
                .build()) {
            SendResult result = rtm.sendPeer(PeerMessage.builder()
                    .from("alice").to(args[2]).payload(args[3]).waitForAck(true).build());
            System.out.println("sent " + result.deliveryCode() + " " + result.attempts());
        }
    }

    private static String describe(Module module) {
        if (!module.isNamed()) {
            return "unnamed";
        }
        return module.getName() + (module.getDescriptor().isAutomatic() ? " automatic" : " explicit");
    }
}
