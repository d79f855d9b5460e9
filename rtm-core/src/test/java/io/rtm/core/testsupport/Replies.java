package io.rtm.core.testsupport;

/** Reply bodies of the history and events operations, as SPEC-HISTORY-EVENTS (and the emulator) write them. */
public final class Replies {

    private Replies() {
    }

    /** A created query: {@code offset}, {@code limit}, {@code order} as applied, and its location. */
    public static String created(String handle, long offset, int limit, String order) {
        return "{\"result\":\"success\",\"request_id\":\"r-q\",\"offset\":" + offset + ",\"limit\":" + limit + ",\"order\":\""
                + order + "\",\"location\":\"~/rtm/message/history/query/" + handle + "\"}";
    }

    public static final String IN_PROGRESS = "{\"result\":\"success\",\"request_id\":\"r-p\",\"code\":\"in progress\"}";

    /** A page of peer messages from alice to bob with these payloads, ms 1000, 1001, ... */
    public static String page(String... payloads) {
        StringBuilder sb = new StringBuilder("{\"result\":\"success\",\"request_id\":\"r-r\",\"code\":\"ok\",\"messages\":[");
        for (int i = 0; i < payloads.length; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"src\":\"alice\",\"dst\":\"bob\",\"message_type\":\"peer_message\",\"payload\":\"")
                    .append(payloads[i]).append("\",\"ms\":").append(1000 + i).append('}');
        }
        return sb.append("]}").toString();
    }

    /** Payloads {@code p<from>} .. {@code p<to - 1>}. */
    public static String[] payloads(int from, int to) {
        String[] out = new String[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = "p" + i;
        }
        return out;
    }

    public static String count(long count) {
        return "{\"result\":\"success\",\"request_id\":\"r-c\",\"code\":\"ok\",\"count\":" + count + "}";
    }

    /** {@code {"events":[{"user_id":"u<i>","type":<type>,"ts":<i>}]}} for each type. */
    public static String userEvents(String... types) {
        StringBuilder sb = new StringBuilder("{\"result\":\"success\",\"request_id\":\"r-e\",\"events\":[");
        for (int i = 0; i < types.length; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"user_id\":\"u").append(i).append("\",\"type\":\"").append(types[i])
                    .append("\",\"ts\":").append(i).append('}');
        }
        return sb.append("]}").toString();
    }

    public static final String NO_EVENTS = "{\"result\":\"success\",\"request_id\":\"r-e\",\"events\":[]}";
}
