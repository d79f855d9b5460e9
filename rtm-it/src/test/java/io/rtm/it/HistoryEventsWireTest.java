package io.rtm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtm.core.Credentials;
import io.rtm.core.RetryPolicy;
import io.rtm.core.Rtm;
import io.rtm.core.RtmClient;
import io.rtm.core.error.RtmValidationException;
import io.rtm.core.history.HistoryFilter;
import io.rtm.core.history.HistoryOrder;
import io.rtm.core.history.HistoryQuery;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The history and events operations of the assembled SDK (discovered HttpClient 5 transport, rtm-validation, rtm-auth)
 * against a real recording HTTP server on loopback: method, raw path, raw query, headers and body bytes exactly.
 */
class HistoryEventsWireTest {

    private static final String APP_ID = "0123456789abcdef0123456789abcdef";
    private static final String BASE = "/dev/v2/project/" + APP_ID + "/rtm";
    private static final String BASIC = "Basic a2V5LTE6czNjcjN0";
    private static final Instant START = Instant.parse("2019-08-01T01:22:10Z");
    private static final Instant END = Instant.parse("2019-08-01T01:32:10Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RecordingServer.Answer CREATED = RecordingServer.Answer.json(200,
            "{\"result\":\"success\",\"offset\":0,\"limit\":20,\"order\":\"asc\",\"location\":\"~/rtm/message/history/query/q-1x7f\"}");
    private static final RecordingServer.Answer EMPTY_PAGE = RecordingServer.Answer.json(200,
            "{\"result\":\"success\",\"code\":\"ok\",\"messages\":[]}");

    private RecordingServer server;
    private RtmClient rtm;

    @BeforeEach
    void start() throws IOException {
        server = new RecordingServer();
        rtm = client(Credentials.basic("key-1", "s3cr3t"));
    }

    @AfterEach
    void stop() {
        rtm.close();
        server.close();
    }

