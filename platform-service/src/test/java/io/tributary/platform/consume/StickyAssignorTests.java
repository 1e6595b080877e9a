package io.tributary.platform.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StickyAssignorTests {

    private static final Map<String, Integer> SIX = Map.of("orders", 6);

    @Test
    void twoMembersShareSixPartitionsThreeEach() {
        SortedMap<String, Set<TopicPartition>> result = StickyAssignor.assign(
                Map.of("a", Set.of("orders"), "b", Set.of("orders")), SIX, Map.of());

        assertThat(result.get("a")).hasSize(3);
        assertThat(result.get("b")).hasSize(3);
        assertThat(union(result)).hasSize(6);
        assertThat(intersection(result.get("a"), result.get("b"))).isEmpty();
    }

    @Test
    void theRemainingMemberGetsEverythingWhenTheOtherLeaves() {
        SortedMap<String, Set<TopicPartition>> before = StickyAssignor.assign(
                Map.of("a", Set.of("orders"), "b", Set.of("orders")), SIX, Map.of());

        SortedMap<String, Set<TopicPartition>> after = StickyAssignor.assign(Map.of("a", Set.of("orders")), SIX, before);

        assertThat(after.get("a")).hasSize(6).containsAll(before.get("a"));
        assertThat(after).doesNotContainKey("b");
    }

    @Test
    void aJoiningMemberTakesOnlyWhatBalanceRequires() {
        SortedMap<String, Set<TopicPartition>> alone = StickyAssignor.assign(Map.of("a", Set.of("orders")), SIX, Map.of());

        SortedMap<String, Set<TopicPartition>> after = StickyAssignor.assign(
                Map.of("a", Set.of("orders"), "b", Set.of("orders"), "c", Set.of("orders")), SIX, alone);

        assertThat(after.values()).allSatisfy(owned -> assertThat(owned).hasSize(2));
        assertThat(alone.get("a")).containsAll(after.get("a"));
    }

    @Test
    void stickyAcrossAMemberLeavingAmongThree() {
        Map<String, Set<String>> three = Map.of("a", Set.of("orders"), "b", Set.of("orders"), "c", Set.of("orders"));
        SortedMap<String, Set<TopicPartition>> before = StickyAssignor.assign(three, Map.of("orders", 9), Map.of());

        SortedMap<String, Set<TopicPartition>> after = StickyAssignor.assign(
                Map.of("a", Set.of("orders"), "c", Set.of("orders")), Map.of("orders", 9), before);

        assertThat(after.get("a")).containsAll(before.get("a"));
        assertThat(after.get("c")).containsAll(before.get("c"));
        assertThat(Math.abs(after.get("a").size() - after.get("c").size())).isLessThanOrEqualTo(1);
        assertThat(union(after)).hasSize(9);
    }

    @Test
    void partitionsOnlyGoToMembersThatSubscribeTheirTopic() {
        SortedMap<String, Set<TopicPartition>> result = StickyAssignor.assign(
                Map.of("a", Set.of("orders"), "b", Set.of("orders", "payments")),
                Map.of("orders", 4, "payments", 4), Map.of());

        assertThat(result.get("a")).allSatisfy(tp -> assertThat(tp.topic()).isEqualTo("orders"));
        assertThat(union(result)).hasSize(8);
        assertThat(Math.abs(result.get("a").size() - result.get("b").size())).isLessThanOrEqualTo(1);
    }

    @Test
    void newPartitionsAreSpreadAndOldOnesStay() {
        Map<String, Set<String>> two = Map.of("a", Set.of("orders"), "b", Set.of("orders"));
        SortedMap<String, Set<TopicPartition>> before = StickyAssignor.assign(two, Map.of("orders", 2), Map.of());

        SortedMap<String, Set<TopicPartition>> after = StickyAssignor.assign(two, Map.of("orders", 6), before);

        assertThat(after.get("a")).hasSize(3).containsAll(before.get("a"));
        assertThat(after.get("b")).hasSize(3).containsAll(before.get("b"));
    }

    @Test
    void moreMembersThanPartitionsLeavesSomeIdle() {
        SortedMap<String, Set<TopicPartition>> result = StickyAssignor.assign(
                Map.of("a", Set.of("t"), "b", Set.of("t"), "c", Set.of("t")), Map.of("t", 2), Map.of());

        assertThat(union(result)).hasSize(2);
        assertThat(result.values()).filteredOn(Set::isEmpty).hasSize(1);
    }

    @Test
    void missingTopicsAndDeletedPartitionsAreSkipped() {
        SortedMap<String, Set<TopicPartition>> result = StickyAssignor.assign(
                Map.of("a", Set.of("gone", "t")), Map.of("t", 1),
                Map.of("a", Set.of(new TopicPartition("t", 5), new TopicPartition("gone", 0))));

        assertThat(result.get("a")).containsExactly(new TopicPartition("t", 0));
    }

    private static Set<TopicPartition> union(Map<String, Set<TopicPartition>> assignment) {
        Set<TopicPartition> all = new TreeSet<>();
        assignment.values().forEach(all::addAll);
        assertThat(assignment.values().stream().mapToInt(Set::size).sum()).as("no partition twice").isEqualTo(all.size());
        return all;
    }

    private static Set<TopicPartition> intersection(Set<TopicPartition> a, Set<TopicPartition> b) {
        Set<TopicPartition> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }
}
