package io.tributary.benchmarks.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.benchmarks.http.HttpConnection;
import io.tributary.benchmarks.http.PlatformApi;
import io.tributary.benchmarks.http.Requests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads a topic as a consumer-group member would, through the platform's v2 API in binary format (record keys
 * written by the outbox relay are plain text, not JSON): a fresh group per reader, from the earliest offset, one
 * long-poll fetch at a time on a keep-alive connection. Also answers a topic's end offsets.
 */
public final class TopicReader implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record as fetched; {@code timestamp} is the platform's log-append time (epoch ms). */
    public record Record(int partition, long offset, long timestamp, @Nullable String key, byte @Nullable [] value,
            Map<String, String> headers) {

        public JsonNode valueJson() {
            try {
                return JSON.readTree(value == null ? new byte[0] : value);
            } catch (IOException e) {
                throw new IllegalStateException("Record value is not JSON: " + new String(value, StandardCharsets.UTF_8), e);
            }
        }
    }

    private final PlatformApi.Consumer consumer;
    private final HttpConnection connection;
    private final byte[] fetch;

    private TopicReader(PlatformApi.Consumer consumer, HttpConnection connection, long pollTimeoutMs) {
        this.consumer = consumer;
        this.connection = connection;
        this.fetch = consumer.fetchRequest(pollTimeoutMs, 8L * 1024 * 1024);
    }

    /** A new member of group {@code group} reading {@code topic} from the earliest offset. */
    public static TopicReader open(PlatformApi api, String group, String topic, Duration pollTimeout) {
        PlatformApi.Consumer consumer = api.createConsumer(group, "reader", topic, "binary");
        try {
            return new TopicReader(consumer, HttpConnection.open("127.0.0.1", api.port()), pollTimeout.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One fetch: the records that arrived, waiting up to the poll timeout for the first. */
    public List<Record> poll() {
        HttpConnection.Response response;
        try {
            response = connection.exchange(fetch, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!response.ok()) {
            throw new IllegalStateException("Fetch failed: HTTP " + response.status() + " " + response.text());
        }
        List<Record> records = new ArrayList<>();
        try {
            Base64.Decoder base64 = Base64.getDecoder();
            for (JsonNode node : JSON.readTree(response.body())) {
                Map<String, String> headers = new HashMap<>();
                for (JsonNode header : node.path("headers")) {
                    headers.put(header.path("key").asText(), new String(base64.decode(header.path("value").asText()), StandardCharsets.UTF_8));
                }
                JsonNode key = node.path("key");
                JsonNode value = node.path("value");
                records.add(new Record(node.path("partition").asInt(), node.path("offset").asLong(), node.path("timestamp").asLong(),
                        key.isTextual() ? new String(base64.decode(key.asText()), StandardCharsets.UTF_8) : null,
                        value.isTextual() ? base64.decode(value.asText()) : null, headers));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    /** Every record of the topic, once {@code expected} have been read (or none arrived for the poll timeout after the deadline). */
    public static List<Record> readAll(PlatformApi api, String topic, long expected, Duration deadline) {
        List<Record> all = new ArrayList<>();
        long until = System.nanoTime() + deadline.toNanos();
        try (TopicReader reader = open(api, "bench-read-" + System.nanoTime(), topic, Duration.ofMillis(500))) {
            while (all.size() < expected) {
                List<Record> fetched = reader.poll();
                all.addAll(fetched);
                if (fetched.isEmpty() && System.nanoTime() > until) {
                    break;
                }
            }
        }
        return all;
    }

    /**
     * The log-append time of the first record for each id whose {@code type} header is one of {@code types}, read
     * from the whole topic (see {@link #readAll}); {@code idOf} names a record's id (its key, a field of its value), or
     * null to skip it.
     */
    public static Map<String, Long> appendTimesById(PlatformApi api, String topic, long expected,
            Function<Record, @Nullable String> idOf, String... types) {
        Map<String, Long> times = new HashMap<>();
        List<String> wanted = List.of(types);
        for (Record record : readAll(api, topic, expected, Duration.ofSeconds(30))) {
            String id = wanted.contains(record.headers().get("type")) ? idOf.apply(record) : null;
            if (id != null) {
                times.putIfAbsent(id, record.timestamp());
            }
        }
        return times;
    }

    /** A text field of a record's JSON value, or null when it has none. */
    public static @Nullable String valueField(Record record, String field) {
        if (record.value() == null) {
            return null;
        }
        try {
            JsonNode value = JSON.readTree(record.value()).path(field);
            return value.isTextual() ? value.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The sum of the end offsets of partitions 0..partitions-1 of a topic (= records appended when nothing was deleted). */
    public static long endOffsets(HttpConnection connection, String topic, int partitions) throws IOException {
        long sum = 0;
        for (int p = 0; p < partitions; p++) {
            HttpConnection.Response response = connection.exchange(
                    Requests.get("/topics/" + topic + "/partitions/" + p + "/offsets", PlatformApi.V2), true);
            if (!response.ok()) {
                throw new IllegalStateException("Offsets of " + topic + "/" + p + ": HTTP " + response.status() + " " + response.text());
            }
            sum += JSON.readTree(response.body()).path("end_offset").asLong();
        }
        return sum;
    }

    @Override
    public void close() {
        connection.close();
        try {
            consumer.delete();
        } catch (RuntimeException e) {
            // the instance expires by itself
        }
    }
}
