package io.nextbest.server.grpc;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.google.protobuf.Timestamp;

/** Field checks shared by the adapters; each failure names the field and the problem. */
final class FieldCheck {

	static final int MAX_ID = 128;

	static final int MAX_NAME = 64;

	static final int MAX_VALUE = 256;

	/** Nothing the server keeps happened before this. */
	private static final Instant EARLIEST = Instant.parse("1970-01-02T00:00:00Z");

	private FieldCheck() {
	}

	/**
	 * A required id: present, at most 128 characters, no control, invisible format
	 * characters or unpaired surrogates.
	 */
	static String id(String value, String field) {
		required(value, field);
		return identifier(value, field, MAX_ID);
	}

	/** An optional id: as {@link #id}, or empty. */
	static String optionalId(String value, String field) {
		return identifier(value, field, MAX_ID);
	}

	/** A required name: present, at most 64 characters, and like an id otherwise. */
	static String name(String value, String field) {
		required(value, field);
		return identifier(value, field, MAX_NAME);
	}

	/** An optional name: as {@link #name}, or empty. */
	static String optionalName(String value, String field) {
		return identifier(value, field, MAX_NAME);
	}

	/**
	 * Optional text: at most max characters, no control characters or unpaired
	 * surrogates. Format characters are text: a zero-width joiner builds an emoji, a
	 * zero-width non-joiner spells Persian, bidi marks order Arabic and Hebrew.
	 */
	static String text(String value, String field, int max) {
		return checked(value, field, max, false);
	}

	/**
	 * Ids and names match other ids and names exactly, so they refuse format characters
	 * too: zero-width spaces and joiners, bidi controls and the like would make two ids
	 * that look the same different customers (or cases, actions, journeys).
	 */
	private static String identifier(String value, String field, int max) {
		return checked(value, field, max, true);
	}

	private static void required(String value, String field) {
		if (value.isEmpty()) {
			throw new InvalidArgumentException(field, "is required");
		}
	}

	/**
	 * Lengths count characters as a person does, Unicode code points: an emoji is one,
	 * where a Java string counts two UTF-16 units.
	 */
	private static String checked(String value, String field, int max, boolean identifier) {
		// A string of at most max units has at most max code points: only longer ones
		// are counted.
		if (value.length() > max) {
			int length = value.codePointCount(0, value.length());
			if (length > max) {
				throw new InvalidArgumentException(field,
						"is " + length + " characters long, at most " + max + " are allowed");
			}
		}
		int position = 1;
		for (int i = 0; i < value.length(); position++) {
			char unit = value.charAt(i);
			if (unit >= ' ' && unit < 0x7F) {
				// Printable ASCII, most ids: nothing to look up.
				i++;
				continue;
			}
			int c = value.codePointAt(i);
			String problem = switch (Character.getType(c)) {
				case Character.CONTROL -> "a control character";
				case Character.SURROGATE -> "an unpaired surrogate";
				case Character.FORMAT -> identifier ? "an invisible format character" : null;
				default -> null;
			};
			if (problem != null) {
				throw new InvalidArgumentException(field,
						"contains " + problem + " (" + String.format("U+%04X", c) + ") at character " + position);
			}
			i += Character.charCount(c);
		}
		return value;
	}

	/**
	 * A map of names (checked as names) to values (checked as text) within the given
	 * bounds.
	 */
	static Map<String, String> attributes(Map<String, String> attributes, String field, int maxEntries) {
		if (attributes.size() > maxEntries) {
			throw new InvalidArgumentException(field,
					"has " + attributes.size() + " entries, at most " + maxEntries + " are allowed");
		}
		for (Map.Entry<String, String> entry : attributes.entrySet()) {
			if (entry.getKey().isEmpty()) {
				throw new InvalidArgumentException(field, "has an entry with an empty name");
			}
			identifier(entry.getKey(), field + "[" + entry.getKey() + "]", MAX_NAME);
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
