package io.tributary.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.testing.TestPlatform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consumer-group member loop against the real platform. Skipped (not failed) while the platform has no
 * consumer-group endpoints yet.
 */
class ConsumerGroupMemberTests {

    private static TestPlatform platform;
    private static TributaryClient client;

    @BeforeAll
    static void startPlatform() {
        platform = TestPlatform.shared();
        client = TributaryClient.builder(platform.baseUri()).build();
        Assumptions.assumeTrue(consumerGroupsAvailable(), "the platform has no consumer-group endpoints yet");
    }

    @AfterAll
    static void stopPlatform() {
        client.close();
    }

    private static boolean consumerGroupsAvailable() {
        try {
            client.call("DELETE", "/consumers/probe/instances/probe", null, null, TributaryClient.V2_JSON, Duration.ofSeconds(5));
            return true;
        } catch (TributaryApiException e) {
            return e.errorCode() == TributaryApiException.CONSUMER_INSTANCE_NOT_FOUND;
        }
    }

    private static String topicWith(int records) {
        String topic = "consumer-test-" + UUID.randomUUID().toString().substring(0, 8);
        client.createTopic(topic, 3);
        produce(topic, 0, records);
        return topic;
    }

    private static void produce(String topic, int from, int count) {
        try (TributaryProducer producer = client.producer().build()) {
            producer.send(topic, IntStream.range(from, from + count)
                    .mapToObj(i -> ProducerRecord.of(topic, "key-" + (i % 5), Integer.toString(i)))
                    .toList());
        }
    }

