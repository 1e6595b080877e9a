package io.tributary.platform.consume;

import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.PartitionLog;
import io.tributary.platform.log.TopicLog;
import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the {@link GroupCoordinator} needs to know of topics: whether a subscription names topics that exist (or a
 * pattern cheap enough to match against every topic name), the partition count of every topic, and the topology a
 * group's assignment was computed for, so a topic that appears or gains partitions triggers a rebalance.
 */
final class GroupTopics {

    private final LogStore logStore;

    GroupTopics(LogStore logStore) {
        this.logStore = logStore;
    }

    /** The request as a subscription; 422 when it names both or neither, 404 for a missing topic. */
    Subscription subscription(SubscriptionRequest request) {
        boolean hasTopics = request.topics() != null && !request.topics().isEmpty();
        boolean hasPattern = request.topicPattern() != null && !request.topicPattern().isEmpty();
        if (hasTopics == hasPattern) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "Give either topics (a non-empty list) or topic_pattern");
        }
        if (hasTopics) {
            for (String topic : request.topics()) {
                TopicPartition.require(topic, 0);
                if (logStore.topic(topic).isEmpty()) {
                    throw new ApiException(ErrorCode.TOPIC_NOT_FOUND, "Topic " + topic + " not found.");
                }
            }
            return Subscription.ofTopics(request.topics());
        }
        Pattern pattern = TopicPatterns.compile(request.topicPattern());
        for (String topic : names()) {
            try {
                TopicPatterns.matches(pattern, topic);
            } catch (TopicPatterns.TooExpensiveException e) {
                throw new ApiException(ErrorCode.UNPROCESSABLE, e.getMessage());
            }
        }
        return Subscription.ofPattern(pattern);
    }

    PartitionLog requirePartition(TopicPartition tp) {
        return logStore.requireTopic(tp.topic()).partition(tp.partition());
    }

    /** Every topic's partition count, by name. */
    Map<String, Integer> partitionCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (TopicLog topic : logStore.topics()) {
            counts.put(topic.name(), topic.partitionCount());
        }
        return counts;
    }

    List<String> names() {
        return logStore.topics().stream().map(TopicLog::name).toList();
    }

    /** The partition counts of the topics some member subscribes to: what a group's assignment depends on. */
    static Map<String, Integer> topology(Collection<Set<String>> subscribedTopics, Map<String, Integer> counts) {
        Map<String, Integer> topology = new TreeMap<>();
        Set<String> all = new HashSet<>();
        subscribedTopics.forEach(all::addAll);
        for (String topic : all) {
            Integer count = counts.get(topic);
            if (count != null) {
                topology.put(topic, count);
            }
        }
        return topology;
    }
}
