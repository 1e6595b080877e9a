package io.tributary.platform.topic;

import io.tributary.platform.PlatformProperties;
import io.tributary.platform.log.InvalidTopicConfigException;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.PartitionLog;
import io.tributary.platform.log.TopicAlreadyExistsException;
import io.tributary.platform.log.TopicConfig;
import io.tributary.platform.log.TopicLog;
import io.tributary.platform.log.TopicNames;
import io.tributary.platform.log.TopicNotFoundException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Topic administration and lookup: validates names, partition counts and configs at the edge, then
 * delegates to the {@link LogStore}. Also the one place topics are auto-created on produce.
 */
@Service
public final class TopicService {

    private static final Logger log = LoggerFactory.getLogger(TopicService.class);

    private final LogStore store;
    private final PlatformProperties.Topics settings;

    TopicService(LogStore store, PlatformProperties properties) {
        this.store = store;
        this.settings = properties.topics();
    }

    public List<String> names() {
        return store.topics().stream().map(TopicLog::name).toList();
    }

    /** @throws TopicNotFoundException (also for names that could never be valid) */
    public TopicLog topic(String name) {
        return store.requireTopic(name);
    }

    /** The topic for a produce request: created with defaults if auto-creation is on. */
    public TopicLog topicForProduce(String name) {
        TopicLog topic = store.topic(name).orElse(null);
        if (topic != null) {
            return topic;
        }
        if (!settings.autoCreate()) {
            throw new TopicNotFoundException("Topic " + name + " not found.");
        }
        TopicNames.requireValid(name);
        try {
            TopicLog created = store.createTopic(name, settings.defaultPartitions(), TopicConfig.DEFAULTS);
            log.info("Auto-created topic {} with {} partitions", name, settings.defaultPartitions());
            return created;
        } catch (TopicAlreadyExistsException raced) {
            return store.requireTopic(name);
        }
    }

    public PartitionLog partition(String topic, int partition) {
        return topic(topic).partition(partition);
    }

    public TopicLog create(@Nullable String name, @Nullable Integer partitions, @Nullable Integer replicationFactor,
            @Nullable Map<String, String> configs) {
        if (name == null) {
            throw new InvalidTopicConfigException("topic_name is required");
        }
        TopicNames.requireValid(name);
        int count = partitions == null ? settings.defaultPartitions() : partitions;
        requirePartitionCount(count);
        if (replicationFactor != null && replicationFactor != 1) {
            throw new InvalidTopicConfigException("replication_factor must be 1: Tributary runs as a single node");
        }
        TopicConfig config = TopicConfig.DEFAULTS.with(configs == null ? Map.of() : configs);
        TopicLog topic = store.createTopic(name, count, config);
        log.info("Created topic {} with {} partitions and configs {}", name, count, config.asMap());
        return topic;
    }

    public void delete(String name) {
        store.deleteTopic(name);
        log.info("Deleted topic {}", name);
    }

    public TopicLog increasePartitions(String name, @Nullable Integer newCount) {
        if (newCount == null) {
            throw new InvalidTopicConfigException("partitions_count is required");
        }
        requirePartitionCount(newCount);
        TopicLog topic = topic(name);
        int before = topic.partitionCount();
        topic.increasePartitions(newCount);
        log.info("Increased partitions of topic {} from {} to {}", name, before, newCount);
        return topic;
    }

    public TopicLog updateConfigs(String name, @Nullable Map<String, String> configs) {
        if (configs == null || configs.isEmpty()) {
            throw new InvalidTopicConfigException("configs must name at least one config to change");
        }
        TopicLog topic = topic(name);
        TopicConfig updated = topic.config().with(configs);
        topic.updateConfig(updated);
        log.info("Updated configs of topic {}: {}", name, configs);
        return topic;
    }

    private void requirePartitionCount(int count) {
        if (count < 1 || count > settings.maxPartitions()) {
            throw new InvalidTopicConfigException("partitions_count must be between 1 and " + settings.maxPartitions()
                    + ", was " + count);
        }
    }
}
