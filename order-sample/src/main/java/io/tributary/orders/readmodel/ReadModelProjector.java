package io.tributary.orders.readmodel;

import io.tributary.client.ConsumerRecord;
import io.tributary.client.TributaryClient;
import io.tributary.orders.OrderSampleProperties;
import io.tributary.orders.messaging.EventTypes;
import io.tributary.orders.messaging.EventTypes.Decoded;
import io.tributary.samples.messaging.ConsumerMembers;
import io.tributary.samples.messaging.TransactionalBatches;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feeds the {@link ReadModelProjection} from {@code orders.events} and {@code payments.events}, as a consumer group
 * of its own per read-model generation ({@code order-read-model-g<n>}, starting at the earliest offsets).
 *
 * <p>{@link #rebuild()} stops the member (the batch in hand finishes and is committed), drops the read model and
 * starts the next generation with a new group, which has no committed offsets and so replays both topics from the
 * beginning.
 *
 * <p>Each fetched batch is projected in ONE transaction ({@link TransactionalBatches}); if that fails, one
 * transaction per record, where a failure propagates to the member, which gets the batch again (events applied
 * before are skipped by their ids). An unparseable record is logged and skipped.
 */
@Component
public class ReadModelProjector implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadModelProjector.class);

    private final TributaryClient client;
    private final OrderSampleProperties properties;
    private final ReadModelProjection projection;
    private final TransactionalBatches batches;
    private final JsonMapper json;
    private @Nullable ConsumerMembers member;

    ReadModelProjector(TributaryClient client, OrderSampleProperties properties, ReadModelProjection projection,
            TransactionalBatches batches, JsonMapper json) {
        this.client = client;
        this.properties = properties;
        this.projection = projection;
        this.batches = batches;
        this.json = json;
    }

    @Override
    public synchronized void start() {
        startGeneration(projection.generation());
    }

    @Override
    public synchronized void stop() {
        if (member != null) {
            member.close();
            member = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return member != null;
    }

    /** Drops the read model and replays the topics into it from the beginning; returns the new generation. */
    public synchronized long rebuild() {
        stop();
        long generation = projection.reset();
        startGeneration(generation);
        log.info("Rebuilding the read model: generation {}, group {}", generation, group(generation));
        return generation;
    }

    /** The consumer group of the current generation. */
    public String currentGroup() {
        return group(projection.generation());
    }

    private void startGeneration(long generation) {
        member = ConsumerMembers.start(client, group(generation), 1, builder -> builder
                .topics(properties.ordersTopic(), properties.paymentsTopic())
                .autoOffsetReset("earliest")
                .pollTimeout(properties.pollTimeout())
                .batchHandler(batches.handler(this::decode, this::markApplied, this::apply, this::handle)));
    }

    private String group(long generation) {
        return properties.readModelGroup() + "-g" + generation;
    }

    /** One record, in a transaction of its own (a failed batch's records, one by one). */
    private void handle(ConsumerRecord record) {
        apply(decode(record));
    }

    private Decoded decode(ConsumerRecord record) {
        return EventTypes.decodeOnce(record, json);
    }

    /** In the batch's transaction, first: records the ids of its events as applied, in one statement. */
    private void markApplied(List<Decoded> batch) {
        Set<String> ids = new LinkedHashSet<>();
        for (Decoded decoded : batch) {
            if (decoded.isEvent()) {
                ids.add(decoded.id());
            }
        }
        projection.markApplied(ids);
    }

    /** One event, in the caller's transaction (a batch's) or in one of its own. */
    private void apply(Decoded decoded) {
        if (decoded.problem() != null) {
            log.error("Read model skips an unprocessable record: {}", decoded.problem());
        } else if (decoded.isEvent()) {
            projection.apply(decoded.id(), decoded.event().get());
        }
    }
}
