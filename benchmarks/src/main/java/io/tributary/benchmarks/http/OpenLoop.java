package io.tributary.benchmarks.http;

import io.tributary.benchmarks.services.FixedRate;
import java.io.IOException;
import java.time.Duration;

/**
 * Open-loop load at a fixed rate: request j is due at {@code start + j / rate}, whatever happened to the
 * requests before it, and its latency is measured from when it was due — not from when it could be sent —
 * so a stalled server cannot hide its stall by slowing the generator down (coordinated-omission
 * correction, as wrk2). Connection c sends requests c, c + N, c + 2N, ... (the pacing is {@link FixedRate}'s).
 */
public final class OpenLoop {

    private OpenLoop() {
    }

    public static LoadResult run(int port, int connections, double requestsPerSecond, Duration warmup, Duration measure,
            int recordsPerRequest, RequestSource source) {
        HttpConnection[] open = new HttpConnection[connections];
        FixedRate.Result result;
        try {
            result = new FixedRate(requestsPerSecond, warmup, measure).run(connections, (connection, due) -> {
                if (open[connection] == null) {
                    open[connection] = HttpConnection.open("127.0.0.1", port);
                }
                HttpConnection.Response response;
                try {
                    response = open[connection].exchange(source.next(connection, due), false);
                } catch (IOException e) {
                    open[connection].close();
                    open[connection] = null;
                    throw e;
                }
                if (!response.ok()) {
                    throw new IOException("HTTP " + response.status());
                }
            });
        } finally {
            for (HttpConnection connection : open) {
                if (connection != null) {
                    connection.close();
                }
            }
        }
        return new LoadResult(result.done(), result.done() * recordsPerRequest, result.errors(), measure.toNanos() / 1e9,
                result.dueToDoneMicros(), result.firstError());
    }
}
