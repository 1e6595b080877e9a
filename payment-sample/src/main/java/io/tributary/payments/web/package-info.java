/** What every endpoint shares: errors as RFC 9457 problems. */
@NullMarked
package io.tributary.payments.web;

import org.jspecify.annotations.NullMarked;
