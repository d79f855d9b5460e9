package io.rtm.emulator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Finds the route of a request: the one whose template fits the path and whose method is the request's; a path
 * that fits only other methods is {@code 405} (with {@code Allow}), one that fits nothing {@code 404}. Immutable.
 */
final class Router {

    private final List<Route> routes;

    Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** Handles the exchange with its route, or answers 404 / 405. */
    void dispatch(Exchange ex) {
        String[] segments = ex.request.getHttpURI().getPath().split("/", -1);
        String method = ex.request.getMethod();
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            if (r.matches(segments)) {
                if (r.method.equals(method)) {
                    r.handle(ex, segments);
                    return;
                }
                allowed.add(r.method);
            }
        }
        if (allowed.isEmpty()) {
            ex.fail(404, Codes.NOT_FOUND, "no such endpoint");
            return;
        }
        String allow = String.join(", ", allowed);
        ex.fail(405, Codes.METHOD_NOT_ALLOWED, method + " is not allowed here; use " + allow,
                new HttpField(HttpHeader.ALLOW, allow));
    }

    /** The routes, in order (for documentation and tests). */
    List<Route> routes() {
        return new ArrayList<>(routes);
    }
}
