package io.tributary.platform.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds records and reads their values back as strings. */
final class Records {

    private Records() {
    }

    static NewRecord value(String value) {
        return new NewRecord(null, value.getBytes(StandardCharsets.UTF_8), List.of());
    }

    static List<NewRecord> values(String... values) {
        List<NewRecord> records = new ArrayList<>();
        for (String value : values) {
            records.add(value(value));
        }
        return records;
    }

    static String text(StoredRecord record) {
        return record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
    }

    static List<String> texts(List<StoredRecord> records) {
        return records.stream().map(Records::text).toList();
    }

    static List<Long> offsets(List<StoredRecord> records) {
        return records.stream().map(StoredRecord::offset).toList();
    }

    /** Everything from the beginning to the end of the partition. */
    static List<StoredRecord> readAll(PartitionLog partition) {
        List<StoredRecord> all = new ArrayList<>();
        long next = partition.beginningOffset();
        while (next < partition.endOffset()) {
            List<StoredRecord> batch = partition.read(next, 1000, Long.MAX_VALUE);
            if (batch.isEmpty()) {
                break;
            }
            all.addAll(batch);
            next = batch.get(batch.size() - 1).offset() + 1;
        }
        return all;
    }
}
