/**
 * Consumer groups over HTTP (Kafka REST Proxy v2 / Strimzi bridge compatible).
 *
 * <ul>
 *   <li>{@link io.tributary.platform.consume.GroupCoordinator}: instances, membership, expiry and the
 *       balanced, sticky assignment ({@link io.tributary.platform.consume.StickyAssignor}).</li>
 *   <li>{@link io.tributary.platform.consume.RecordFetcher}: fetch with long polling woken by appends.</li>
 *   <li>{@link io.tributary.platform.consume.ConsumerOffsets}: commit, seek, lag, admin reset, on top of the
 *       durable {@link io.tributary.platform.consume.OffsetStore}.</li>
 * </ul>
 * Instances live in memory; committed offsets are on disk (fsync per commit) and survive restarts.
 */
@NullMarked
package io.tributary.platform.consume;

import org.jspecify.annotations.NullMarked;
