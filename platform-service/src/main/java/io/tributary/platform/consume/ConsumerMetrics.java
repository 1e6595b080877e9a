package io.tributary.platform.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.TopicLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The consumer meters, all tagged with the group:
 * {@code tributary.consumer.lag{group,topic,partition}} (end offset minus committed offset),
 * {@code tributary.consumer.members{group}}, {@code tributary.consumer.fetch.requests|records|bytes},
 * {@code tributary.consumer.rebalances} and {@code tributary.consumer.commits}. Gauges are refreshed by
 * the group sweep about once a second.
 */
@Component
final class ConsumerMetrics {

    private final MeterRegistry registry;
    private final LogStore logStore;
    private final OffsetStore offsets;
    private final MultiGauge lag;
    private final MultiGauge members;

    ConsumerMetrics(MeterRegistry registry, LogStore logStore, OffsetStore offsets) {
        this.registry = registry;
        this.logStore = logStore;
        this.offsets = offsets;
        this.lag = MultiGauge.builder("tributary.consumer.lag")
                .description("Records between a group's committed offset and the end of the partition")
                .baseUnit("records")
                .register(registry);
        this.members = MultiGauge.builder("tributary.consumer.members")
                .description("Live consumer instances in the group")
                .register(registry);
    }

    void fetched(String group, int records, long bytes) {
        counter("tributary.consumer.fetch.requests", group, "Fetch requests answered").increment();
        if (records > 0) {
            counter("tributary.consumer.fetch.records", group, "Records returned by fetches").increment(records);
            counter("tributary.consumer.fetch.bytes", group, "Key, value and header bytes returned by fetches").increment(bytes);
        }
    }

    void rebalanced(String group) {
        counter("tributary.consumer.rebalances", group, "Rebalances of the group's partition assignment").increment();
    }

    void committed(String group) {
        counter("tributary.consumer.commits", group, "Durable offset commits").increment();
    }

    /** Re-reads committed offsets and partition ends into the gauges. */
    void refresh(GroupCoordinator coordinator) {
        List<MultiGauge.Row<?>> lagRows = new ArrayList<>();
        for (String group : offsets.groups()) {
            offsets.committed(group).forEach((tp, committed) -> {
                Optional<TopicLog> topic = logStore.topic(tp.topic());
                if (topic.isPresent() && tp.partition() < topic.get().partitionCount()) {
                    long end = topic.get().partition(tp.partition()).endOffset();
                    lagRows.add(MultiGauge.Row.of(Tags.of("group", group, "topic", tp.topic(),
                            "partition", Integer.toString(tp.partition())), Math.max(0, end - committed)));
                }
            });
        }
        lag.register(lagRows, true);
        List<MultiGauge.Row<?>> memberRows = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : coordinator.memberCounts().entrySet()) {
            memberRows.add(MultiGauge.Row.of(Tags.of("group", entry.getKey()), entry.getValue()));
        }
        members.register(memberRows, true);
    }

    private Counter counter(String name, String group, String description) {
        return Counter.builder(name).description(description).tag("group", group).register(registry);
    }
}
