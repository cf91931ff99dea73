package io.nextbest.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

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

	/** Serves the application with a {@link TestClock}, set to noon UTC today. */
	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		@Primary
		TestClock testClock() {
			return new TestClock(
					Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(12)));
		}

	}

}