    private RtmClient client(Credentials credentials) {
        return Rtm.builder().endpoint(server.endpoint()).appId(APP_ID).credentials(credentials).retryPolicy(RetryPolicy.none())
                .responseTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(10)).build();
    }

    static List<String> validIds() throws IOException {
        try (InputStream in = HistoryEventsWireTest.class.getResourceAsStream("/vectors/ids.json")) {
            List<String> out = new ArrayList<>();
            JSON.readTree(in).get("valid").forEach(n -> out.add(n.asText()));
            return out;
        }
    }

    private static void assertGetWithoutBody(RecordingServer.Recorded r) {
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.body()).isEmpty();
        assertThat(r.header("Content-Type")).isEmpty();
        assertThat(r.header("Content-Length")).isIn(List.of(), List.of("0"));
        assertThat(r.header("Accept")).containsExactly("application/json");
        assertThat(r.header("Authorization")).containsExactly(BASIC);
        assertThat(r.header("User-Agent")).singleElement().asString().matches("rtm-java/\\S+ \\(Java [^;]+; [^)]+\\)");
    }

    @Test
    void aHistoryQueryPostsTheExactBodyThenGetsItsHandle() throws Exception {
        server.enqueue(CREATED, EMPTY_PAGE);
        rtm.history().page(HistoryQuery.builder(HistoryFilter.builder().source("alice").destination("bob").start(START).end(END)
                .build()).offset(40).limit(100).order(HistoryOrder.DESC).build());

        RecordingServer.Recorded post = server.take();
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.rawPath()).isEqualTo(BASE + "/message/history/query");
        assertThat(post.rawQuery()).isNull();
        assertThat(new String(post.body(), StandardCharsets.UTF_8)).isEqualTo("{\"filter\":{\"source\":\"alice\",\"destination\":\"bob\","
                + "\"start_time\":\"2019-08-01T01:22:10Z\",\"end_time\":\"2019-08-01T01:32:10Z\"},\"offset\":40,\"limit\":100,\"order\":\"desc\"}");
        assertThat(post.header("Content-Type")).containsExactly("application/json;charset=utf-8");
        assertThat(post.header("Content-Length")).containsExactly(String.valueOf(post.body().length));
        assertThat(post.header("Accept")).containsExactly("application/json");
        assertThat(post.header("Authorization")).containsExactly(BASIC);

        RecordingServer.Recorded get = server.take();
        assertGetWithoutBody(get);
        assertThat(get.rawPath()).isEqualTo(BASE + "/message/history/query/q-1x7f");
        assertThat(get.rawQuery()).isNull();
        assertThat(server.received()).isZero();
    }

    @Test
    void aCountSendsTheFilterAsPercentEncodedQueryComponents() throws Exception {
        server.enqueue(RecordingServer.Answer.json(200, "{\"result\":\"success\",\"code\":\"ok\",\"count\":7}"));
        assertThat(rtm.history().count(HistoryFilter.builder().source("a b+c%d&e=f").destination("#lobby?").start(START)
                .end(END).build())).isEqualTo(7);

        RecordingServer.Recorded get = server.take();
        assertGetWithoutBody(get);
        assertThat(get.rawPath()).isEqualTo(BASE + "/message/history/count");
        assertThat(get.rawQuery()).isEqualTo("source=a%20b%2Bc%25d%26e%3Df&destination=%23lobby%3F"
                + "&start_time=2019-08-01T01%3A22%3A10Z&end_time=2019-08-01T01%3A32%3A10Z");
    }

    @ParameterizedTest
    @MethodSource("validIds")
    void everyValidIdArrivesExactlyAsQueryFilterAndCountParameter(String id) throws Exception {
        server.enqueue(CREATED, EMPTY_PAGE, RecordingServer.Answer.json(200, "{\"result\":\"success\",\"code\":\"ok\",\"count\":0}"));
        HistoryFilter f = HistoryFilter.builder().source(id).destination(id).start(START).end(END).build();
        rtm.history().page(HistoryQuery.of(f));
        rtm.history().count(f);

        var body = JSON.readTree(server.take().body());
        assertThat(body.get("filter").get("source").asText()).isEqualTo(id);
        assertThat(body.get("filter").get("destination").asText()).isEqualTo(id);
        server.take();
        Map<String, String> params = queryParams(server.take().rawQuery());
        assertThat(params).containsEntry("source", id).containsEntry("destination", id)
                .containsEntry("start_time", "2019-08-01T01:22:10Z").containsEntry("end_time", "2019-08-01T01:32:10Z");
    }

    @Test
    void anInvalidFilterSendsNothing() {
        assertThatThrownBy(() -> rtm.history().count(HistoryFilter.builder().source("a/b").start(END).end(START).build()))
                .isInstanceOfSatisfying(RtmValidationException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field() + ":" + v.rule())
                        .containsExactly("source:allowed_characters", "start_time:not_after_end_time"));
        assertThat(server.received()).isZero();
    }

    @Test
    void eventsReadsAreBodilessGetsOnTheVendorPaths() throws Exception {
        server.enqueue(RecordingServer.Answer.json(200, "{\"result\":\"success\",\"events\":[]}"),
                RecordingServer.Answer.json(200, "{\"result\":\"success\",\"events\":[]}"));
        assertThat(rtm.events().userEvents()).isEmpty();
        assertThat(rtm.events().channelEvents()).isEmpty();

        RecordingServer.Recorded users = server.take();
        assertGetWithoutBody(users);
        assertThat(users.rawPath()).isEqualTo(BASE + "/vendor/user_events");
        assertThat(users.rawQuery()).isNull();
        RecordingServer.Recorded channels = server.take();
        assertGetWithoutBody(channels);
        assertThat(channels.rawPath()).isEqualTo(BASE + "/vendor/channel_events");
        assertThat(channels.rawQuery()).isNull();
    }

    @Test
    void tokenAuthSendsTheTokensUidForCallsThatActAsNoUser() throws Exception {
        server.enqueue(RecordingServer.Answer.json(200, "{\"result\":\"success\",\"events\":[]}"));
        try (RtmClient token = client(Credentials.token("ops", "006tokenvalue"))) {
            token.events().userEvents();
        }
        RecordingServer.Recorded r = server.take();
        assertThat(r.header("x-ar-token")).containsExactly("006tokenvalue");
        assertThat(r.header("x-ar-uid")).containsExactly("ops");
        assertThat(r.header("Authorization")).isEmpty();
    }

    /** The raw query's parameters, each value percent-decoded once (a {@code +} stays a {@code +}). */
    private static Map<String, String> queryParams(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), percentDecode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String percentDecode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
