package io.tributary.platform.topic;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;

/** Request bodies for topic tests that need a few records. */
final class TestHttpBodies {

    static final String BINARY = "application/vnd.kafka.binary.v2+json";

    private TestHttpBodies() {
    }

    static String binaryValues(String... values) {
        return Arrays.stream(values)
                .map(v -> "{\"value\":\"" + Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)) + "\"}")
                .collect(Collectors.joining(",", "{\"records\":[", "]}"));
    }
}
