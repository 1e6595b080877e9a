/** What every endpoint shares: errors as RFC 9457 problems. */
@NullMarked
package io.tributary.orders.web;

import org.jspecify.annotations.NullMarked;
