package io.tributary.orders.messaging;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An incoming event this service has processed, by event id (the record header {@code id}). */
@Entity
@Table(name = "processed_message")
class ProcessedMessage {

    @Id
    private String messageId;
    private String topic;
    @Column(name = "partition_no")
    private int partition;
    @Column(name = "record_offset")
    private long offset;
    private Instant processedAt;

    protected ProcessedMessage() {
        // for JPA
    }

    String messageId() {
        return messageId;
    }
}
