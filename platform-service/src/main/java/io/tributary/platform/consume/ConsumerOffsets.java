package io.tributary.platform.consume;

import io.tributary.platform.log.PartitionLog;
import io.tributary.platform.log.TopicLog;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Commits, committed offsets, seeks, lag and the admin reset. A committed offset is Kafka's: the offset
 * of the next record to consume. Commits are refused (409, nothing changes) for partitions the
 * instance does not own, so a member that lost a partition in a rebalance cannot move its new owner.
 */
@Component
final class ConsumerOffsets {

    private final GroupCoordinator coordinator;
    private final OffsetStore offsets;
    private final LogStore logStore;

    ConsumerOffsets(GroupCoordinator coordinator, OffsetStore offsets, LogStore logStore) {
        this.coordinator = coordinator;
        this.offsets = offsets;
        this.logStore = logStore;
    }

    /** Commits the given offsets, or (none given) everything the instance has fetched. */
    void commit(ConsumerInstance instance, @Nullable List<PartitionOffset> requested) {
        if (requested == null || requested.isEmpty()) {
            synchronized (instance.group) {
                coordinator.requireLive(instance);
                coordinator.commitPositions(instance, instance.owned);
            }
            return;
        }
        Map<TopicPartition, Long> toCommit = new TreeMap<>();
        for (PartitionOffset offset : requested) {
            TopicPartition tp = requireEntry(offset).topicPartition();
            PartitionLog partition = coordinator.requirePartition(tp);
            requireInRange(tp, offset.offset(), partition);
            toCommit.put(tp, offset.offset());
        }
        synchronized (instance.group) {
            coordinator.requireLive(instance);
            requireOwned(instance, toCommit.keySet(), "commit");
            coordinator.commit(instance.groupName(), toCommit);
        }
    }

