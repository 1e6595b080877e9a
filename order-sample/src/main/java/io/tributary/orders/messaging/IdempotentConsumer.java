package io.tributary.orders.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.client.ConsumerRecord;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The idempotent consumer: runs a use case and records the message id as processed in ONE transaction, so a
 * record delivered again (after a crash between the database commit and the offset commit, a rebalance, or a
 * duplicate publish) is recognised and skipped. The use cases join this transaction.
 */
@Component
class IdempotentConsumer {

    private static final Logger log = LoggerFactory.getLogger(IdempotentConsumer.class);

    private final ProcessedMessageRepository processed;
    private final Clock clock;
    private final MeterRegistry meters;

    IdempotentConsumer(ProcessedMessageRepository processed, Clock clock, MeterRegistry meters) {
        this.processed = processed;
        this.clock = clock;
        this.meters = meters;
    }

    /** Runs {@code useCase} unless {@code messageId} was processed before; returns whether it ran. */
    @Transactional
    public boolean processOnce(String messageId, ConsumerRecord record, Runnable useCase) {
        if (processed.markProcessed(messageId, record.topic(), record.partition(), record.offset(), clock.instant()) == 0) {
            log.info("Skipping {} (event {}): processed before", record, messageId);
            meters.counter("tributary.consumer.duplicates", "topic", record.topic()).increment();
            return false;
        }
        useCase.run();
        return true;
    }
}
