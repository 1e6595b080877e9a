package io.tributary.platform.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.platform.web.ApiException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TopicPatternsTests {

    @Test
    void matchesWholeTopicNames() {
        Pattern pattern = TopicPatterns.compile("orders\\..*");
        assertThat(TopicPatterns.matches(pattern, "orders.events")).isTrue();
        assertThat(TopicPatterns.matches(pattern, "old.orders.events")).isFalse();
    }

    @Test
    void rejectsInvalidAndOverlongPatterns() {
        assertThatThrownBy(() -> TopicPatterns.compile("orders(")).isInstanceOf(ApiException.class)
                .hasMessageContaining("not a valid regular expression");
        assertThatThrownBy(() -> TopicPatterns.compile("a".repeat(TopicPatterns.MAX_LENGTH + 1))).isInstanceOf(ApiException.class);
    }

    @Test
    void catastrophicBacktrackingGivesUpInsteadOfStalling() {
        Pattern evil = TopicPatterns.compile("(.*a){12}"); // polynomial blow-up even with the JDK's loop memoization
        assertThatThrownBy(() -> TopicPatterns.matches(evil, "a".repeat(200) + "c"))
                .isInstanceOf(TopicPatterns.TooExpensiveException.class);
    }
}
