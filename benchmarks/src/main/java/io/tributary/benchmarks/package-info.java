/**
 * Tributary's benchmark suite: programs that print figures, never timed assertions.
 *
 * <p>{@link io.tributary.benchmarks.Suite} runs every section side by side in one run and writes
 * {@code docs/benchmarks.md}: each figure beside the ceiling measured in the same run, the ratio, the
 * target of issue 8 and the peer figure. {@code engine/} holds the JMH benchmarks of the storage engine
 * against raw Chronicle Queue, {@code http/} the load generator and the platform child process,
 * {@code kafka/} the Apache Kafka reference (a KRaft broker in a child process and its native clients).
 */
@NullMarked
package io.tributary.benchmarks;

import org.jspecify.annotations.NullMarked;
