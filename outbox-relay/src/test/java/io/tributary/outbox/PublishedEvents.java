package io.tributary.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.log.RecordHeader;
import io.tributary.platform.log.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/** The events in the log, read back for assertions. */
final class PublishedEvents {

    private static final Pattern N = Pattern.compile("\"n\": (\\d+)");

    final List<StoredRecord> records = new ArrayList<>();
    /** Event numbers per aggregate "type/id", in log order. */
    final Map<String, List<Integer>> byAggregate = new HashMap<>();

    static PublishedEvents read(PlatformFixture platform, String topicPrefix) {
        PublishedEvents events = new PublishedEvents();
        for (String type : AggregateWriters.TYPES) {
            for (StoredRecord record : platform.read(topicPrefix + type)) {
                events.records.add(record);
                String key = new String(record.key(), StandardCharsets.UTF_8);
                String value = new String(record.value(), StandardCharsets.UTF_8);
                Matcher matcher = N.matcher(value);
                assertThat(matcher.find()).as("payload %s", value).isTrue();
                events.byAggregate.computeIfAbsent(type + "/" + key, k -> new ArrayList<>()).add(Integer.parseInt(matcher.group(1)));
                assertThat(value).contains("\"rolledBack\": false");
            }
        }
        return events;
    }

    int size() {
        return records.size();
    }

    /** Every committed event once, each aggregate's in commit order, no rolled-back event, headers as specified. */
    void assertExactlyOnceInCommitOrder(Map<String, Integer> committed) {
        int expected = committed.values().stream().mapToInt(Integer::intValue).sum();
        Set<String> ids = new HashSet<>();
        for (StoredRecord record : records) {
            assertThat(header(record, "type")).isEqualTo("Changed");
            assertThat(header(record, "trace")).startsWith("t-");
            assertThat(ids.add(header(record, "id"))).as("event id %s once", header(record, "id")).isTrue();
        }
        assertThat(records).hasSize(expected);
        assertThat(byAggregate.keySet()).isEqualTo(committed.keySet());
        committed.forEach((aggregate, count) -> assertThat(byAggregate.get(aggregate))
                .as("events of %s", aggregate)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, count).boxed().toList()));
    }

    static String header(StoredRecord record, String name) {
        for (RecordHeader header : record.headers()) {
            if (header.name().equals(name)) {
                return new String(header.value(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
