package io.tributary.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** A record header as in Kafka: a name and raw bytes; names may repeat within a record. */
public record Header(String name, byte[] value) {

    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** A header whose value is the UTF-8 bytes of {@code value}. */
    public static Header of(String name, String value) {
        return new Header(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The value decoded as UTF-8. */
    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Header other && name.equals(other.name) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header[" + name + "=" + valueAsString() + "]";
    }
}
