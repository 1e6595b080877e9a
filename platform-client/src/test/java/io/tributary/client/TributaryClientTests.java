package io.tributary.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.platform.log.StoredRecord;
import io.tributary.testing.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against the real platform: topic admin, produce, idempotent re-sends, and typed errors. */
class TributaryClientTests {

    private static TestPlatform platform;
    private static TributaryClient client;

    @BeforeAll
    static void startPlatform() {
        platform = TestPlatform.shared();
        client = TributaryClient.builder(platform.baseUri()).build();
    }

    @AfterAll
    static void stopPlatform() {
        client.close();
    }

    private static String topic() {
        return "client-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createsListsAndDescribesTopics() {
        String topic = topic();
        client.createTopic(topic, 3, Map.of("retention.ms", "3600000"));

        assertThat(client.listTopics()).contains(topic);
        TopicDescription description = client.describeTopic(topic).orElseThrow();
        assertThat(description.partitions()).isEqualTo(3);
        assertThat(description.configs()).containsEntry("retention.ms", "3600000");
        assertThat(client.describeTopic(topic())).isEmpty();
        assertThat(client.createTopicIfAbsent(topic, 3)).isFalse();
        assertThat(client.partitionOffsets(topic, 0)).isEqualTo(new PartitionOffsets(0, 0));
    }

    @Test
    void producesKeysValuesAndHeadersInOrder() {
        String topic = topic();
        client.createTopic(topic, 1);
        List<ProducerRecord> records = List.of(
                ProducerRecord.of(topic, "order-1", "{\"n\":1}").withHeader("type", "OrderCreated"),
                ProducerRecord.of(topic, "order-1", "{\"n\":2}"),
                new ProducerRecord(topic, 0, null, null, List.of()));

        ProduceResult result = client.produce(topic, records, null);

        assertThat(result.duplicate()).isFalse();
        assertThat(result.records()).extracting(RecordMetadata::offset).containsExactly(0L, 1L, 2L);
        List<StoredRecord> stored = platform.read(topic, 0);
        assertThat(stored).hasSize(3);
        assertThat(new String(stored.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("order-1");
        assertThat(new String(stored.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        assertThat(stored.get(0).headers()).hasSize(1);
        assertThat(stored.get(0).headers().get(0).name()).isEqualTo("type");
        assertThat(stored.get(2).key()).isNull();
        assertThat(stored.get(2).value()).isNull();
    }

    @Test
    void sameStampTwiceIsAppendedOnceAndAnsweredWithTheOriginalOffsets() {
        String topic = topic();
        client.createTopic(topic, 1);
        client.produce(topic, List.of(ProducerRecord.of(topic, "k", "before")), null);
        List<ProducerRecord> records = List.of(ProducerRecord.of(topic, "k", "a"), ProducerRecord.of(topic, "k", "b"));
        ProducerStamp stamp = new ProducerStamp(4711, 0, 17);

        ProduceResult first = client.produce(topic, records, stamp);
        ProduceResult again = client.produce(topic, records, stamp);

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.records()).isEqualTo(first.records());
        assertThat(client.partitionOffsets(topic, 0).endOffset()).isEqualTo(3);
    }

    @Test
    void stampedRequestWhoseAnswerIsLostOnAKeptAliveConnectionIsSentAgainAndAnsweredAsTheDuplicate() throws Exception {
        String topic = topic();
        client.createTopic(topic, 1);
        long producer = 80_000 + (long) (Math.random() * 1000);
        try (ResponseDroppingProxy proxy = new ResponseDroppingProxy(platform.port());
                TributaryClient viaProxy = TributaryClient.builder(proxy.baseUri()).build()) {
            viaProxy.produce(topic, List.of(ProducerRecord.of(topic, "k", "first")), new ProducerStamp(producer, 0, 0));
            proxy.dropResponses(1);

            ProduceResult second = viaProxy.produce(topic, List.of(ProducerRecord.of(topic, "k", "second")),
                    new ProducerStamp(producer, 0, 1));

            assertThat(proxy.dropped()).isEqualTo(1);
            assertThat(second.duplicate()).isTrue();
            assertThat(second.records()).extracting(RecordMetadata::offset).containsExactly(1L);
        }
        assertThat(client.partitionOffsets(topic, 0).endOffset()).isEqualTo(2);
    }

    @Test
    void unstampedRequestWhoseAnswerIsLostIsNotSentAgain() throws Exception {
        String topic = topic();
        client.createTopic(topic, 1);
        try (ResponseDroppingProxy proxy = new ResponseDroppingProxy(platform.port());
                TributaryClient viaProxy = TributaryClient.builder(proxy.baseUri()).build()) {
            viaProxy.produce(topic, List.of(ProducerRecord.of(topic, "k", "first")), null);
            proxy.dropResponses(1);

            assertThatThrownBy(() -> viaProxy.produce(topic, List.of(ProducerRecord.of(topic, "k", "second")), null))
                    .isInstanceOf(TributaryUnavailableException.class);
        }
        assertThat(client.partitionOffsets(topic, 0).endOffset()).isEqualTo(2);
    }

    @Test
    void sequenceGapAndFencedEpochAreTypedErrors() {
        String topic = topic();
        client.createTopic(topic, 1);
        long producer = 90_000 + (long) (Math.random() * 1000);
        client.produce(topic, List.of(ProducerRecord.of(topic, "k", "v")), new ProducerStamp(producer, 1, 0));

        assertThatThrownBy(() -> client.produce(topic, List.of(ProducerRecord.of(topic, "k", "v")), new ProducerStamp(producer, 1, 2)))
                .isInstanceOfSatisfying(TributaryApiException.InvalidProducerSequenceException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.errorCode()).isEqualTo(42206);
                    assertThat(e.isRetriable()).isFalse();
                });
        assertThatThrownBy(() -> client.produce(topic, List.of(ProducerRecord.of(topic, "k", "v")), new ProducerStamp(producer, 0, 1)))
                .isInstanceOf(TributaryApiException.InvalidProducerSequenceException.class)
                .hasMessageContaining("fenced");
        assertThat(client.partitionOffsets(topic, 0).endOffset()).isEqualTo(1);
    }

    @Test
    void missingTopicAndTooLargeRecordAreTypedErrors() {
        assertThatThrownBy(() -> client.produce("no-such-topic", List.of(ProducerRecord.of("no-such-topic", "k", "v")), null))
                .isInstanceOfSatisfying(TributaryApiException.TopicNotFoundException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40401);
                    assertThat(e.getMessage()).contains("no-such-topic");
                });
        String topic = topic();
        client.createTopic(topic, 1, Map.of("max.message.bytes", "100"));
        assertThatThrownBy(() -> client.produce(topic, List.of(ProducerRecord.of(topic, "k", "x".repeat(500))), null))
                .isInstanceOfSatisfying(TributaryApiException.RecordTooLargeException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.isRetriable()).isFalse();
                });
        assertThatThrownBy(() -> client.createTopic("bad name!", 1))
                .isInstanceOfSatisfying(TributaryApiException.class, e -> assertThat(e.status()).isEqualTo(422));
    }

    @Test
    void unreachablePlatformIsARetriableUnavailableError() {
        try (TributaryClient nowhere = TributaryClient.create("http://127.0.0.1:1")) {
            assertThatThrownBy(nowhere::listTopics)
                    .isInstanceOfSatisfying(TributaryUnavailableException.class, e -> assertThat(e.isRetriable()).isTrue());
        }
    }
}
