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

	/** Events dated further ahead than this are clock errors, not the future. */
	private static final Duration MAX_CLOCK_SKEW = Duration.ofHours(24);

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
	 * A required event time, in epoch milliseconds, neither before 1970-01-02 nor a day
	 * ahead.
	 */
	static long time(boolean present, Timestamp value, String field, Instant now) {
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
		if (at.isAfter(now.plus(MAX_CLOCK_SKEW))) {
			throw new InvalidArgumentException(field, "is " + at + ", more than 24 hours in the future");
		}
		return at.toEpochMilli();
	}

}
