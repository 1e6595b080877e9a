package io.tributary.orders.messaging;

import io.tributary.client.ConsumerGroupMember;
import io.tributary.client.ConsumerRecord;
import io.tributary.client.TributaryClient;
import io.tributary.orders.OrderSampleProperties;
import io.tributary.orders.order.OrderSaga;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@code payments.events} as the group {@code order-service} ({@code consumers} members, by default one
 * per partition, so verdicts of different partitions are applied side by side while each partition keeps its order)
 * and hands each payment verdict to the {@link OrderSaga}, in one transaction with the processed-message record
 * ({@link IdempotentConsumer}); the {@link ConsumerGroupMember} commits the offset after that.
 *
 * <p>A failure propagates to the member, which commits what was processed before it, rejoins and gets the record
 * again (after its backoff): the partition's order is kept. Records of other types are skipped (a tolerant reader);
 * a record that cannot be parsed is logged and skipped, since retrying cannot fix it (the payment service shows the
 * full retry and dead-letter treatment).
 */
@Component
class PaymentEventsConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PaymentEventsConsumer.class);

    private final TributaryClient client;
    private final OrderSampleProperties properties;
    private final IdempotentConsumer idempotent;
    private final OrderSaga saga;
    private final JsonMapper json;
    private final List<ConsumerGroupMember> members = new ArrayList<>();
    private volatile boolean running;

    PaymentEventsConsumer(TributaryClient client, OrderSampleProperties properties, IdempotentConsumer idempotent,
            OrderSaga saga, JsonMapper json) {
        this.client = client;
        this.properties = properties;
        this.idempotent = idempotent;
        this.saga = saga;
        this.json = json;
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 0; i < properties.consumers(); i++) {
            members.add(client.consumerGroupMember(properties.consumerGroup())
                    .topics(properties.paymentsTopic())
                    .pollTimeout(properties.pollTimeout())
                    .handler(this::handle)
                    .build()
                    .start());
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        members.forEach(ConsumerGroupMember::close);
        members.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    void handle(ConsumerRecord record) {
        Optional<Record> event;
        String id;
        try {
            id = EventTypes.id(record);
            event = EventTypes.decode(record, json);
        } catch (IllegalArgumentException e) {
            log.error("Skipping unprocessable record: {}", e.getMessage());
            return;
        }
        if (event.isEmpty()) {
            return;
        }
        idempotent.processOnce(id, record, () -> {
            Record e = event.get();
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
