package io.tributary.payments.messaging;

import io.tributary.client.ConsumerRecord;
import io.tributary.client.RetryPolicy;
import io.tributary.client.TributaryClient;
import io.tributary.client.TributaryInterruptedException;
import io.tributary.payments.PaymentSampleProperties;
import io.tributary.payments.deadletter.DeadLetters;
import io.tributary.payments.payment.PaymentService;
import io.tributary.samples.messaging.ConsumerMembers;
import io.tributary.samples.messaging.IdempotentConsumer;
import io.tributary.samples.messaging.TransactionalBatches;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@code orders.events} as the consumer group {@code payment-service} and drives the payment side of the
 * saga: {@code OrderCreated -> charge}, {@code OrderCancelled -> refund}.
 *
 * <p>Each fetched batch is processed in ONE transaction ({@link TransactionalBatches}): its records are parsed once,
 * the accounts they touch are locked in id order (batches of different members then queue instead of deadlocking),
 * their ids are recorded as processed in one statement, then each event not processed before is applied
 * ({@link IdempotentConsumer}); the member commits the batch's offsets after that transaction. If anything in the batch fails, the transaction is rolled back and the
 * batch is processed record by record, each with the per-record rules: parse (a poison message goes to the
 * dead-letter topic at once), then process it in a transaction of its own. A failure is retried <em>in place</em>
 * with exponential backoff (the partition waits, so events of an order are never reordered); after
 * {@code retry.max-attempts} the record goes to the dead-letter topic and the partition moves on.
 */
@Component
class OrderEventsConsumer implements SmartLifecycle {

    static final String HEADER_ID = "id";
    static final String HEADER_TYPE = "type";

    private static final Logger log = LoggerFactory.getLogger(OrderEventsConsumer.class);

    private final TributaryClient client;
    private final PaymentSampleProperties properties;
    private final IdempotentConsumer idempotent;
    private final TransactionalBatches batches;
    private final PaymentService payments;
    private final DeadLetters deadLetters;
    private final JsonMapper json;
    private final RetryPolicy backoff;
    private volatile @Nullable ConsumerMembers members;
    private volatile boolean running;

    OrderEventsConsumer(TributaryClient client, PaymentSampleProperties properties, IdempotentConsumer idempotent,
            TransactionalBatches batches, PaymentService payments, DeadLetters deadLetters, JsonMapper json) {
        this.client = client;
        this.properties = properties;
        this.idempotent = idempotent;
        this.batches = batches;
        this.payments = payments;
        this.deadLetters = deadLetters;
        this.json = json;
        PaymentSampleProperties.Retry retry = properties.retry();
        this.backoff = new RetryPolicy(retry.initialBackoff(), retry.maxBackoff(), Duration.ZERO);
    }

    @Override
    public synchronized void start() {
        ensureTopics();
        running = true;
        ConsumerMembers started = ConsumerMembers.start(client, properties.consumerGroup(), properties.consumers(),
                member -> member
                        .topics(properties.ordersTopic())
                        .pollTimeout(properties.pollTimeout())
                        .batchHandler(batches.handler(this::parse, this::prepare, this::process, this::handle)));
        members = started;
        log.info("Consuming {} as group {} with {} member(s)", properties.ordersTopic(), properties.consumerGroup(),
                started.size());
    }

    @Override
    public synchronized void stop() {
        running = false;
        ConsumerMembers started = members;
        members = null;
        if (started != null) {
            started.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The topics this service reads and writes, created if missing (waiting for the platform to come up). */
    private void ensureTopics() {
        new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMinutes(2)).execute(() -> {
            for (String topic : List.of(properties.ordersTopic(), properties.paymentsTopic(), properties.deadLetterTopic())) {
                client.createTopicIfAbsent(topic, properties.partitions());
            }
            return null;
        });
    }

    /** Handles one record: processed, or dead-lettered; throws only when stopping (the record is then redelivered). */
    void handle(ConsumerRecord record) {
        for (int attempt = 1; ; attempt++) {
            try {
                process(parse(record));
                return;
            } catch (PoisonMessageException e) {
                log.warn("Poison message {}: {}", record, e.getMessage());
                deadLetters.deadLetter(record, e, attempt);
                return;
            } catch (RuntimeException e) {
                if (attempt >= properties.retry().maxAttempts()) {
                    log.warn("Giving up on {} after {} attempts: {}", record, attempt, e.toString());
                    deadLetters.deadLetter(record, e, attempt);
                    return;
                }
                Duration wait = backoff.backoff(attempt);
                log.info("Attempt {} of {} failed ({}); retrying in {} ms", attempt, record, e.toString(), wait.toMillis());
                pause(wait);
            }
        }
    }

    /**
     * Locks the accounts of a batch's events in id order, then records the events as processed in one statement
     * (after the locks, as each record did after them before: a batch that waits for another's accounts holds no
     * processed-message entries meanwhile).
     */
    private void prepare(List<IncomingEvent> batch) {
        Set<String> accounts = new TreeSet<>();
        for (IncomingEvent incoming : batch) {
            if (incoming.event() instanceof OrderCreated created) {
                accounts.add(created.customerId());
            } else if (incoming.event() instanceof OrderCancelled cancelled) {
                accounts.add(cancelled.customerId());
            }
        }
        payments.lockAccounts(accounts);
        Map<String, ConsumerRecord> messages = new LinkedHashMap<>();
        batch.forEach(incoming -> messages.putIfAbsent(incoming.id(), incoming.record()));
        idempotent.markBatch(messages);
    }

    /** One event, in the caller's transaction (a batch's) or in one of its own. */
    private void process(IncomingEvent incoming) {
        idempotent.processOnce(incoming.id(), incoming.record(), () -> {
            if (incoming.event() instanceof OrderCreated created) {
                payments.charge(created);
            } else if (incoming.event() instanceof OrderCancelled cancelled) {
                payments.refund(cancelled);
            }
        });
    }

    /** The record's event id and event; a record without them, or that does not parse, is poison. */
    private IncomingEvent parse(ConsumerRecord record) {
        String id = record.header(HEADER_ID).orElseThrow(() -> new PoisonMessageException("no event id header"));
        String type = record.header(HEADER_TYPE).orElseThrow(() -> new PoisonMessageException("no type header"));
        Class<? extends OrderEvent> eventClass = switch (type) {
            case "OrderCreated" -> OrderCreated.class;
            case "OrderCancelled" -> OrderCancelled.class;
            default -> throw new PoisonMessageException("unknown event type " + type);
        };
        String value = record.valueAsString();
        if (value == null) {
            throw new PoisonMessageException("no payload");
        }
        try {
            OrderEvent event = json.readValue(value, eventClass);
            if (event.orderId() == null) {
                throw new PoisonMessageException("no orderId in " + type);
            }
            return new IncomingEvent(record, id, event);
        } catch (JacksonException e) {
            throw new PoisonMessageException("unparseable " + type + ": " + e.getOriginalMessage(), e);
        }
    }

    /** A record parsed once: a batch locks its accounts and applies it from this. */
    private record IncomingEvent(ConsumerRecord record, String id, OrderEvent event) {
    }

    /** Waits before the next attempt; stopping or an interrupt ends the wait and leaves the record uncommitted. */
    private void pause(Duration wait) {
        if (!running) {
            throw new IllegalStateException("stopping; the record will be delivered again");
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TributaryInterruptedException(e);
        }
    }
}
