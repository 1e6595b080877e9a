package io.tributary.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.client.generated.ApiClient;
import io.tributary.client.generated.ApiException;
import io.tributary.client.generated.api.ConsumersApi;
import io.tributary.client.generated.api.ProduceApi;
import io.tributary.client.generated.api.TopicAdminApi;
import io.tributary.client.generated.api.TopicsApi;
import io.tributary.client.generated.model.CommitRequest;
import io.tributary.client.generated.model.ConsumerRecord;
import io.tributary.client.generated.model.CreateConsumerRequest;
import io.tributary.client.generated.model.NewTopic;
import io.tributary.client.generated.model.OffsetRecordSent;
import io.tributary.client.generated.model.OffsetRecordSentList;
import io.tributary.client.generated.model.PartitionOffset;
import io.tributary.client.generated.model.ProducerRecord;
import io.tributary.client.generated.model.ProducerRecordList;
import io.tributary.client.generated.model.SubscriptionRequest;
import io.tributary.platform.log.StoredRecord;
import io.tributary.testing.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the running platform through the client that the build generates from {@code docs/openapi.json}
 * (package {@code io.tributary.client.generated}), as a user of the spec would: create a topic, produce
 * (idempotently), consume, commit.
 */
class GeneratedClientTests {

    private static TestPlatform platform;
    private static ApiClient api;

    @BeforeAll
    static void startPlatform() {
        platform = TestPlatform.shared();
        api = new ApiClient();
        api.updateBaseUri(platform.baseUri().toString());
    }

    @Test
    void createsATopicProducesIdempotentlyAndReadsOffsets() throws Exception {
        String topic = "generated-" + UUID.randomUUID().toString().substring(0, 8);
        new TopicAdminApi(api).createTopic(new NewTopic().topicName(topic).partitionsCount(2).replicationFactor(1));
        assertThat(new TopicsApi(api).listTopics()).contains(topic);

        ProducerRecordList records = new ProducerRecordList().records(List.of(
                new ProducerRecord().key("order-1").value(Map.of("amount", 12.5)),
                new ProducerRecord().key("order-1").value(Map.of("amount", 13))));
        ProduceApi produce = new ProduceApi(api);
        OffsetRecordSentList first = produce.send(topic, records, 77L, 0, 0L);
        OffsetRecordSentList retried = produce.send(topic, records, 77L, 0, 0L);

        assertThat(first.getOffsets()).extracting(OffsetRecordSent::getOffset).containsExactly(0L, 1L);
        assertThat(retried.getOffsets()).isEqualTo(first.getOffsets());
        int partition = first.getOffsets().get(0).getPartition();
        assertThat(new TopicsApi(api).getOffsets(topic, partition).getEndOffset()).isEqualTo(2L);
        List<StoredRecord> stored = platform.read(topic, partition);
        assertThat(new String(stored.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("{\"amount\":13}");
    }

    @Test
    void consumesAndCommitsAndANewMemberResumesAfterTheCommit() throws Exception {
        String topic = "generated-" + UUID.randomUUID().toString().substring(0, 8);
        new TopicAdminApi(api).createTopic(new NewTopic().topicName(topic).partitionsCount(1).replicationFactor(1));
        ProduceApi produce = new ProduceApi(api);
        produce.send(topic, new ProducerRecordList().records(List.of(
                new ProducerRecord().key("k").value(Map.of("n", 1)),
                new ProducerRecord().key("k").value(Map.of("n", 2)))), null, null, null);
        ConsumersApi consumers = new ConsumersApi(api);
        String group = "generated-group-" + UUID.randomUUID();

        List<ConsumerRecord> first = join(consumers, group, "first", topic, 2);
        assertThat(first).extracting(ConsumerRecord::getValue).containsExactly(Map.of("n", 1), Map.of("n", 2));
        long next = first.get(1).getOffset() + 1;
        consumers.commit(group, "first", new CommitRequest().offsets(List.of(
                new PartitionOffset().topic(topic).partition(0).offset(next))));
        consumers.deleteConsumer(group, "first");

        produce.send(topic, new ProducerRecordList().records(List.of(
                new ProducerRecord().key("k").value(Map.of("n", 3)))), null, null, null);
        List<ConsumerRecord> second = join(consumers, group, "second", topic, 1);
        assertThat(second).extracting(ConsumerRecord::getValue).containsExactly(Map.of("n", 3));
        consumers.deleteConsumer(group, "second");
    }

    /** Creates a JSON-format member, subscribes it, and long-polls until {@code expected} records arrived. */
    private static List<ConsumerRecord> join(ConsumersApi consumers, String group, String name, String topic, int expected)
            throws Exception {
        consumers.createConsumer(group, new CreateConsumerRequest().name(name).format(CreateConsumerRequest.FormatEnum.JSON)
                .autoOffsetReset(CreateConsumerRequest.AutoOffsetResetEnum.EARLIEST));
        consumers.subscribe(group, name, new SubscriptionRequest().topics(List.of(topic)));
        List<ConsumerRecord> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            received.addAll(consumers.poll(group, name, 500L, null, "application/vnd.kafka.json.v2+json"));
            return received.size() >= expected;
        });
        assertThat(received).hasSize(expected);
        return received;
    }

    @Test
    void errorsCarryTheStatusAndTheV2ErrorBody() {
        assertThatThrownBy(() -> new TopicsApi(api).getTopic("no-such-topic"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getResponseBody()).contains("40401");
                });
    }
}
