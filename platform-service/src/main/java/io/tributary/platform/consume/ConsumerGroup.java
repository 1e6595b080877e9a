package io.tributary.platform.consume;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A consumer group's live state: its members and the topics' partition counts the current assignment
 * was computed for. Its monitor guards the group and all its members' state; every change of
 * membership, assignment, positions or commits happens while holding it.
 */
final class ConsumerGroup {

    private final String name;
    /** Members by instance name, in join order. */
    final Map<String, ConsumerInstance> members = new LinkedHashMap<>();
    /** Partition counts of the subscribed topics at the last rebalance; a change triggers one. */
    Map<String, Integer> topology = Map.of();
    int generation;
    /** Set when the (empty) group was dropped from the registry; a joiner must then look it up again. */
    boolean removed;

    ConsumerGroup(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    boolean hasSubscribedMembers() {
        return members.values().stream().anyMatch(m -> m.subscription != null);
    }
}
