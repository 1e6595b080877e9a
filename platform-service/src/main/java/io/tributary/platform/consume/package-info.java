@NullMarked
package io.tributary.platform.consume;

import org.jspecify.annotations.NullMarked;
