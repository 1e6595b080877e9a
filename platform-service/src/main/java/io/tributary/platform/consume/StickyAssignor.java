package io.tributary.platform.consume;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Divides the partitions of the subscribed topics among a group's members: balanced (counts differ
 * by at most one among members that could take the same partitions) and sticky (a partition stays
 * with its previous owner unless balance requires a move). Pure and deterministic.
 *
 * <p>Invariant: every partition of every topic some member subscribes to is owned by exactly one
 * member that subscribes to its topic.
 */
final class StickyAssignor {

    private StickyAssignor() {
    }

    /**
     * @param subscriptions   member id to the topics it subscribes (already resolved from patterns)
     * @param partitionCounts partitions per existing topic; subscribed topics missing here are skipped
     * @param previous        member id to what it owned before (members that left are ignored)
     * @return member id to owned partitions, with an entry (maybe empty) for every member
     */
    static SortedMap<String, Set<TopicPartition>> assign(
            Map<String, Set<String>> subscriptions,
            Map<String, Integer> partitionCounts,
            Map<String, ? extends Set<TopicPartition>> previous) {
        SortedMap<String, Set<TopicPartition>> result = new TreeMap<>();
        subscriptions.keySet().forEach(member -> result.put(member, new TreeSet<>()));

        Map<TopicPartition, @Nullable String> owner = new TreeMap<>();
        for (TopicPartition tp : allPartitions(subscriptions, partitionCounts)) {
            owner.put(tp, null);
        }
        // Stickiness: keep what a live member owned and may still own.
        new TreeMap<>(previous).forEach((member, owned) -> {
            Set<String> topics = subscriptions.get(member);
            if (topics == null) {
                return;
            }
            for (TopicPartition tp : new TreeSet<>(owned)) {
                if (topics.contains(tp.topic()) && owner.containsKey(tp) && owner.get(tp) == null) {
                    owner.put(tp, member);
                    result.get(member).add(tp);
                }
            }
        });
        // New or orphaned partitions go to the least loaded eligible member.
        owner.forEach((tp, current) -> {
            if (current == null) {
                String target = java.util.Objects.requireNonNull(leastLoaded(tp.topic(), subscriptions, result, null));
                owner.put(tp, target);
                result.get(target).add(tp);
            }
        });
        // Balance: move a partition from a member to an eligible one with at least two fewer.
        // Each move lowers the sum of squared counts, so this ends.
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Map.Entry<TopicPartition, @Nullable String> entry : owner.entrySet()) {
                TopicPartition tp = entry.getKey();
                String from = java.util.Objects.requireNonNull(entry.getValue());
                String to = leastLoaded(tp.topic(), subscriptions, result, from);
                if (to != null && result.get(to).size() + 1 < result.get(from).size()) {
                    result.get(from).remove(tp);
                    result.get(to).add(tp);
                    entry.setValue(to);
                    moved = true;
                }
            }
        }
        result.replaceAll((member, owned) -> Collections.unmodifiableSet(owned));
        return result;
    }

    private static List<TopicPartition> allPartitions(Map<String, Set<String>> subscriptions, Map<String, Integer> counts) {
        Set<String> topics = new TreeSet<>();
        subscriptions.values().forEach(topics::addAll);
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            int n = counts.getOrDefault(topic, 0);
            for (int p = 0; p < n; p++) {
                all.add(new TopicPartition(topic, p));
            }
        }
        return all;
    }

    private static @Nullable String leastLoaded(String topic, Map<String, Set<String>> subscriptions,
                                      SortedMap<String, Set<TopicPartition>> result, @Nullable String except) {
        @Nullable String best = null;
        for (Map.Entry<String, Set<TopicPartition>> entry : result.entrySet()) {
            String member = entry.getKey();
            if (member.equals(except) || !subscriptions.get(member).contains(topic)) {
                continue;
            }
            if (best == null || entry.getValue().size() < result.get(best).size()) {
                best = member;
            }
        }
        return best;
    }
}
