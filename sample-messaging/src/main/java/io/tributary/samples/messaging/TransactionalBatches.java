package io.tributary.samples.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.client.BatchHandler;
import io.tributary.client.ConsumerRecord;
import io.tributary.client.RecordHandler;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Processes each fetched batch in ONE database transaction, so a consumer pays one commit (one WAL flush) per
 * batch instead of one per record; when that transaction fails, the batch is rolled back whole and processed again
 * record by record, each in a transaction of its own, with the service's own per-record rules (retries and
 * dead letters, or skipping). So the batch is an optimisation only: what happens to each record is what the
 * per-record handler does to it.
 *
 * <p>Order: the records of a partition are applied in their order, in the batch and in the fallback. A crash
 * mid-batch rolls the batch back and the member has committed none of its offsets, so it comes again; records the
 * fallback applied before a crash or a failure come again too, and the processed-message ids skip them.
 */
public final class TransactionalBatches {

    private static final Logger log = LoggerFactory.getLogger(TransactionalBatches.class);

    private final TransactionTemplate transaction;
    private final MeterRegistry meters;

    public TransactionalBatches(PlatformTransactionManager transactions, MeterRegistry meters) {
        this.transaction = new TransactionTemplate(transactions);
        this.meters = meters;
    }

    /** A batch handler: {@code inBatch} for each record in one transaction, else {@code alone} for each record. */
    public BatchHandler handler(RecordHandler inBatch, RecordHandler alone) {
        return handler(record -> record, records -> { }, record -> handleUnchecked(inBatch, record), alone);
    }

    /**
     * As {@link #handler(RecordHandler, RecordHandler)}, for a service that looks at the whole batch before it
     * applies any of it (e.g. to lock the rows the batch will change in one fixed order, so that batches of
     * different members cannot deadlock). In the batch's transaction, {@code parse} turns each record into what the
     * service works on, once; {@code prepare} sees them all; then {@code inBatch} applies each. A record that
     * {@code parse} rejects fails the batch, which then goes record by record to {@code alone}.
     */
    public <T> BatchHandler handler(Function<ConsumerRecord, T> parse, Consumer<List<T>> prepare, Consumer<T> inBatch,
            RecordHandler alone) {
        return records -> {
            try {
                transaction.executeWithoutResult(status -> {
                    List<T> parsed = records.stream().map(parse).toList();
                    prepare.accept(parsed);
                    parsed.forEach(inBatch);
                });
            } catch (RuntimeException e) {
                String topic = records.get(0).topic();
                log.info("Batch of {} record(s) from {} failed ({}); processing them one by one", records.size(),
                        records.get(0), e.toString());
                meters.counter("tributary.consumer.batch.fallbacks", "topic", topic).increment();
                for (ConsumerRecord record : records) {
                    alone.handle(record);
                }
                return;
            }
            meters.summary("tributary.consumer.batch.records", "topic", records.get(0).topic()).record(records.size());
        };
    }

    private static void handleUnchecked(RecordHandler handler, ConsumerRecord record) {
        try {
            handler.handle(record);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Handler failed on " + record, e);
        }
    }
}
