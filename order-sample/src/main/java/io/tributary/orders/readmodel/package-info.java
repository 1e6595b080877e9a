/** The CQRS read model: projection from the topics, queries, rebuild by replay under a new consumer group. */
@NullMarked
package io.tributary.orders.readmodel;

import org.jspecify.annotations.NullMarked;
