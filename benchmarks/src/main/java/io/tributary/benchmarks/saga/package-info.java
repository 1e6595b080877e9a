/**
 * The saga benchmark: the platform, payment-sample and order-sample from their executable jars in child
 * processes, each sample on a fresh PostgreSQL database, driven over order-sample's HTTP API; an order is
 * decided when order-sample has stored it APPROVED or REJECTED.
 */
@NullMarked
package io.tributary.benchmarks.saga;

import org.jspecify.annotations.NullMarked;
