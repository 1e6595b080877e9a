package io.tributary.platform.produce;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** {@code tributary.produce.records} and {@code tributary.produce.bytes} per topic; meters cached off the hot path. */
@Component
final class ProduceMetrics {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter[]> byTopic = new ConcurrentHashMap<>();

    ProduceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void produced(String topic, int records, long bytes) {
        Counter[] counters = byTopic.computeIfAbsent(topic, t -> new Counter[] {
                Counter.builder("tributary.produce.records").description("Records appended").tag("topic", t).register(registry),
                Counter.builder("tributary.produce.bytes").description("Key, value and header bytes appended").baseUnit("bytes")
                        .tag("topic", t).register(registry)});
        counters[0].increment(records);
        counters[1].increment(bytes);
    }
}
