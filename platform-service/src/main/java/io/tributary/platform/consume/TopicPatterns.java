package io.tributary.platform.consume;

import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles and matches subscription patterns so that a pathological one cannot stall the server: the
 * pattern is length-limited, and every match runs against a character sequence that counts its reads
 * and gives up beyond a budget (catastrophic backtracking reads the input over and over). Topic names
 * are at most 249 characters, so honest patterns stay far below the budget.
 */
final class TopicPatterns {

    static final int MAX_LENGTH = 256;
    /** Character reads allowed per match; a linear match of a 249-character name needs a few hundred. */
    static final int READ_BUDGET = 200_000;

    private TopicPatterns() {
    }

    /** @throws ApiException 422 if the pattern is too long or not a valid regular expression */
    static Pattern compile(String pattern) {
        if (pattern.isEmpty() || pattern.length() > MAX_LENGTH) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "topic_pattern must be 1 to " + MAX_LENGTH + " characters");
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "topic_pattern is not a valid regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /**
     * Whether the pattern matches the whole topic name.
     *
     * @throws TooExpensiveException if matching exceeds the budget
     */
    static boolean matches(Pattern pattern, String topic) {
        try {
            return pattern.matcher(new BudgetedSequence(topic, new int[] {READ_BUDGET})).matches();
        } catch (StackOverflowError e) {
            throw new TooExpensiveException();
        }
    }

    /** A match that needed more work than {@link #READ_BUDGET} allows. */
    static final class TooExpensiveException extends RuntimeException {
        TooExpensiveException() {
            super("topic_pattern is too expensive to match (catastrophic backtracking?); simplify it", null, false, false);
        }
    }

    private record BudgetedSequence(String text, int[] budget) implements CharSequence {

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new TooExpensiveException();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedSequence(text.substring(start, end), budget);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
