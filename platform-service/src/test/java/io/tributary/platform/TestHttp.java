package io.tributary.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small real HTTP client for API tests: sends raw bodies, returns status, headers and parsed JSON. */
public final class TestHttp {

    public static final String V2 = "application/vnd.kafka.v2+json";
    public static final String JSON_V2 = "application/vnd.kafka.json.v2+json";
    public static final String BINARY_V2 = "application/vnd.kafka.binary.v2+json";
    public static final String TEXT_V2 = "application/vnd.kafka.text.v2+json";
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TestHttp(URI base) {
        this.base = base;
    }

    public TestHttp(int port) {
        this(URI.create("http://127.0.0.1:" + port));
    }

    /** A response: status, headers and the body (JSON-parsed when possible). */
    public record Response(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonNode json() {
            return MAPPER.readTree(body);
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The error body's error_code, asserting the error shape. */
        public int errorCode() {
            JsonNode json = json();
            if (!json.has("error_code") || !json.has("message")) {
                throw new AssertionError("Not an error body: " + body);
            }
            return json.get("error_code").asInt();
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", V2).GET());
    }

    public Response get(String path, String accept) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", accept).GET());
    }

    public Response post(String path, @Nullable String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    public Response send(String method, String path, @Nullable String contentType, @Nullable String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    public Response createTopic(String name, int partitions) {
        Response response = post("/admin/topics", V2,
                "{\"topic_name\":\"" + name + "\",\"partitions_count\":" + partitions + "}");
        if (response.status() != 201) {
            throw new AssertionError("Creating topic " + name + " failed: " + response);
        }
        return response;
    }

    public long endOffset(String topic, int partition) {
        return get("/topics/" + topic + "/partitions/" + partition + "/offsets").json().get("end_offset").asLong();
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
