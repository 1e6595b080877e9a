package io.tributary.payments.deadletter;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A record that could not be processed, as published to the dead-letter topic: where it came from, why it failed,
 * and the original key, value and headers (so it can be redriven unchanged). One row per source record, so a record
 * dead-lettered again after a crash is not listed twice.
 */
@Entity
@Table(name = "dead_letter")
public class DeadLetter {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String sourceTopic;
    private int sourcePartition;
    private long sourceOffset;
    private @Nullable String recordKey;
    private byte @Nullable [] recordValue;
    /** The original headers as a JSON array of {@code {"name", "value"}} (values as UTF-8 text). */
    @Column(name = "headers_json")
    private String headersJson;
    private String exceptionClass;
    private @Nullable String exceptionMessage;
    private int attempts;
    private Instant failedAt;
    private int dltPartition;
    private long dltOffset;
    private @Nullable Instant redrivenAt;

    protected DeadLetter() {
        // for JPA
    }

    DeadLetter(String sourceTopic, int sourcePartition, long sourceOffset, @Nullable String recordKey,
            byte @Nullable [] recordValue, String headersJson, String exceptionClass, @Nullable String exceptionMessage,
            int attempts, Instant failedAt, int dltPartition, long dltOffset) {
        this.sourceTopic = sourceTopic;
        this.sourcePartition = sourcePartition;
        this.sourceOffset = sourceOffset;
        this.recordKey = recordKey;
        this.recordValue = recordValue;
        this.headersJson = headersJson;
        this.exceptionClass = exceptionClass;
        this.exceptionMessage = exceptionMessage;
        this.attempts = attempts;
        this.failedAt = failedAt;
        this.dltPartition = dltPartition;
        this.dltOffset = dltOffset;
    }

    void redriven(Instant now) {
        redrivenAt = now;
    }

    public Long id() {
        return id;
    }

    public String sourceTopic() {
        return sourceTopic;
    }

    public int sourcePartition() {
        return sourcePartition;
    }

    public long sourceOffset() {
        return sourceOffset;
    }

    public @Nullable String recordKey() {
        return recordKey;
    }

    public byte @Nullable [] recordValue() {
        return recordValue;
    }

    public String headersJson() {
        return headersJson;
    }

    public String exceptionClass() {
        return exceptionClass;
    }

    public @Nullable String exceptionMessage() {
        return exceptionMessage;
    }

    public int attempts() {
        return attempts;
    }

    public Instant failedAt() {
        return failedAt;
    }

    public int dltPartition() {
        return dltPartition;
    }

    public long dltOffset() {
        return dltOffset;
    }

    public @Nullable Instant redrivenAt() {
        return redrivenAt;
    }
}
