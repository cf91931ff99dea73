package io.nextbest.server.grpc;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.google.protobuf.Timestamp;

/** Field checks shared by the adapters; each failure names the field and the problem. */
final class Check {

	static final int MAX_ID = 128;

	static final int MAX_NAME = 64;

	static final int MAX_VALUE = 256;

	/** Nothing the server keeps happened before this. */
	private static final Instant EARLIEST = Instant.parse("1970-01-02T00:00:00Z");

	private Check() {
	}

	/** A required id: present, at most 128 characters, no control characters. */
	static String id(String value, String field) {
		if (value.isEmpty()) {
			throw new InvalidArgumentException(field, "is required");
		}
		return text(value, field, MAX_ID);
	}

	/** A required name: present, at most 64 characters, no control characters. */
	static String name(String value, String field) {
		if (value.isEmpty()) {
			throw new InvalidArgumentException(field, "is required");
		}
		return text(value, field, MAX_NAME);
	}

	/** Optional text: at most max characters, no control characters. */
	static String text(String value, String field, int max) {
		if (value.length() > max) {
			throw new InvalidArgumentException(field,
					"is " + value.length() + " characters long, at most " + max + " are allowed");
		}
		for (int i = 0; i < value.length(); i++) {
			if (Character.isISOControl(value.charAt(i))) {
				throw new InvalidArgumentException(field, "contains a control character at position " + i);
			}
		}
		return value;
	}

	/** A map of names to values within the given bounds. */
	static Map<String, String> attributes(Map<String, String> attributes, String field, int maxEntries) {
		if (attributes.size() > maxEntries) {
			throw new InvalidArgumentException(field,
					"has " + attributes.size() + " entries, at most " + maxEntries + " are allowed");
		}
		for (Map.Entry<String, String> entry : attributes.entrySet()) {
			if (entry.getKey().isEmpty()) {
				throw new InvalidArgumentException(field, "has an entry with an empty name");
			}
			text(entry.getKey(), field + "[" + entry.getKey() + "]", MAX_NAME);
			text(entry.getValue(), field + "[" + entry.getKey() + "]", MAX_VALUE);
		}
		return attributes;
	}

	/**
	 * A required time, in epoch milliseconds, neither before 1970-01-02 nor more than
	 * maxAhead after now.
	 */
	static long time(boolean present, Timestamp value, String field, Instant now, Duration maxAhead) {
		if (!present) {
			throw new InvalidArgumentException(field, "is required");
		}
		if (value.getNanos() < 0 || value.getNanos() > 999_999_999) {
			throw new InvalidArgumentException(field, "has nanos out of range: " + value.getNanos());
		}
		Instant at;
		try {
			at = Instant.ofEpochSecond(value.getSeconds(), value.getNanos());
		}
		catch (RuntimeException ex) {
			throw new InvalidArgumentException(field, "is out of range");
		}
		if (at.isBefore(EARLIEST)) {
			throw new InvalidArgumentException(field, "is " + at + ", before " + EARLIEST);
		}
		if (at.isAfter(now.plus(maxAhead))) {
			throw new InvalidArgumentException(field,
					"is " + at + ", more than " + describe(maxAhead) + " in the future (now is " + now + ")");
		}
		return at.toEpochMilli();
	}

	/** A duration as a person writes it: "5 minutes", "24 hours". */
	static String describe(Duration duration) {
		long millis = duration.toMillis();
		if (millis % 3_600_000 == 0) {
			return count(duration.toHours(), "hour");
		}
		if (millis % 60_000 == 0) {
			return count(duration.toMinutes(), "minute");
		}
		if (millis % 1_000 == 0) {
			return count(duration.toSeconds(), "second");
		}
		return count(millis, "millisecond");
	}

	private static String count(long n, String unit) {
		return n + " " + unit + ((n == 1) ? "" : "s");
	}

}
