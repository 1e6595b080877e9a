package io.tributary.client;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Entry point to one platform: topic admin, single produce requests, and factories for
 * {@link TributaryProducer} and {@link ConsumerGroupMember}. Speaks the Kafka REST Proxy v2 API with the
 * binary embedded format.
 *
 * <p>Thread-safe; share one instance per platform. Each call is one HTTP exchange without retries, except in
 * the producer and the consumer member, which retry with {@link RetryPolicy}, and a stamped produce request that
 * finds its kept-alive connection closed before any answer, which is sent once more on a new connection.
 */
public final class TributaryClient implements AutoCloseable {

    static final String V2_JSON = "application/vnd.kafka.v2+json";
    static final String BINARY_V2_JSON = "application/vnd.kafka.binary.v2+json";

    private final URI baseUri;
    private final Duration requestTimeout;
    private final HttpClient http;
    /** Produce requests to an {@code http} platform go this way (see why there); null for {@code https}. */
    private final @Nullable Http1Connections plainHttp;
    private final ObjectMapper json;

    private TributaryClient(Builder builder) {
        String base = builder.baseUri.toString();
        this.baseUri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.requestTimeout = builder.requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(builder.connectTimeout)
                .build();
        this.plainHttp = "http".equalsIgnoreCase(baseUri.getScheme()) ? new Http1Connections(baseUri, builder.connectTimeout) : null;
        this.json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** A client of the platform at {@code baseUri} (e.g. {@code http://localhost:8080}) with default timeouts. */
    public static TributaryClient create(String baseUri) {
        return builder(URI.create(baseUri)).build();
    }

    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    public URI baseUri() {
        return baseUri;
    }

    // ---------------------------------------------------------------- topic admin

    /** Creates a topic ({@code POST /admin/topics}). @throws TributaryApiException 409 if it exists */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        ObjectNode body = json.createObjectNode()
                .put("topic_name", name)
                .put("partitions_count", partitions)
                .put("replication_factor", 1);
        ObjectNode configNode = body.putObject("configs");
        configs.forEach(configNode::put);
        call("POST", "/admin/topics", body, V2_JSON, V2_JSON, requestTimeout);
    }

    /** Creates a topic with default configs. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** Creates the topic unless it exists; returns whether it was created. */
    public boolean createTopicIfAbsent(String name, int partitions) {
        try {
            createTopic(name, partitions);
            return true;
        } catch (TributaryApiException e) {
            if (e.status() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** Topic names ({@code GET /topics}). */
    public List<String> listTopics() {
        JsonNode node = call("GET", "/topics", null, null, V2_JSON, requestTimeout);
        List<String> names = new ArrayList<>();
        node.forEach(n -> names.add(n.asText()));
        return names;
    }

    /** The topic ({@code GET /topics/{topic}}), or empty if it does not exist. */
    public Optional<TopicDescription> describeTopic(String name) {
        JsonNode node;
        try {
            node = call("GET", "/topics/" + segment(name), null, null, V2_JSON, requestTimeout);
        } catch (TributaryApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        Map<String, String> configs = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.path("configs").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            configs.put(field.getKey(), field.getValue().asText());
        }
        return Optional.of(new TopicDescription(node.path("name").asText(name), node.path("partitions").size(), configs));
    }

    /** Beginning and end offset of a partition ({@code GET /topics/{t}/partitions/{p}/offsets}). */
    public PartitionOffsets partitionOffsets(String topic, int partition) {
        JsonNode node = call("GET", "/topics/" + segment(topic) + "/partitions/" + partition + "/offsets",
                null, null, V2_JSON, requestTimeout);
        return new PartitionOffsets(node.path("beginning_offset").asLong(), node.path("end_offset").asLong());
    }

    // ---------------------------------------------------------------- produce

    /**
     * Sends one produce request ({@code POST /topics/{topic}}, binary format), once, without retrying; except that
     * a stamped request whose kept-alive connection closes before any answer (the server closed it while idle, or
     * the answer was lost) is sent once more on a new connection, which is safe with a stamp. To an {@code http}
     * platform the exchange runs on the calling thread over {@link Http1Connections}, not {@link HttpClient}.
     *
     * @param stamp makes the request idempotent when not null; re-sending the same records with the same stamp
     *              is then safe, and is answered with the original offsets
     * @throws TributaryApiException         when the platform rejects the request
     * @throws TributaryUnavailableException when it cannot be reached; the request may have been processed
     */
    public ProduceResult produce(String topic, List<ProducerRecord> records, @Nullable ProducerStamp stamp) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no records");
        }
        byte[] body = produceBody(topic, records);
        String path = "/topics/" + segment(topic);
        List<String> headers = new ArrayList<>(10);
        headers.addAll(List.of("Accept", V2_JSON, "Content-Type", BINARY_V2_JSON));
        if (stamp != null) {
            headers.addAll(List.of(ProducerStamp.PRODUCER_ID_HEADER, Long.toString(stamp.producerId()),
                    ProducerStamp.PRODUCER_EPOCH_HEADER, Integer.toString(stamp.epoch()),
                    ProducerStamp.PRODUCER_SEQUENCE_HEADER, Long.toString(stamp.sequence())));
        }
        if (plainHttp == null) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUri + path))
                    .timeout(requestTimeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (int i = 0; i < headers.size(); i += 2) {
                request.header(headers.get(i), headers.get(i + 1));
            }
            HttpResponse<String> response = exchange(request.build());
            return produceResult(topic, records.size(), parse(response.statusCode(), response.body(), response.request().uri()),
                    response.headers().firstValue(ProducerStamp.DUPLICATE_HEADER).orElse(null));
        }
        String target = baseUri.getRawPath() + path;
        Http1Connections.Response response;
        try {
            try {
                response = plainHttp.exchange("POST", target, headers, body, requestTimeout, false);
            } catch (Http1Connections.StaleConnectionException e) {
                if (stamp == null) {
                    throw e;
                }
                // The kept-alive connection was closed under us before any answer: the same stamped request again,
                // on a new connection (a duplicate of it, had it been processed, is answered with its offsets).
                response = plainHttp.exchange("POST", target, headers, body, requestTimeout, true);
            }
        } catch (IOException e) {
            throw new TributaryUnavailableException("POST " + baseUri + path + " failed: " + e, e);
        }
        return produceResult(topic, records.size(), parse(response.status(), response.body(), URI.create(baseUri + path)),
                response.headers().get(ProducerStamp.DUPLICATE_HEADER.toLowerCase(Locale.ROOT)));
    }

    /**
     * The body {@code {"records":[{"key":..,"value":..,"partition":..,"headers":[{"key":..,"value":..}]}]}}, bytes in
     * base64, written straight to bytes: no JSON tree and no base64 strings per request.
     */
    private byte[] produceBody(String topic, List<ProducerRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + records.size() * 256);
        try (JsonGenerator body = json.getFactory().createGenerator(out)) {
            body.writeStartObject();
            body.writeArrayFieldStart("records");
            for (ProducerRecord record : records) {
                if (!record.topic().equals(topic)) {
                    throw new IllegalArgumentException("record for " + record.topic() + " in a request to " + topic);
                }
                body.writeStartObject();
                if (record.key() != null) {
                    body.writeFieldName("key");
                    body.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, record.key(), 0, record.key().length);
                }
                body.writeFieldName("value");
                if (record.value() != null) {
                    body.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, record.value(), 0, record.value().length);
                } else {
                    body.writeNull();
                }
                if (record.partition() != null) {
                    body.writeNumberField("partition", record.partition().intValue());
                }
                if (!record.headers().isEmpty()) {
                    body.writeArrayFieldStart("headers");
                    for (Header header : record.headers()) {
                        body.writeStartObject();
                        body.writeStringField("key", header.name());
                        body.writeFieldName("value");
                        body.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, header.value(), 0, header.value().length);
                        body.writeEndObject();
                    }
                    body.writeEndArray();
                }
                body.writeEndObject();
            }
            body.writeEndArray();
            body.writeEndObject();
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot serialise the produce request", e);
        }
        return out.toByteArray();
    }

    private static ProduceResult produceResult(String topic, int records, JsonNode answer, @Nullable String duplicateHeader) {
        List<RecordMetadata> metadata = new ArrayList<>(records);
        for (JsonNode offset : answer.path("offsets")) {
            JsonNode errorCode = offset.path("error_code");
            if (!errorCode.isMissingNode() && !errorCode.isNull()) {
                int code = errorCode.asInt();
                throw TributaryApiException.of(code >= 10_000 ? code / 100 : code, code, offset.path("error").asText(""));
            }
            metadata.add(new RecordMetadata(topic, offset.path("partition").asInt(), offset.path("offset").asLong()));
        }
        if (metadata.size() != records) {
            throw new TributaryException("Produce answered " + metadata.size() + " offsets for " + records + " records");
        }
        return new ProduceResult(metadata, "true".equalsIgnoreCase(duplicateHeader));
    }

    /** A producer builder; the producer is idempotent unless told otherwise. */
    public TributaryProducer.Builder producer() {
        return new TributaryProducer.Builder(this);
    }

    /** A consumer-group member builder for {@code group}. */
    public ConsumerGroupMember.Builder consumerGroupMember(String group) {
        return new ConsumerGroupMember.Builder(this, group);
    }

    @Override
    public void close() {
        if (plainHttp != null) {
            plainHttp.close();
        }
        // HttpClient is AutoCloseable only from JDK 21; on 17 its threads end when it becomes unreachable.
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing is best effort
            }
        }
    }

    // ---------------------------------------------------------------- HTTP plumbing shared with the member

    ObjectMapper json() {
        return json;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    /** One exchange; the parsed body of a 2xx (a null node for an empty body), else the mapped exception. */
    JsonNode call(String method, String path, @Nullable Object body, @Nullable String contentType, String accept,
            Duration timeout) {
        return parse(exchange(request(method, path, body, contentType, accept, timeout).build()));
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String method, String path, @Nullable Object body, @Nullable String contentType,
            String accept, Duration timeout) {
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else {
            try {
                publisher = HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot serialise request body", e);
            }
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUri + path))
                .timeout(timeout)
                .header("Accept", accept)
                .method(method, publisher);
        if (body != null && contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return builder;
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TributaryUnavailableException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            throw new TributaryInterruptedException(e);
        }
    }

    private JsonNode parse(HttpResponse<String> response) {
        return parse(response.statusCode(), response.body(), response.request().uri());
    }

    private JsonNode parse(int status, @Nullable String body, URI uri) {
        if (status >= 200 && status < 300) {
            if (body == null || body.isBlank()) {
                return json.nullNode();
            }
            try {
                return json.readTree(body);
            } catch (IOException e) {
                throw new TributaryException("Unparsable answer to " + uri + ": " + abbreviate(body), e);
            }
        }
        int errorCode = status;
        String message = abbreviate(body == null ? "" : body);
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            if (node != null && node.hasNonNull("error_code")) {
                errorCode = node.get("error_code").asInt(status);
                message = node.path("message").asText(message);
            }
        } catch (IOException e) {
            // not the v2 error shape (e.g. a proxy's HTML page): keep the status and the raw body
        }
        throw TributaryApiException.of(status, errorCode, message);
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    /** Builds a {@link TributaryClient}. */
    public static final class Builder {
        private final URI baseUri;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);

        private Builder(URI baseUri) {
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        }

        /** Time to establish a connection (default 5 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Time for one request to be answered (default 30 s); long polls add their own poll timeout. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public TributaryClient build() {
            return new TributaryClient(this);
        }
    }
}
