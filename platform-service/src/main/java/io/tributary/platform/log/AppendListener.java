package io.tributary.platform.log;

/** Told after records were appended and are readable; must be quick and must not block. */
@FunctionalInterface
public interface AppendListener {

    void appended(String topic, int partition, long endOffset);
}
