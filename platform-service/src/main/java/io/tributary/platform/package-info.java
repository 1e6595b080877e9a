/** The Tributary platform service. */
@NullMarked
package io.tributary.platform;

import org.jspecify.annotations.NullMarked;
