package io.tributary.samples.messaging;

import io.tributary.client.ConsumerRecord;
import java.util.Map;
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
    private final BatchMarks marks = new BatchMarks(this);

    public IdempotentConsumer(ProcessedMessages processed, PlatformTransactionManager transactions) {
        this.processed = processed;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Runs {@code useCase} unless {@code messageId} was processed before; returns whether it ran. */
    public boolean processOnce(String messageId, ConsumerRecord record, Runnable useCase) {
        Boolean ran = transaction.execute(status -> {
            if (!markProcessed(messageId, record)) {
                return false;
            }
            useCase.run();
            return true;
        });
        return Boolean.TRUE.equals(ran);
    }

    /**
     * In a batch's transaction, before its records are processed: records all these messages (id to record) as
     * processed with one statement, so that {@link #processOnce} then runs the use case of each one that was not
     * processed before (once, for an id given twice) and skips the others, without a statement of its own. If the
     * transaction rolls back, so do the marks.
     */
    public void markBatch(Map<String, ConsumerRecord> messages) {
        marks.mark(messages.keySet(), ids -> processed.markAllProcessed(messages));
    }

    private boolean markProcessed(String messageId, ConsumerRecord record) {
        return switch (marks.take(messageId)) {
            case APPLY -> true;
            case DUPLICATE -> {
                processed.skipped(messageId, record);
                yield false;
            }
            case NOT_MARKED -> processed.markProcessed(messageId, record);
        };
    }
}
