/**
 * The outbox relay benchmark: a PostgreSQL outbox (the relay's own Flyway schema) published to platform topics by
 * the standalone relay jar in a child process, against the rate PostgreSQL takes the same rows in.
 */
@NullMarked
package io.tributary.benchmarks.relay;

import org.jspecify.annotations.NullMarked;
