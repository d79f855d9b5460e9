package io.rtm.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Body ownership: copied by default, adopted by {@code wrapBody}, never writable through the request. */
class HttpRequestTest {

    private static final URI URI_1 = URI.create("http://127.0.0.1/x");

    @Test
    void bodyCopiesTheArraySoLaterChangesDoNotLeakIn() {
        byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
        HttpRequest r = HttpRequest.builder().uri(URI_1).body(bytes).build();
        bytes[0] = 'z';
        assertThat(r.body()).containsExactly('a', 'b', 'c');
    }

    @Test
    void wrapBodyAdoptsTheArrayWithoutCopying() {
        byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
        HttpRequest r = HttpRequest.builder().uri(URI_1).wrapBody(bytes).build();
        bytes[0] = 'z'; // breaking the documented contract shows that nothing was copied
        assertThat(r.body()).containsExactly('z', 'b', 'c');
        assertThat(r.bodyLength()).isEqualTo(3);
    }

    @Test
    void readersGetCopiesOrReadOnlyViewsEvenOfAWrappedBody() {
        HttpRequest r = HttpRequest.builder().uri(URI_1).wrapBody(new byte[] {1, 2, 3}).build();
        r.body()[0] = 9;
        ByteBuffer view = r.bodyBuffer();
        assertThatThrownBy(() -> view.put(0, (byte) 9)).isInstanceOf(ReadOnlyBufferException.class);
        assertThat(r.body()).containsExactly(1, 2, 3);
        assertThat(r.withHeader("X", "y").body()).containsExactly(1, 2, 3);
    }

    @Test
    void anEmptyWrappedBodyIsNoBody() {
        HttpRequest r = HttpRequest.builder().uri(URI_1).wrapBody(new byte[0]).build();
        assertThat(r.bodyLength()).isZero();
        assertThat(r).isEqualTo(HttpRequest.builder().uri(URI_1).build());
    }
}
