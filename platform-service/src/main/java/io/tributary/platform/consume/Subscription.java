package io.tributary.platform.consume;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What a member subscribed to: fixed topic names, or a pattern that also picks up topics created later. */
record Subscription(List<String> topics, @Nullable Pattern pattern) {

    static Subscription ofTopics(Collection<String> topics) {
        return new Subscription(List.copyOf(new TreeSet<>(topics)), null);
    }

    static Subscription ofPattern(Pattern pattern) {
        return new Subscription(List.of(), pattern);
    }

    /** The topics this subscription covers among the existing ones (named topics only if they exist). */
    Set<String> resolve(Collection<String> existingTopics) {
        Set<String> matched = new TreeSet<>();
        for (String topic : existingTopics) {
            if (pattern == null ? topics.contains(topic) : matchesQuietly(topic)) {
                matched.add(topic);
            }
        }
        return matched;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subscription other && topics.equals(other.topics)
                && (pattern == null ? other.pattern == null : other.pattern != null && pattern.pattern().equals(other.pattern.pattern()));
    }

    @Override
    public int hashCode() {
        return topics.hashCode() * 31 + (pattern == null ? 0 : pattern.pattern().hashCode());
    }

    @Override
    public String toString() {
        return pattern == null ? "topics " + topics : "pattern " + pattern.pattern();
    }

    private boolean matchesQuietly(String topic) {
        try {
            return pattern != null && TopicPatterns.matches(pattern, topic);
        } catch (TopicPatterns.TooExpensiveException e) {
            return false; // rejected at subscribe time against existing topics; a later odd name just does not match
        }
    }
}
