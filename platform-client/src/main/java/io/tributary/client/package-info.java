/**
 * Java client for the Tributary platform over {@code java.net.http} and Jackson, with no Spring:
 * {@link io.tributary.client.TributaryClient} (topic admin, single produce requests),
 * {@link io.tributary.client.TributaryProducer} (batching, idempotent, retrying) and
 * {@link io.tributary.client.ConsumerGroupMember} (subscribe, long-poll, handle, commit, rejoin).
 */
@NullMarked
package io.tributary.client;

import org.jspecify.annotations.NullMarked;
