package io.tributary.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.platform.log.StoredRecord;
import io.tributary.testing.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The producer against the real platform: batching, idempotent retries, errors. */
class TributaryProducerTests {

    private static final RetryPolicy FAST_RETRY = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(60));

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

    private static String topic(int partitions) {
        String topic = "producer-test-" + UUID.randomUUID().toString().substring(0, 8);
        client.createTopic(topic, partitions);
        return topic;
    }

    @Test
    void queuedRecordsAreBatchedIntoFewRequestsAndKeepKeyOrder() throws Exception {
        String topic = topic(3);
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (TributaryProducer producer = client.producer().batchSize(100).linger(Duration.ofMillis(20)).build()) {
            for (int i = 0; i < 1000; i++) {
                futures.add(producer.send(ProducerRecord.of(topic, "key-" + (i % 7), Integer.toString(i))));
            }
            producer.flush();
            assertThat(futures).allMatch(CompletableFuture::isDone);
        }
        List<StoredRecord> all = new ArrayList<>();
        Set<Long> sequences = new HashSet<>();
        for (int p = 0; p < 3; p++) {
            for (StoredRecord record : platform.read(topic, p)) {
                all.add(record);
                sequences.add(record.producer().sequence());
            }
        }
        assertThat(all).hasSize(1000);
        assertThat(sequences.size()).as("requests").isLessThan(100);
        // Per key, values appear in send order.
        Map<String, List<Integer>> byKey = new java.util.HashMap<>();
        for (int p = 0; p < 3; p++) {
            for (StoredRecord record : platform.read(topic, p)) {
                byKey.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(Integer.parseInt(new String(record.value(), StandardCharsets.UTF_8)));
            }
        }
        byKey.values().forEach(values -> assertThat(values).isSorted());
        assertThat(futures.get(999).get().topic()).isEqualTo(topic);
    }

    @Test
    void retryAfterALostAnswerIsAppendedOnce() throws Exception {
        String topic = topic(1);
        try (ResponseDroppingProxy proxy = new ResponseDroppingProxy(platform.port());
                TributaryClient viaProxy = TributaryClient.builder(proxy.baseUri()).build();
                TributaryProducer producer = viaProxy.producer().retry(FAST_RETRY).build()) {
            producer.send(topic, List.of(ProducerRecord.of(topic, "k", "first")));
            proxy.dropResponses(1);

            List<RecordMetadata> metadata = producer.send(topic, List.of(ProducerRecord.of(topic, "k", "second"),
                    ProducerRecord.of(topic, "k", "third")));

            assertThat(proxy.dropped()).isEqualTo(1);
            assertThat(metadata).extracting(RecordMetadata::offset).containsExactly(1L, 2L);
        }
        List<StoredRecord> stored = platform.read(topic, 0);
        assertThat(stored).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("first", "second", "third");
    }

    @Test
    void retriesWhileThePlatformIsDownAndAppendsOnce() throws Exception {
        String topic = topic(1);
        try (TributaryProducer producer = client.producer().retry(FAST_RETRY).build()) {
            producer.send(topic, List.of(ProducerRecord.of(topic, "k", "before")));
            platform.stop();
            CompletableFuture<List<RecordMetadata>> sent = CompletableFuture.supplyAsync(
                    () -> producer.send(topic, List.of(ProducerRecord.of(topic, "k", "during outage"))));
            platform.restart();

            assertThat(sent.get()).extracting(RecordMetadata::offset).containsExactly(1L);
            producer.send(topic, List.of(ProducerRecord.of(topic, "k", "after")));
        }
        assertThat(platform.read(topic, 0)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("before", "during outage", "after");
    }

    @Test
    void permanentRejectionFailsTheFutureAndTheProducerGoesOn() throws Exception {
        String topic = "producer-test-" + UUID.randomUUID().toString().substring(0, 8);
        client.createTopic(topic, 1, Map.of("max.message.bytes", "200"));
        try (TributaryProducer producer = client.producer().retry(FAST_RETRY).build()) {
            CompletableFuture<RecordMetadata> tooLarge = producer.send(ProducerRecord.of(topic, "k", "x".repeat(1000)));
            producer.flush();
            assertThatThrownBy(tooLarge::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TributaryApiException.RecordTooLargeException.class);
            int epochAfterReject = producer.epoch();

            List<RecordMetadata> next = producer.send(topic, List.of(ProducerRecord.of(topic, "k", "small")));

            assertThat(epochAfterReject).isEqualTo(1);
            assertThat(next).extracting(RecordMetadata::offset).containsExactly(0L);
        }
    }

    @Test
    void producerFencedByANewerEpochOfItsIdFailsWithoutChangingEpoch() {
        String topic = topic(1);
        long id = 500_000 + (long) (Math.random() * 1000);
        try (TributaryProducer old = client.producer().producerId(id).epoch(0).retry(FAST_RETRY).build();
                TributaryProducer successor = client.producer().producerId(id).epoch(1).retry(FAST_RETRY).build()) {
            old.send(topic, List.of(ProducerRecord.of(topic, "k", "from epoch 0")));
            successor.send(topic, List.of(ProducerRecord.of(topic, "k", "from epoch 1")));

            assertThatThrownBy(() -> old.send(topic, List.of(ProducerRecord.of(topic, "k", "zombie"))))
                    .isInstanceOf(TributaryApiException.InvalidProducerSequenceException.class);
            assertThat(old.epoch()).isZero();
        }
        assertThat(platform.read(topic, 0)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("from epoch 0", "from epoch 1");
    }

    @Test
    void nonIdempotentProducerSendsNoStamp() {
        String topic = topic(1);
        try (TributaryProducer producer = client.producer().idempotent(false).build()) {
            producer.send(topic, List.of(ProducerRecord.of(topic, "k", "v")));
        }
        assertThat(platform.read(topic, 0).get(0).producer()).isNull();
    }

    @Test
    void backoffGrowsAndStaysWithinItsBounds() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMinutes(1));
        for (int retry = 1; retry < 20; retry++) {
            long ceiling = Math.min(2000, 100L << Math.min(retry - 1, 20));
            assertThat(policy.backoff(retry).toMillis()).isBetween(ceiling / 2, ceiling);
        }
    }
}
