/** The order aggregate, its saga state machine, the customer use cases and the saga's reactions to payments. */
@NullMarked
package io.tributary.orders.order;

import org.jspecify.annotations.NullMarked;
