/** The dead-letter topic: publishing with diagnostic headers, listing, redrive. */
@NullMarked
package io.tributary.payments.deadletter;

import org.jspecify.annotations.NullMarked;
