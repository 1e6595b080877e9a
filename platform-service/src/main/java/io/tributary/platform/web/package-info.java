@NullMarked
package io.tributary.platform.web;

import org.jspecify.annotations.NullMarked;
