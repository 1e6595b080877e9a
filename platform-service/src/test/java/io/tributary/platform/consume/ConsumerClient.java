package io.tributary.platform.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.platform.TestHttp;
import io.tributary.platform.TestHttp.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;

/** Test helper: one consumer instance driven over real HTTP, as a REST Proxy v2 client would. */
final class ConsumerClient {

    final TestHttp http;
    final String group;
    final String name;
    final String accept;

    private ConsumerClient(TestHttp http, String group, String name, String accept) {
        this.http = http;
        this.group = group;
        this.name = name;
        this.accept = accept;
    }

    /** Creates an instance; {@code config} are extra JSON members such as {@code "auto.offset.reset":"earliest"}. */
    static ConsumerClient create(TestHttp http, String group, String name, String format, String config) {
        Response response = http.post("/consumers/" + group, TestHttp.V2,
                "{\"name\":\"" + name + "\",\"format\":\"" + format + "\"" + (config.isEmpty() ? "" : "," + config) + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("instance_id").asString()).isEqualTo(name);
        String accept = switch (format) {
            case "json" -> TestHttp.JSON_V2;
            case "text" -> TestHttp.TEXT_V2;
            default -> TestHttp.BINARY_V2;
        };
        return new ConsumerClient(http, group, name, accept);
    }

    static ConsumerClient earliest(TestHttp http, String group, String name) {
        return create(http, group, name, "json", "\"auto.offset.reset\":\"earliest\"");
    }

    String path(String rest) {
        return "/consumers/" + group + "/instances/" + name + rest;
    }

    Response subscribe(String... topics) {
        String list = IntStream.range(0, topics.length).mapToObj(i -> "\"" + topics[i] + "\"").collect(Collectors.joining(","));
        return http.post(path("/subscription"), TestHttp.V2, "{\"topics\":[" + list + "]}");
    }

    void subscribed(String... topics) {
        Response response = subscribe(topics);
        assertThat(response.status()).as(response.body()).isEqualTo(204);
    }

    Response fetchRaw(long timeoutMs, String acceptHeader) {
        return http.get(path("/records?timeout=" + timeoutMs), acceptHeader);
    }

    List<JsonNode> fetch(long timeoutMs) {
        Response response = fetchRaw(timeoutMs, accept);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> records = new ArrayList<>();
        response.json().forEach(records::add);
        return records;
    }

    /** Fetches until {@code count} records came back in total (records beyond it stay in the result). */
    List<JsonNode> fetchAtLeast(int count) {
        List<JsonNode> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            records.addAll(fetch(200));
            return records.size() >= count;
        });
        return records;
    }

    Response commit(@org.jspecify.annotations.Nullable String body) {
        return body == null ? http.send("POST", path("/offsets"), null, null) : http.post(path("/offsets"), TestHttp.V2, body);
    }

    /** The Confluent form: GET with a JSON body naming the partitions. */
    Response committed(String body) {
        return http.send("GET", path("/offsets"), TestHttp.V2, body);
    }

    List<JsonNode> assignment() {
        Response response = http.get(path("/assignments"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> partitions = new ArrayList<>();
        response.json().get("partitions").forEach(partitions::add);
        return partitions;
    }

    Response delete() {
        return http.delete(path(""));
    }

    static String produce(TestHttp http, String topic, int partition, String... jsonValues) {
        String records = java.util.Arrays.stream(jsonValues).map(v -> "{\"value\":" + v + "}").collect(Collectors.joining(","));
        Response response = http.post("/topics/" + topic + "/partitions/" + partition, TestHttp.JSON_V2, "{\"records\":[" + records + "]}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
