package io.rtm.transport.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Request targets: raw path and query untouched, kept per URI, bounded, and bad URIs refused (never kept). */
class TargetCacheTest {

    private final TargetCache cache = new TargetCache();

    @Test
    void takesTheRawPathAndQueryAsTheyAre() {
        Exchange.Target t = cache.get(URI.create("HTTPS://Api.Example.test/dev/v2/project/a%2Fb/rtm/users/%2E%2E/peer_messages?wait_for_ack=true"));
        assertThat(t.requestTarget()).isEqualTo("/dev/v2/project/a%2Fb/rtm/users/%2E%2E/peer_messages?wait_for_ack=true");
        assertThat(t.host().getSchemeName()).isEqualTo("https");
        assertThat(t.host().getHostName()).isEqualToIgnoringCase("api.example.test");
        assertThat(cache.get(URI.create("http://[::1]:8080")).requestTarget()).isEqualTo("/");
        assertThat(cache.get(URI.create("http://[::1]:8080")).host().getHostName()).isEqualTo("::1");
    }

    @Test
    void keepsOneTargetPerUri() {
        URI uri = URI.create("http://127.0.0.1:8080/x");
        Exchange.Target first = cache.get(uri);
        assertThat(cache.get(uri)).isSameAs(first);
        assertThat(cache.get(URI.create("http://127.0.0.1:8080/x"))).isSameAs(first); // equal URI, other instance
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void staysBounded() {
        for (int i = 0; i < TargetCache.MAX_URIS * 2 + 3; i++) {
            assertThat(cache.get(URI.create("http://127.0.0.1:8080/u" + i)).requestTarget()).isEqualTo("/u" + i);
        }
        assertThat(cache.size()).isBetween(1, TargetCache.MAX_URIS);
    }

    @Test
    void refusesWhatIsNotAnAbsoluteHttpUriAndKeepsNothing() {
        assertThatThrownBy(() -> cache.get(URI.create("ftp://h/x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scheme was: ftp");
        assertThatThrownBy(() -> cache.get(URI.create("/relative"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scheme was: none");
        assertThat(cache.size()).isZero();
    }
}
