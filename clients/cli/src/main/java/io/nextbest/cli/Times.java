package io.nextbest.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.Timestamp;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads the times and durations users type, and prints times.
 */
final class Times {

	private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

	private Times() {
	}

	/**
	 * Prints a protobuf timestamp as ISO-8601 in UTC.
	 */
	static String instant(Timestamp timestamp) {
		return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()).toString();
	}

	/**
	 * Prints a duration the way users type it: {@code 300ms}, {@code 5s}.
	 */
	static String format(Duration duration) {
		if (duration.toMillisPart() != 0 || duration.isZero()) {
			return duration.toMillis() + "ms";
		}
		return duration.toSeconds() + "s";
	}

	/**
	 * An instant: {@code now}, or ISO-8601 with an offset ({@code 2025-03-01T12:00:00Z},
	 * {@code 2025-03-01T13:00:00+01:00}).
	 */
	static final class InstantConverter implements ITypeConverter<Instant> {

		@Override
		public Instant convert(String text) {
			if (text.equalsIgnoreCase("now")) {
				return Instant.now();
			}
			try {
				return OffsetDateTime.parse(text).toInstant();
			}
			catch (DateTimeParseException ex) {
				throw new TypeConversionException(
						"expected 'now' or an ISO-8601 time such as 2025-03-01T12:00:00Z but was '" + text + "'");
			}
		}

	}

	/**
	 * A positive duration: a number and a unit ({@code 500ms}, {@code 5s}, {@code 2m},
	 * {@code 1h}), or ISO-8601 ({@code PT5S}).
	 */
	static final class DurationConverter implements ITypeConverter<Duration> {

		@Override
		public Duration convert(String text) {
			Duration duration = parse(text.trim().toLowerCase(Locale.ROOT));
			if (duration == null || duration.isZero() || duration.isNegative()) {
				throw new TypeConversionException(
						"expected a positive duration such as 500ms, 5s, 2m or PT5S but was '" + text + "'");
			}
			return duration;
		}

		private static Duration parse(String text) {
			Matcher matcher = SHORT_DURATION.matcher(text);
			if (matcher.matches()) {
				long amount = Long.parseLong(matcher.group(1));
				return switch (matcher.group(2)) {
					case "ms" -> Duration.ofMillis(amount);
					case "s" -> Duration.ofSeconds(amount);
					case "m" -> Duration.ofMinutes(amount);
					default -> Duration.ofHours(amount);
				};
			}
			try {
				return Duration.parse(text);
			}
			catch (DateTimeParseException ex) {
				return null;
			}
		}

	}

}
