@NullMarked
package io.tributary.platform.topic;

import org.jspecify.annotations.NullMarked;
