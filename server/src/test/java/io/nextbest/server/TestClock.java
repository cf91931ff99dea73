package io.nextbest.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock the tests set, so that decisions that depend on the time of day (quiet hours)
 * or on elapsed days (cool-downs) are the same whenever the tests run. Add
 * {@link TestClock.Configuration} to the application's sources to serve with it.
 */
public final class TestClock extends Clock {

	private final AtomicReference<Instant> now;

	TestClock(Instant now) {
		this.now = new AtomicReference<>(now);
	}

	/**
	 * Sets the time.
	 * @param instant the new time
	 */
	public void set(Instant instant) {
		this.now.set(instant);
	}

	/**
	 * Moves the time on.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.now.updateAndGet((i) -> i.plus(duration));
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("The test clock is in UTC");
	}

	/**
	 * Noon UTC today, a time of day no contact policy keeps quiet.
	 * @return the instant
	 */
	public static Instant noonToday() {
		return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(12));
	}

	/**
	 * Serves the application with a {@link TestClock}, set to the instant of the property
	 * {@code test.clock} when given (the time of the process that started the server, so
	 * that it dates its events by the same clock), else to noon UTC today.
	 */
	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		@Primary
		TestClock testClock(@Value("${test.clock:}") String at) {
			return new TestClock(at.isEmpty() ? noonToday() : Instant.parse(at));
		}

	}

}
