package io.tributary.benchmarks.relay;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.http.PlatformApi;
import io.tributary.benchmarks.services.TopicReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The outbox rows of the benchmark, shaped like the order service's {@code OrderCreated} events (aggregate type,
 * an order id as aggregate id, a JSON payload of ~250 bytes), written with the statement of
 * {@code io.tributary.outbox.OutboxWriter} so the migration's position trigger runs as in production.
 * Each payload carries what the checks need: {@code seq} (unique, 0..n-1), {@code aggregate} and {@code index}
 * (the event's place within its aggregate, for the order check) and {@code due} (when it was due, for latency).
 */
final class OutboxRows {

    static final String INSERT = "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, headers)"
            + " VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb)";
    /** One row, as {@code OutboxWriter} inserts it: the position the trigger assigned comes back for the notification. */
    static final String INSERT_RETURNING_POSITION = INSERT + " RETURNING position";

    private OutboxRows() {
    }

    /** The aggregate id of aggregate number {@code aggregate}. */
    static String aggregateId(long aggregate) {
        return "order-" + aggregate;
    }

    /** Binds row {@code seq} of aggregate {@code aggregate} (its {@code index}-th event) to the INSERT. */
    static void bind(PreparedStatement insert, String aggregateType, long seq, long aggregate, long index, long dueNanos)
            throws SQLException {
        String orderId = aggregateId(aggregate);
        insert.setObject(1, UUID.randomUUID());
        insert.setString(2, aggregateType);
        insert.setString(3, orderId);
        insert.setString(4, "OrderCreated");
        insert.setString(5, "{\"seq\":" + seq + ",\"aggregate\":" + aggregate + ",\"index\":" + index + ",\"due\":" + dueNanos
                + ",\"orderId\":\"" + orderId + "\",\"customerId\":\"customer-" + (aggregate % 997) + "\",\"amount\":120.00,"
                + "\"currency\":\"EUR\",\"items\":[{\"sku\":\"book-42\",\"quantity\":2},{\"sku\":\"lamp-7\",\"quantity\":1}],"
                + "\"occurredAt\":\"2026-11-26T03:36:00.123456Z\"}");
        insert.setString(6, null);
    }

    /**
     * Inserts {@code rows} rows over {@code aggregates} aggregates (row j is event j / aggregates of aggregate
     * j % aggregates), in JDBC batches of {@code batch} rows, one transaction per batch, on one connection — how a
     * service that writes many events at once would. Returns the seconds it took.
     */
    static double insertBacklog(Connection connection, String aggregateType, int rows, int aggregates, int batch)
            throws SQLException {
        connection.setAutoCommit(false);
        long start = System.nanoTime();
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (int j = 0; j < rows; j++) {
                bind(insert, aggregateType, j, j % aggregates, j / aggregates, 0);
                insert.addBatch();
                if ((j + 1) % batch == 0 || j == rows - 1) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Reads the topic back: every row's event exactly once, and each aggregate's events in their order. */
    static String verifyPublished(PlatformApi api, String topic, int backlog) {
        List<TopicReader.Record> records = TopicReader.readAll(api, topic, backlog, Duration.ofSeconds(30));
        BitSet seen = new BitSet(backlog);
        Map<Long, Long> lastIndex = new HashMap<>();
        for (TopicReader.Record record : records) {
            JsonNode value = record.valueJson();
            int seq = value.path("seq").asInt();
            if (seen.get(seq)) {
                throw new IllegalStateException("Event " + seq + " is in " + topic + " twice");
            }
            seen.set(seq);
            long aggregate = value.path("aggregate").asLong();
            long index = value.path("index").asLong();
            Long before = lastIndex.put(aggregate, index);
            if (before != null && before >= index) {
                throw new IllegalStateException("Aggregate " + aggregate + ": event " + index + " after event " + before + " in " + topic);
            }
        }
        if (seen.cardinality() != backlog || records.size() != backlog) {
            throw new IllegalStateException(topic + " holds " + records.size() + " records, " + seen.cardinality() + " distinct, of "
                    + backlog + " rows");
        }
        return "read back: " + Report.number(backlog) + " events, each exactly once, in order per aggregate";
    }
}
