package io.rtm.transport.httpclient;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/**
 * The exec-chain step between HttpClient's {@code CONNECT} and {@code MAIN_TRANSPORT} steps that keeps cancelling
 * our future able to reach the connection.
 *
 * <p>Why: HttpClient holds one cancellable per request (the {@code ComplexFuture} {@code execute} returns) and each
 * step replaces it. {@code AsyncConnectExec} sets the lease's cancellable only after
 * {@code acquireEndpoint(...)} returns, yet the lease may complete inside that call: with a pooled connection the
 * whole rest of the chain, {@code MAIN_TRANSPORT} included, runs inside it; with a new connection the I/O thread
 * may finish connecting and start the exchange before it returns. The lease's finished cancellable then replaces
 * the hard cancellation {@code MAIN_TRANSPORT} registered, and cancelling HttpClient's future cancels nothing: the
 * request keeps its connection until the response timeout. So this step hands {@code MAIN_TRANSPORT} the
 * exchange's own dependency too ({@link Exchange#executionDependency}), which nothing replaces, and does not start
 * an exchange whose future is already done.
 */
final class CancellableExecution implements AsyncExecChainHandler {

    static final String NAME = "rtm-cancellable-execution";

    @Override
    public void execute(HttpRequest request, AsyncEntityProducer entityProducer, AsyncExecChain.Scope scope,
                        AsyncExecChain chain, AsyncExecCallback callback) throws HttpException, IOException {
        Exchange exchange = Exchange.from(scope.clientContext);
        if (exchange == null) {
            chain.proceed(request, entityProducer, scope, callback);
            return;
        }
        if (exchange.future().isDone()) {
            // Cancelled (or aborted by close()) while leasing or connecting: send nothing; failing the
            // exchange makes HttpClient discard the connection.
            callback.failed(new InterruptedIOException("request cancelled before it was sent"));
            return;
        }
        chain.proceed(request, entityProducer, new AsyncExecChain.Scope(scope.exchangeId, scope.route,
                scope.originalRequest, exchange.executionDependency(scope.cancellableDependency), scope.clientContext,
                scope.execRuntime, scope.scheduler, scope.execCount), callback);
    }
}
