package io.tributary.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.client.ConsumerGroupMember;
import io.tributary.client.ConsumerRecord;
import io.tributary.client.Header;
import io.tributary.client.TributaryClient;
import io.tributary.testing.TestPlatform.TopicRecord;
import io.tributary.testing.TestPlatform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/** The events in the log, read back for assertions: from the log itself, or over HTTP by a consumer group. */
final class PublishedEvents {

    private static final Pattern N = Pattern.compile("\"n\": (\\d+)");

    /** One published event: its aggregate ("type/id"), value and headers (last value per name). */
    record Event(String aggregate, String value, Map<String, String> headers) {
    }

    private final List<Event> events = new ArrayList<>();
    /** Event numbers per aggregate "type/id", in log order. */
    private final Map<String, List<Integer>> byAggregate = new HashMap<>();

    /** Reads every partition of the outbox topics from the platform's log store. */
    static PublishedEvents read(TestPlatform platform, String topicPrefix) {
        PublishedEvents published = new PublishedEvents();
        for (String type : AggregateWriters.TYPES) {
            for (TopicRecord record : platform.read(topicPrefix + type)) {
                published.add(type, record.key(), record.value(), record.headers());
            }
        }
        return published;
    }

    /**
     * Consumes the outbox topics over HTTP with a new consumer group (platform-client's member loop) until
     * {@code expected} records arrived. A member hands records over in offset order per partition.
     */
    static PublishedEvents consume(TributaryClient client, String topicPrefix, int expected) {
        List<ConsumerRecord> received = Collections.synchronizedList(new ArrayList<>());
        List<String> topics = new ArrayList<>();
        for (String type : AggregateWriters.TYPES) {
            topics.add(topicPrefix + type);
        }
        try (ConsumerGroupMember member = client.consumerGroupMember("verify-" + UUID.randomUUID())
                .topics(topics)
                .pollTimeout(Duration.ofMillis(500))
                .handler(received::add)
                .build()
                .start()) {
            await().atMost(Duration.ofMinutes(2)).until(() -> received.size() >= expected);
        }
        PublishedEvents published = new PublishedEvents();
        synchronized (received) {
            for (ConsumerRecord record : received) {
                Map<String, String> headers = new HashMap<>();
                for (Header header : record.headers()) {
                    headers.put(header.name(), header.valueAsString());
                }
                String type = record.topic().substring(topicPrefix.length());
                published.add(type, record.keyAsString(), record.valueAsString(), headers);
            }
        }
        return published;
    }

    private void add(String type, String key, String value, Map<String, String> headers) {
        Matcher matcher = N.matcher(value);
        assertThat(matcher.find()).as("payload %s", value).isTrue();
        assertThat(value).contains("\"rolledBack\": false");
        String aggregate = type + "/" + key;
        events.add(new Event(aggregate, value, headers));
        byAggregate.computeIfAbsent(aggregate, k -> new ArrayList<>()).add(Integer.parseInt(matcher.group(1)));
    }

    int size() {
        return events.size();
    }

    /** Every committed event once, each aggregate's in commit order, no rolled-back event, headers as specified. */
    void assertExactlyOnceInCommitOrder(Map<String, Integer> committed) {
        int expected = committed.values().stream().mapToInt(Integer::intValue).sum();
        Set<String> ids = new HashSet<>();
        for (Event event : events) {
            assertThat(event.headers()).containsEntry("type", "Changed").containsKey("trace");
            assertThat(ids.add(event.headers().get("id"))).as("event id %s once", event.headers().get("id")).isTrue();
        }
        assertThat(events).hasSize(expected);
        assertThat(byAggregate.keySet()).isEqualTo(committed.keySet());
        committed.forEach((aggregate, count) -> assertThat(byAggregate.get(aggregate))
                .as("events of %s", aggregate)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, count).boxed().toList()));
    }
}
