/**
 * The storage engine: topics and partitions as append-only logs. No Spring, no HTTP.
 */
@NullMarked
package io.tributary.platform.log;

import org.jspecify.annotations.NullMarked;
