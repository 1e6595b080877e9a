package io.tributary.samples.messaging;

import io.tributary.client.ConsumerGroupMember;
import io.tributary.client.TributaryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A service's members of one consumer group, each on a thread of its own (the partitions are divided among
 * them, so the records of different partitions are processed side by side while each partition keeps its order).
 */
public final class ConsumerMembers implements AutoCloseable {

    private final List<ConsumerGroupMember> members;

    private ConsumerMembers(List<ConsumerGroupMember> members) {
        this.members = members;
    }

    /**
     * Starts {@code count} members of {@code group}, each built by {@code settings} (topics, handler, poll timeout...).
     */
    public static ConsumerMembers start(TributaryClient client, String group, int count,
            UnaryOperator<ConsumerGroupMember.Builder> settings) {
        List<ConsumerGroupMember> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(settings.apply(client.consumerGroupMember(group)).build().start());
        }
        return new ConsumerMembers(List.copyOf(members));
    }

    public int size() {
        return members.size();
    }

    /** Stops every member: each finishes the record or batch in hand, which is committed, and leaves the group. */
    @Override
    public void close() {
        members.forEach(ConsumerGroupMember::close);
    }
}