    private static ConsumerGroupMember.Builder member(String group, String topic, List<String> seen) {
        return client.consumerGroupMember(group)
                .topics(topic)
                .pollTimeout(Duration.ofMillis(300))
                .backoff(new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofDays(1)))
                .handler(record -> seen.add(record.valueAsString()));
    }

    @Test
    void handsEveryRecordToTheHandlerAndCommitsAfterProcessing() {
        String topic = topicWith(50);
        String group = "group-" + UUID.randomUUID();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (ConsumerGroupMember member = member(group, topic, seen).build().start()) {
            await().untilAsserted(() -> assertThat(seen).hasSize(50));
        }
        assertThat(Set.copyOf(seen)).hasSize(50);

        produce(topic, 50, 5);
        List<String> later = Collections.synchronizedList(new ArrayList<>());
        try (ConsumerGroupMember member = member(group, topic, later).build().start()) {
            await().untilAsserted(() -> assertThat(later).containsExactlyInAnyOrder("50", "51", "52", "53", "54"));
        }
    }

    @Test
    void recordWhoseHandlerFailedIsDeliveredAgain() {
        String topic = topicWith(20);
        Map<String, Integer> handled = new ConcurrentHashMap<>();
        AtomicBoolean failedOnce = new AtomicBoolean();
        try (ConsumerGroupMember member = client.consumerGroupMember("group-" + UUID.randomUUID())
                .topics(topic)
                .pollTimeout(Duration.ofMillis(300))
                .backoff(new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofDays(1)))
                .handler(record -> {
                    if (record.valueAsString().equals("7") && failedOnce.compareAndSet(false, true)) {
                        throw new IllegalStateException("poison, once");
                    }
                    handled.merge(record.valueAsString(), 1, Integer::sum);
                })
                .build()
                .start()) {
            await().untilAsserted(() -> assertThat(handled).hasSize(20));
            assertThat(failedOnce).isTrue();
            assertThat(member.joins()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void batchHandlerGetsEachFetchWholeInPartitionOrderAndItsOffsetsAreCommittedAfterIt() {
        String topic = topicWith(60);
        String group = "group-" + UUID.randomUUID();
        List<List<ConsumerRecord>> batches = Collections.synchronizedList(new ArrayList<>());
        try (ConsumerGroupMember member = batchMember(group, topic, batches::add).build().start()) {
            await().untilAsserted(() -> assertThat(member.processed()).isEqualTo(60));
        }
        List<ConsumerRecord> all = batches.stream().flatMap(List::stream).toList();
        assertThat(all).extracting(ConsumerRecord::valueAsString).doesNotHaveDuplicates().hasSize(60);
        assertThat(batches).allSatisfy(batch -> assertThat(batch).isNotEmpty());
        for (int partition = 0; partition < 3; partition++) {
            int p = partition;
            assertThat(all.stream().filter(r -> r.partition() == p).map(ConsumerRecord::offset).toList())
                    .as("partition %d in offset order", p).isSorted();
        }

        produce(topic, 60, 5);
        List<List<ConsumerRecord>> later = Collections.synchronizedList(new ArrayList<>());
        try (ConsumerGroupMember member = batchMember(group, topic, later::add).build().start()) {
            await().untilAsserted(() -> assertThat(member.processed()).isEqualTo(5));
        }
        assertThat(later.stream().flatMap(List::stream).map(ConsumerRecord::valueAsString))
                .containsExactlyInAnyOrder("60", "61", "62", "63", "64");
    }

    @Test
    void batchWhoseHandlerFailedIsDeliveredAgainWholeAndNothingOfItIsCommitted() {
        String topic = topicWith(30);
        String group = "group-" + UUID.randomUUID();
        Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        Set<String> failedBatch = ConcurrentHashMap.newKeySet();
        AtomicBoolean failedOnce = new AtomicBoolean();
        try (ConsumerGroupMember member = batchMember(group, topic, batch -> {
            batch.forEach(r -> deliveries.merge(r.valueAsString(), 1, Integer::sum));
            if (batch.stream().anyMatch(r -> r.valueAsString().equals("7")) && failedOnce.compareAndSet(false, true)) {
                batch.forEach(r -> failedBatch.add(r.valueAsString()));
                throw new IllegalStateException("poison, once");
            }
        }).build().start()) {
            await().untilAsserted(() -> assertThat(member.processed()).isEqualTo(30));
            assertThat(member.joins()).isGreaterThanOrEqualTo(2);
        }
        assertThat(deliveries).hasSize(30);
        assertThat(failedBatch).contains("7");
        // Every record of the failed batch came again (it was not committed); none was lost.
        assertThat(failedBatch).allSatisfy(value -> assertThat(deliveries.get(value)).isGreaterThanOrEqualTo(2));

        List<List<ConsumerRecord>> after = Collections.synchronizedList(new ArrayList<>());
        produce(topic, 30, 1);
        try (ConsumerGroupMember member = batchMember(group, topic, after::add).build().start()) {
            await().untilAsserted(() -> assertThat(member.processed()).isEqualTo(1));
        }
        assertThat(after.stream().flatMap(List::stream).map(ConsumerRecord::valueAsString)).containsExactly("30");
    }

    @Test
    void aMemberTakesExactlyOneOfHandlerAndBatchHandler() {
        assertThatThrownBy(() -> client.consumerGroupMember("g").topics("t").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> client.consumerGroupMember("g").topics("t")
                .handler(record -> { }).batchHandler(records -> { }).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one");
    }

    private static ConsumerGroupMember.Builder batchMember(String group, String topic, BatchHandler handler) {
        return client.consumerGroupMember(group)
                .topics(topic)
                .pollTimeout(Duration.ofMillis(300))
                .maxBytes(40)   // a few records per fetch, so there are several batches
                .backoff(new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofDays(1)))
                .batchHandler(handler);
    }

    @Test
    void rejoinsAfterThePlatformRestarts() {
        String topic = topicWith(20);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (ConsumerGroupMember member = member("group-" + UUID.randomUUID(), topic, log)
                .handler(record -> seen.add(record.valueAsString()))
                .build()
                .start()) {
            await().untilAsserted(() -> assertThat(seen).hasSize(20));
            platform.restart();
            produce(topic, 20, 20);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(seen).hasSize(40));
            assertThat(member.joins()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void closeDeletesTheInstance() {
        String topic = topicWith(1);
        String group = "group-" + UUID.randomUUID();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        ConsumerGroupMember member = member(group, topic, seen).name("only").build().start();
        await().untilAsserted(() -> assertThat(seen).hasSize(1));
        member.close();

        assertThatThrownBy(() -> client.call("GET", "/consumers/" + group + "/instances/only/records?timeout=0", null, null,
                TributaryClient.BINARY_V2_JSON, Duration.ofSeconds(5)))
                .isInstanceOf(TributaryApiException.ConsumerInstanceNotFoundException.class);
    }
}
