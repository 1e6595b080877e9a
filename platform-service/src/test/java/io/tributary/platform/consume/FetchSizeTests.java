package io.tributary.platform.consume;

import static io.tributary.platform.consume.ConsumerClient.produce;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.PlatformProperties;
import io.tributary.platform.PlatformTestSupport;
import io.tributary.platform.TestHttp;
import io.tributary.platform.TestHttp.Response;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** How many records one fetch answers: max-fetch-records and max_bytes, whichever is reached first. */
class FetchSizeTests extends PlatformTestSupport {

    @Autowired
    PlatformProperties properties;

    @Test
    void oneFetchAnswersUpToMaxFetchRecordsInOffsetOrder() {
        int cap = properties.consumers().maxFetchRecords();
        String topic = "fetch.size";
        http.createTopic(topic, 1);
        int total = cap + 1_500;
        for (int from = 0; from < total; from += 1_000) {
            produce(http, topic, 0, IntStream.range(from, Math.min(total, from + 1_000)).mapToObj(Integer::toString).toArray(String[]::new));
        }
        ConsumerClient consumer = ConsumerClient.earliest(http, "fetch-size", "c");
        consumer.subscribed(topic);

        JsonNode first = http.get(consumer.path("/records?timeout=1000&max_bytes=67108864"), TestHttp.JSON_V2).json();
        assertThat(first).hasSize(cap);
        for (int i = 0; i < cap; i++) {
            assertThat(first.get(i).get("offset").asLong()).isEqualTo(i);
            assertThat(first.get(i).get("value").asInt()).isEqualTo(i);
        }
        JsonNode rest = http.get(consumer.path("/records?timeout=1000&max_bytes=67108864"), TestHttp.JSON_V2).json();
        assertThat(rest).hasSize(total - cap);
        assertThat(rest.get(0).get("offset").asLong()).isEqualTo(cap);
    }

    @Test
    void maxBytesBoundsAFetchBeforeTheRecordCap() {
        String topic = "fetch.bytes";
        http.createTopic(topic, 1);
        produce(http, topic, 0, IntStream.range(0, 1_000).mapToObj(i -> "\"" + "v".repeat(98) + "\"").toArray(String[]::new));
        ConsumerClient consumer = ConsumerClient.earliest(http, "fetch-bytes", "c");
        consumer.subscribed(topic);

        Response bounded = http.get(consumer.path("/records?timeout=1000&max_bytes=10000"), TestHttp.JSON_V2);

        assertThat(bounded.json()).hasSize(100); // 100-byte values (the JSON string with its quotes)
    }
}
