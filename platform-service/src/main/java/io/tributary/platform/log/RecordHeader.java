package io.tributary.platform.log;

import java.util.Arrays;
import java.util.Objects;

/** A record header: a name and raw bytes, as in Kafka. */
public record RecordHeader(String name, byte[] value) {

    public RecordHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordHeader other && name.equals(other.name) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RecordHeader[" + name + ", " + value.length + " bytes]";
    }
}
