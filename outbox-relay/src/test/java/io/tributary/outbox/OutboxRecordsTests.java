package io.tributary.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.client.Header;
import io.tributary.client.ProducerRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How an outbox row becomes a record, and which topic it goes to. */
class OutboxRecordsTests {

    private static final UUID ID = UUID.fromString("6f1c1d2e-0000-4000-8000-000000000042");

    @Test
    void recordIsKeyedByAggregateWithPayloadAsValueAndIdTypeThenRowHeaders() {
        OutboxRow row = new OutboxRow(ID, "order", "order-42", "OrderPlaced", "{\"amount\": 12.5}",
                "{\"attempt\": 2, \"traceparent\": \"00-abc-01\"}", 7);

        ProducerRecord record = OutboxRecords.record(row, "orders.events");

        assertThat(record.topic()).isEqualTo("orders.events");
        assertThat(record.partition()).isNull();
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("order-42");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"amount\": 12.5}");
        assertThat(record.headers()).containsExactly(Header.of("id", ID.toString()), Header.of("type", "OrderPlaced"),
                Header.of("attempt", "2"), Header.of("traceparent", "00-abc-01"));
    }

    @Test
    void rowWithoutPayloadOrHeadersIsATombstoneWithIdAndType() {
        ProducerRecord record = OutboxRecords.record(new OutboxRow(ID, "order", "order-42", "OrderDeleted", null, null, 1), "t");

        assertThat(record.value()).isNull();
        assertThat(record.headers()).extracting(Header::name).containsExactly("id", "type");
    }

    @Test
    void sameRowGivesTheSameRecordEveryTime() {
        OutboxRow row = new OutboxRow(ID, "order", "order-42", "OrderPlaced", "{}", "{\"b\": 1, \"a\": [1, 2]}", 3);

        assertThat(OutboxRecords.record(row, "t")).isEqualTo(OutboxRecords.record(row, "t"));
    }

    @Test
    void topicComesFromTheMappingElseFromThePrefix() {
        TopicRouter router = new TopicRouter("outbox.event.", Map.of("order", "orders.events"));

        assertThat(router.topic("order")).isEqualTo("orders.events");
        assertThat(router.topic("payment")).isEqualTo("outbox.event.payment");
    }
}