    /** The group's committed offsets of the given partitions, or (none given) of what the instance owns. */
    CommittedOffsets committed(ConsumerInstance instance, @Nullable List<TopicPartition> requested) {
        Collection<TopicPartition> partitions;
        if (requested == null || requested.isEmpty()) {
            synchronized (instance.group) {
                coordinator.requireLive(instance);
                partitions = new TreeSet<>(instance.owned);
            }
        } else {
            partitions = requested.stream().map(TopicPartition::require).toList();
            partitions.forEach(coordinator::requirePartition);
        }
        List<CommittedOffset> result = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OptionalLong committed = offsets.committed(instance.groupName(), tp);
            result.add(new CommittedOffset(tp.topic(), tp.partition(), committed.orElse(-1), ""));
        }
        return new CommittedOffsets(result);
    }

    /** Sets the next offsets to fetch; each partition must be owned and the offset in [0, end]. */
    void seek(ConsumerInstance instance, SeekRequest request) {
        Map<TopicPartition, Long> targets = new TreeMap<>();
        if (request.offsets() != null) {
            for (PartitionOffset offset : request.offsets()) {
                TopicPartition tp = requireEntry(offset).topicPartition();
                requireInRange(tp, offset.offset(), coordinator.requirePartition(tp));
                targets.put(tp, offset.offset());
            }
        }
        if (request.timestamps() != null) {
            for (PartitionTimestamp timestamp : request.timestamps()) {
                TopicPartition tp = requireEntry(timestamp).topicPartition();
                targets.put(tp, coordinator.requirePartition(tp).offsetForTimestamp(timestamp.epochMillis()));
            }
        }
        if (targets.isEmpty()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "Give offsets or timestamps to seek to");
        }
        seek(instance, targets);
    }

    /** Seeks the partitions to their beginning (true) or end (false). */
    void seekToEdge(ConsumerInstance instance, @Nullable List<TopicPartition> partitions, boolean beginning) {
        if (partitions == null || partitions.isEmpty()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "Give the partitions to seek");
        }
        Map<TopicPartition, Long> targets = new TreeMap<>();
        for (TopicPartition entry : partitions) {
            TopicPartition tp = TopicPartition.require(entry);
            PartitionLog partition = coordinator.requirePartition(tp);
            targets.put(tp, beginning ? partition.beginningOffset() : partition.endOffset());
        }
        seek(instance, targets);
    }

    private void seek(ConsumerInstance instance, Map<TopicPartition, Long> targets) {
        synchronized (instance.group) {
            coordinator.requireLive(instance);
            requireOwned(instance, targets.keySet(), "seek");
            instance.positions.putAll(targets);
        }
        instance.wakeWaiters();
    }

    /** Tributary extension: committed offset, end offset and lag of every partition the group consumes or committed. */
    GroupLag lag(String group) {
        if (!coordinator.knownGroup(group)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "Consumer group " + group + " not found");
        }
        Map<TopicPartition, @Nullable String> owners = new TreeMap<>();
        coordinator.liveGroup(group).ifPresent(live -> {
            synchronized (live) {
                live.members.values().forEach(m -> m.owned.forEach(tp -> owners.put(tp, m.name)));
            }
        });
        SortedMap<TopicPartition, Long> committed = offsets.committed(group);
        Set<TopicPartition> all = new TreeSet<>(committed.keySet());
        all.addAll(owners.keySet());
        List<GroupLag.PartitionLag> rows = new ArrayList<>();
        long total = 0;
        for (TopicPartition tp : all) {
            Optional<TopicLog> topic = logStore.topic(tp.topic());
            if (topic.isEmpty() || tp.partition() >= topic.get().partitionCount()) {
                continue;
            }
            PartitionLog partition = topic.get().partition(tp.partition());
            long beginning = partition.beginningOffset();
            long end = partition.endOffset();
            Long offset = committed.get(tp);
            long lag = Math.max(0, end - (offset == null ? beginning : Math.max(offset, beginning)));
            total += lag;
            rows.add(new GroupLag.PartitionLag(tp.topic(), tp.partition(), offset, beginning, end, lag, owners.get(tp)));
        }
        return new GroupLag(group, total, rows);
    }

    /** Tributary extension: moves a member-less group's committed offsets; 409 while it has members. */
    CommittedOffsets reset(String group, ResetOffsetsRequest request) {
        String to = request.to() == null ? "" : request.to().trim().toLowerCase(Locale.ROOT);
        if (!Set.of("earliest", "latest", "timestamp", "offset").contains(to)) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "to must be earliest, latest, timestamp or offset");
        }
        Long timestamp = null;
        if (to.equals("timestamp")) {
            timestamp = new PartitionTimestamp("", 0, request.timestamp()).epochMillis();
        }
        if (to.equals("offset") && (request.offset() == null || request.offset() < 0)) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "offset must be given and not negative for to=offset");
        }
        Set<TopicPartition> partitions = new TreeSet<>();
        if (request.partitions() != null) {
            request.partitions().forEach(tp -> partitions.add(TopicPartition.require(tp)));
        }
        if (request.topics() != null) {
            for (String name : request.topics()) {
                TopicLog topic = logStore.requireTopic(TopicPartition.require(name, 0).topic());
                for (int p = 0; p < topic.partitionCount(); p++) {
                    partitions.add(new TopicPartition(name, p));
                }
            }
        }
        if (partitions.isEmpty()) {
            partitions.addAll(offsets.committed(group).keySet());
            partitions.removeIf(tp -> logStore.topic(tp.topic()).map(t -> tp.partition() >= t.partitionCount()).orElse(true));
        }
        if (partitions.isEmpty()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "Group " + group + " has no committed offsets; name topics or partitions to reset");
        }
        Map<TopicPartition, Long> targets = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            PartitionLog partition = coordinator.requirePartition(tp);
            long target = switch (to) {
                case "earliest" -> partition.beginningOffset();
                case "latest" -> partition.endOffset();
                case "timestamp" -> partition.offsetForTimestamp(timestamp);
                default -> {
                    requireInRange(tp, request.offset(), partition);
                    yield request.offset();
                }
            };
            targets.put(tp, target);
        }
        coordinator.whileEmpty(group, () -> coordinator.commit(group, targets));
        List<CommittedOffset> result = new ArrayList<>();
        targets.forEach((tp, offset) -> result.add(new CommittedOffset(tp.topic(), tp.partition(), offset, "")));
        return new CommittedOffsets(result);
    }

    private static <T> T requireEntry(@Nullable T entry) {
        if (entry == null) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "Every entry needs a topic and a partition");
        }
        return entry;
    }

    private static void requireInRange(TopicPartition tp, long offset, PartitionLog partition) {
        if (offset < 0) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "Offset " + offset + " for " + tp.topic() + " partition "
                    + tp.partition() + " must not be negative");
        }
        long end = partition.endOffset();
        if (offset > end) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "Offset " + offset + " for " + tp.topic() + " partition "
                    + tp.partition() + " is beyond its end offset " + end);
        }
    }

    private static void requireOwned(ConsumerInstance instance, Collection<TopicPartition> partitions, String what) {
        Set<TopicPartition> notOwned = new TreeSet<>(partitions);
        notOwned.removeAll(instance.owned);
        if (!notOwned.isEmpty()) {
            throw new ApiException(ErrorCode.ILLEGAL_STATE, "Cannot " + what + " " + notOwned + ": consumer instance "
                    + instance.name + " does not own them (now owns " + instance.owned + "); nothing was changed");
        }
    }

}
