package io.tributary.samples.messaging;

import io.tributary.client.ConsumerRecord;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The idempotent consumer: runs a use case and records the message id as processed in ONE transaction, so a
 * record delivered again (after a crash between the database commit and the offset commit, a rebalance, a failed
 * batch, or a duplicate publish) is recognised and skipped. Inside a batch transaction
 * ({@link TransactionalBatches}) it joins that transaction; the use cases join it too.
 */
public final class IdempotentConsumer {

    private final ProcessedMessages processed;
    private final TransactionTemplate transaction;

    public IdempotentConsumer(ProcessedMessages processed, PlatformTransactionManager transactions) {
        this.processed = processed;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Runs {@code useCase} unless {@code messageId} was processed before; returns whether it ran. */
    public boolean processOnce(String messageId, ConsumerRecord record, Runnable useCase) {
        Boolean ran = transaction.execute(status -> {
            if (!processed.markProcessed(messageId, record)) {
                return false;
            }
            useCase.run();
            return true;
        });
        return Boolean.TRUE.equals(ran);
    }
}
