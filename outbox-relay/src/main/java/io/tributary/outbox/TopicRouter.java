package io.tributary.outbox;

import java.util.Map;

/** Chooses an event's topic from its aggregatetype: an explicit mapping, else prefix + aggregatetype (as Debezium's router). */
final class TopicRouter {

    private final String prefix;
    private final Map<String, String> mapping;

    TopicRouter(String prefix, Map<String, String> mapping) {
        this.prefix = prefix;
        this.mapping = Map.copyOf(mapping);
    }

    String topic(String aggregateType) {
        String mapped = mapping.get(aggregateType);
        return mapped != null ? mapped : prefix + aggregateType;
    }
}
