package io.tributary.benchmarks.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The platform's v2 API as the benchmarks use it: topic admin, produce bodies, and a consumer instance
 * of a group. Request bodies are built once; responses are scanned, not parsed, to spare the generator.
 */
public final class PlatformApi {

    public static final String V2 = "application/vnd.kafka.v2+json";
    public static final String JSON_V2 = "application/vnd.kafka.json.v2+json";
    public static final String BINARY_V2 = "application/vnd.kafka.binary.v2+json";

    /** The field every record of a fetch answer has once. */
    private static final String OFFSET_FIELD = "\"offset\":";

    private final int port;

    PlatformApi(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** One request on a fresh connection; throws unless the answer is 2xx. */
    public HttpConnection.Response call(byte[] request) {
        try (HttpConnection connection = HttpConnection.open("127.0.0.1", port)) {
            HttpConnection.Response response = connection.exchange(request, true);
            if (!response.ok()) {
                throw new IllegalStateException("HTTP " + response.status() + ": " + response.text());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void createTopic(String name, int partitions) {
        call(Requests.post("/admin/topics", V2, "{\"topic_name\":\"" + name + "\",\"partitions_count\":" + partitions + "}"));
    }

    /** Deletes the topic and creates it again, empty: frees the disk a load wrote into it. */
    public void recreateTopic(String name, int partitions) {
        deleteTopic(name);
        createTopic(name, partitions);
    }

    public void deleteTopic(String name) {
        call(Requests.delete("/admin/topics/" + name));
    }

    /** {@code {"records":[{"value":"<base64 of size bytes>"}, ...]}}. */
    public static String binaryBatch(int records, int valueBytes) {
        byte[] value = new byte[valueBytes];
        Arrays.fill(value, (byte) 'x');
        String record = "{\"value\":\"" + Base64.getEncoder().encodeToString(value) + "\"}";
        return batch(record, records);
    }

    /** {@code {"records":[{"value":{"id":..,"payload":"xx.."}}, ...]}} with values of about {@code valueBytes} JSON bytes. */
    public static String jsonBatch(int records, int valueBytes) {
        String prefix = "{\"id\":1234567,\"payload\":\"";
        String suffix = "\"}";
        int pad = Math.max(0, valueBytes - prefix.length() - suffix.length());
        String record = "{\"value\":" + prefix + "x".repeat(pad) + suffix + "}";
        return batch(record, records);
    }

    private static String batch(String record, int records) {
        StringBuilder body = new StringBuilder(16 + records * (record.length() + 1)).append("{\"records\":[");
        for (int i = 0; i < records; i++) {
            body.append(i == 0 ? "" : ",").append(record);
        }
        return body.append("]}").toString();
    }

    /** A consumer instance of a group in {@code format} (binary or json), reading from the earliest offset, committing by hand. */
    public Consumer createConsumer(String group, String name, String topic, String format) {
        call(Requests.post("/consumers/" + group, V2, "{\"name\":\"" + name + "\",\"format\":\"" + format + "\","
                + "\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}"));
        Consumer consumer = new Consumer("/consumers/" + group + "/instances/" + name, format.equals("json") ? JSON_V2 : BINARY_V2);
        call(Requests.post(consumer.path + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}"));
        return consumer;
    }

    /** An idle consumer instance (created, not subscribed), for the memory figures. */
    public void createIdleConsumer(String group, String name) {
        call(Requests.post("/consumers/" + group, V2, "{\"name\":\"" + name + "\",\"format\":\"binary\"}"));
    }

    /** Paths of one consumer instance. */
    public final class Consumer {

        private final String path;
        private final String accept;

        Consumer(String path, String accept) {
            this.path = path;
            this.accept = accept;
        }

        /** The long-poll fetch request. */
        public byte[] fetchRequest(long timeoutMs, long maxBytes) {
            return Requests.get(path + "/records?timeout=" + timeoutMs + "&max_bytes=" + maxBytes, accept);
        }

        /** Commits everything fetched so far (no body: the v2 "commit all fetched" form). */
        public byte[] commitRequest() {
            return Requests.post(path + "/offsets", V2, new byte[0]);
        }

        public void delete() {
            call(Requests.delete(path));
        }

        public String path() {
            return path;
        }
    }

    /** Counts occurrences of {@code "offset":} in a fetch answer: one per record. */
    public static int countRecords(byte[] body) {
        // One Latin-1 copy, then String.indexOf, which the JDK vectorises: ~4x faster than a byte loop, so the
        // generator's share of the 2 cores stays small when a fetch answers megabytes.
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int count = 0;
        for (int i = text.indexOf(OFFSET_FIELD); i >= 0; i = text.indexOf(OFFSET_FIELD, i + OFFSET_FIELD.length())) {
            count++;
        }
        return count;
    }
}
