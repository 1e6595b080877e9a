package io.tributary.payments.messaging;

import java.time.Instant;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface ProcessedMessageRepository extends Repository<ProcessedMessage, String> {

    /**
     * Records the message as processed; 0 when it was already. Insert-first rather than "check, then insert": a
     * second transaction with the same id waits on the first one's index entry and then sees the conflict.
     */
    @Modifying
    @Query(nativeQuery = true, value = """
            INSERT INTO processed_message (message_id, topic, partition_no, record_offset, processed_at)
            VALUES (:messageId, :topic, :partition, :offset, :processedAt)
            ON CONFLICT (message_id) DO NOTHING""")
    int markProcessed(String messageId, String topic, int partition, long offset, Instant processedAt);

    long count();
}
