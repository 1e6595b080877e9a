package io.tributary.orders.messaging;

import io.tributary.client.ConsumerRecord;
import io.tributary.client.TributaryClient;
import io.tributary.orders.OrderSampleProperties;
import io.tributary.orders.messaging.EventTypes.Decoded;
import io.tributary.orders.order.OrderSaga;
import io.tributary.samples.messaging.ConsumerMembers;
import io.tributary.samples.messaging.IdempotentConsumer;
import io.tributary.samples.messaging.TransactionalBatches;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@code payments.events} as the group {@code order-service} ({@code consumers} members, by default one
 * per partition, so verdicts of different partitions are applied side by side while each partition keeps its order)
 * and hands each payment verdict to the {@link OrderSaga}, in one transaction with the processed-message record
 * ({@link IdempotentConsumer}).
 *
 * <p>Each fetched batch is applied in ONE transaction ({@link TransactionalBatches}), its event ids recorded as
 * processed first, in one statement; the member commits the batch's offsets after that. If the batch transaction fails, it is rolled back and its records are applied one
 * transaction each; a failure there propagates to the member, which rejoins and gets the batch again (after its
 * backoff; what was applied is skipped by its id): the partition's order is kept. Records of other types are
 * skipped (a tolerant reader); a record that cannot be parsed is logged and skipped, since retrying cannot fix it
 * (the payment service shows the full retry and dead-letter treatment).
 */
@Component
class PaymentEventsConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PaymentEventsConsumer.class);

    private final TributaryClient client;
    private final OrderSampleProperties properties;
    private final IdempotentConsumer idempotent;
    private final TransactionalBatches batches;
    private final OrderSaga saga;
    private final JsonMapper json;
    private volatile @Nullable ConsumerMembers members;

    PaymentEventsConsumer(TributaryClient client, OrderSampleProperties properties, IdempotentConsumer idempotent,
            TransactionalBatches batches, OrderSaga saga, JsonMapper json) {
        this.client = client;
        this.properties = properties;
        this.idempotent = idempotent;
        this.batches = batches;
        this.saga = saga;
        this.json = json;
    }

    @Override
    public synchronized void start() {
        members = ConsumerMembers.start(client, properties.consumerGroup(), properties.consumers(), member -> member
                .topics(properties.paymentsTopic())
                .pollTimeout(properties.pollTimeout())
                .batchHandler(batches.handler(this::decode, this::markProcessed, this::apply, this::handle)));
    }

    @Override
    public synchronized void stop() {
        ConsumerMembers running = members;
        members = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public boolean isRunning() {
        return members != null;
    }

    /** One record, in a transaction of its own (a failed batch's records, one by one). */
    void handle(ConsumerRecord record) {
        apply(decode(record));
    }

    private Decoded decode(ConsumerRecord record) {
        return EventTypes.decodeOnce(record, json);
    }

    /** In the batch's transaction, first: records the ids of its events as processed, in one statement. */
    private void markProcessed(List<Decoded> batch) {
        Map<String, ConsumerRecord> messages = new LinkedHashMap<>();
        for (Decoded decoded : batch) {
            if (decoded.isEvent()) {
                messages.putIfAbsent(decoded.id(), decoded.record());
            }
        }
        idempotent.markBatch(messages);
    }

    /** One event, in the caller's transaction (a batch's) or in one of its own. */
    private void apply(Decoded decoded) {
        if (decoded.problem() != null) {
            log.error("Skipping unprocessable record: {}", decoded.problem());
            return;
        }
        if (!decoded.isEvent()) {
            return;
        }
        Record e = decoded.event().get();
        idempotent.processOnce(decoded.id(), decoded.record(), () -> {
            if (e instanceof PaymentCompleted completed) {
                saga.onPaymentCompleted(completed);
            } else if (e instanceof PaymentFailed failed) {
                saga.onPaymentFailed(failed);
            } else if (e instanceof PaymentRefunded refunded) {
                saga.onPaymentRefunded(refunded);
            }
        });
    }
}
