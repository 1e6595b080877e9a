package io.tributary.benchmarks.saga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.benchmarks.http.PlatformApi;
import io.tributary.benchmarks.http.Requests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How far the stack's consumer groups are behind, from the platform's {@code GET /consumers} and
 * {@code GET /consumers/{group}/lag}: so that a phase starts once the previous phase's events are consumed. "Every
 * order decided" does not imply it (the read model and the events after a decision are consumed later); in the runs
 * so far the groups had caught up already, and the printed lag says so.
 */
final class ConsumerLag {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsumerLag() {
    }

    /** Records not yet committed, summed over every group that has live members. */
    static long total(PlatformApi api) {
        long lag = 0;
        for (JsonNode group : read(api, "/consumers")) {
            if (group.path("members").asInt() > 0) {
                String name = URLEncoder.encode(group.path("group").asText(), StandardCharsets.UTF_8);
                lag += read(api, "/consumers/" + name + "/lag").path("total_lag").asLong();
            }
        }
        return lag;
    }

    /** Waits (polling every 100 ms) until no group lags or {@code timeout} passed; the lag found at the start. */
    static long awaitCaughtUp(PlatformApi api, Duration timeout) {
        long first = total(api);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long lag = first; lag > 0 && System.nanoTime() < deadline; lag = total(api)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return first;
    }

    private static JsonNode read(PlatformApi api, String path) {
        try {
            return JSON.readTree(api.call(Requests.get(path, "application/json")).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
