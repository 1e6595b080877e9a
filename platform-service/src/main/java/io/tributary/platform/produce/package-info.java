@NullMarked
package io.tributary.platform.produce;

import org.jspecify.annotations.NullMarked;
