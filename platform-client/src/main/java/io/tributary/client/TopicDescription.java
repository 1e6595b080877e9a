package io.tributary.client;

import java.util.Map;

/**
 * A topic as {@code GET /topics/{topic}} describes it.
 *
 * @param name       the topic name
 * @param partitions its partition count
 * @param configs    its configs ({@code retention.ms}, ...)
 */
public record TopicDescription(String name, int partitions, Map<String, String> configs) {

    public TopicDescription {
        configs = Map.copyOf(configs);
    }
}
