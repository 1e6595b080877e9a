/** Accounts and payments: the charge step of the saga and its compensation, the refund. */
@NullMarked
package io.tributary.payments.payment;

import org.jspecify.annotations.NullMarked;
