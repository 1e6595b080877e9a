package io.tributary.platform.web;

/** The Kafka REST Proxy v2 media types. */
public final class KafkaMediaTypes {

    /** Responses and requests that carry no records. */
    public static final String V2_JSON = "application/vnd.kafka.v2+json";
    /** Records whose key and value are arbitrary JSON. */
    public static final String JSON_V2_JSON = "application/vnd.kafka.json.v2+json";
    /** Records whose key and value are base64-encoded bytes. */
    public static final String BINARY_V2_JSON = "application/vnd.kafka.binary.v2+json";
    /** Records whose key and value are strings (UTF-8). */
    public static final String TEXT_V2_JSON = "application/vnd.kafka.text.v2+json";
    public static final String APPLICATION_JSON = "application/json";

    private KafkaMediaTypes() {
    }
}
