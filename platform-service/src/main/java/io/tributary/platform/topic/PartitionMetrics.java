package io.tributary.platform.topic;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.PartitionStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Per-partition gauges {@code tributary.partition.end.offset}, {@code tributary.partition.beginning.offset}
 * and {@code tributary.partition.size} (tags topic, partition), plus {@code tributary.topics}. Refreshed
 * every few seconds rather than on every append, so the produce path pays nothing for them.
 */
@Component
final class PartitionMetrics implements MeterBinder {

    private final LogStore store;
    private MultiGauge endOffsets;
    private MultiGauge beginningOffsets;
    private MultiGauge sizes;

    PartitionMetrics(LogStore store) {
        this.store = store;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        endOffsets = MultiGauge.builder("tributary.partition.end.offset").description("Offset the next record will get").register(registry);
        beginningOffsets = MultiGauge.builder("tributary.partition.beginning.offset").description("First offset still stored").register(registry);
        sizes = MultiGauge.builder("tributary.partition.size").description("Bytes on disk").baseUnit("bytes").register(registry);
        Gauge.builder("tributary.topics", store, s -> s.topics().size()).description("Topics").register(registry);
        refresh();
    }

    @Scheduled(fixedDelayString = "${tributary.platform.metrics-refresh-ms:5000}", initialDelay = 1000)
    void refresh() {
        if (endOffsets == null) {
            return;
        }
        List<MultiGauge.Row<?>> ends = new ArrayList<>();
        List<MultiGauge.Row<?>> beginnings = new ArrayList<>();
        List<MultiGauge.Row<?>> bytes = new ArrayList<>();
        for (Map.Entry<String, List<PartitionStats>> topic : store.stats().entrySet()) {
            for (PartitionStats partition : topic.getValue()) {
                Tags tags = Tags.of("topic", topic.getKey(), "partition", Integer.toString(partition.partition()));
                ends.add(MultiGauge.Row.of(tags, partition.endOffset()));
                beginnings.add(MultiGauge.Row.of(tags, partition.beginningOffset()));
                bytes.add(MultiGauge.Row.of(tags, partition.sizeInBytes()));
            }
        }
        endOffsets.register(ends, true);
        beginningOffsets.register(beginnings, true);
        sizes.register(bytes, true);
    }
}
