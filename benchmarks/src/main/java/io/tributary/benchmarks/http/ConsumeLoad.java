package io.tributary.benchmarks.http;

import java.io.IOException;
import java.util.Locale;

/**
 * One consumer instance of a fresh group reads a topic's whole backlog from the earliest offset with long-poll
 * fetches (timeout 1 s, max_bytes 8 MiB) on one keep-alive connection and commits what it fetched after every
 * fetch (no body: the v2 "commit all fetched" form). A pass of a 1,000,000-record backlog is 100 fetches: the
 * first pass runs the fetch path mostly interpreted, so callers {@link #warmUp} before measuring, as the produce
 * rows warm up before theirs.
 */
final class ConsumeLoad {

    /** What one pass measured. */
    record Result(double recordsPerSecond, double recordsPerFetch) {
    }

    private ConsumeLoad() {
    }

    /** Produces {@code backlog} records of 100 B in the format to a new single-partition topic. */
    static void fill(PlatformServer server, String topic, String format, int backlog) throws IOException {
        server.api().createTopic(topic, 1);
        String body = format.equals("json") ? PlatformApi.jsonBatch(100, 100) : PlatformApi.binaryBatch(100, 100);
        String contentType = format.equals("json") ? PlatformApi.JSON_V2 : PlatformApi.BINARY_V2;
        byte[] produce = Requests.post("/topics/" + topic, contentType, body);
        try (HttpConnection connection = HttpConnection.open("127.0.0.1", server.port())) {
            for (int i = 0; i < backlog / 100; i++) {
                if (!connection.exchange(produce, false).ok()) {
                    throw new IllegalStateException("Produce of the consume backlog failed");
                }
            }
        }
    }

    /** One unmeasured pass over the backlog with a group of its own, so the measured passes run compiled code. */
    static void warmUp(PlatformServer server, String topic, String format, int backlog) throws IOException {
        System.out.printf(Locale.ROOT, "  port %d consume-%s warm-up:%n", server.port(), format);
        run(server, topic, format, backlog, "warm-up-" + format);
    }

    static Result run(PlatformServer server, String topic, String format, int backlog, String group) throws IOException {
        PlatformApi.Consumer consumer = server.api().createConsumer(group, "c1", topic, format);
        byte[] fetch = consumer.fetchRequest(1000, 8L * 1024 * 1024);
        byte[] commit = consumer.commitRequest();
        long records = 0;
        int requests = 0;
        long start = System.nanoTime();
        try (HttpConnection connection = HttpConnection.open("127.0.0.1", server.port())) {
            while (records < backlog) {
                HttpConnection.Response response = connection.exchange(fetch, true);
                if (!response.ok()) {
                    throw new IllegalStateException("Fetch failed: " + response.status() + " " + response.text());
                }
                records += PlatformApi.countRecords(response.body());
                requests++;
                if (!connection.exchange(commit, false).ok()) {
                    throw new IllegalStateException("Commit failed");
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        consumer.delete();
        Result result = new Result(records / seconds, (double) records / requests);
        System.out.printf(Locale.ROOT, "  port %d consume-%s %,.0f records/s, %,.0f records per fetch%n", server.port(), format,
                result.recordsPerSecond(), result.recordsPerFetch());
        return result;
    }
}
