package io.tributary.samples.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.client.ConsumerRecord;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The service's {@code processed_message} table: ids of the incoming events it has applied, each written in the
 * transaction that applied it (Debezium's {@code alreadyProcessed}/{@code processed}, in one statement).
 *
 * <pre>
 * processed_message (message_id text PRIMARY KEY, topic text, partition_no integer, record_offset bigint,
 *                    processed_at timestamptz)
 * </pre>
 */
public final class ProcessedMessages {

    private static final Logger log = LoggerFactory.getLogger(ProcessedMessages.class);

    private static final NewRows PROCESSED =
            new NewRows("processed_message", List.of("message_id", "topic", "partition_no", "record_offset", "processed_at"));

    private final JdbcClient jdbc;
    private final Clock clock;
    private final MeterRegistry meters;

    public ProcessedMessages(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Records the message as processed, in the caller's transaction; false (logged and counted as
     * {@code tributary.consumer.duplicates}) when it was already. Insert-first rather than "check, then insert": a
     * second transaction with the same id waits on the first one's index entry and then sees the conflict.
     */
    public boolean markProcessed(String messageId, ConsumerRecord record) {
        int inserted = jdbc.sql("""
                        INSERT INTO processed_message (message_id, topic, partition_no, record_offset, processed_at)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (message_id) DO NOTHING""")
                .params(messageId, record.topic(), record.partition(), record.offset(), Timestamp.from(clock.instant()))
                .update();
        if (inserted == 0) {
            skipped(messageId, record);
            return false;
        }
        return true;
    }

    /**
     * Records the messages as processed, in the caller's transaction, with one statement per
     * {@value NewRows#ROWS_PER_STATEMENT} of them (a consumer's batch took one round trip per record); returns the ids that
     * were not processed before. A message id given twice is inserted once.
     */
    public Set<String> markAllProcessed(Map<String, ConsumerRecord> messages) {
        Timestamp now = Timestamp.from(clock.instant());
        List<List<?>> rows = new ArrayList<>(messages.size());
        messages.forEach((messageId, record) -> rows.add(List.of(messageId, record.topic(), record.partition(), record.offset(), now)));
        return PROCESSED.insert(jdbc, rows);
    }

    /** A message processed before is skipped: logged and counted as {@code tributary.consumer.duplicates}. */
    void skipped(String messageId, ConsumerRecord record) {
        log.info("Skipping {} (event {}): processed before", record, messageId);
        meters.counter("tributary.consumer.duplicates", "topic", record.topic()).increment();
    }

    /** How many messages were processed. */
    public long count() {
        return jdbc.sql("SELECT count(*) FROM processed_message").query(Long.class).single();
    }
}
