package io.nextbest.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.Deadline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The moments before and after some calls, to check the deadlines they carried without
 * reading the clock after the fact: a call given a timeout in between has its deadline
 * between the timeout after the first moment and the timeout after the second, however
 * long the calls took. Asserting the time a deadline has left instead fails on a machine
 * busy enough to spend it.
 */
public final class DeadlineWindow {

	/**
	 * The grpc-timeout header carries at most eight digits, so a timeout may arrive
	 * rounded down by up to a unit: a millisecond for the timeouts of these tests.
	 */
	private static final long ROUNDING_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private final Deadline opened;

	private final Deadline closed;

	private DeadlineWindow(Deadline opened, Deadline closed) {
		this.opened = opened;
		this.closed = closed;
	}

	/**
	 * Runs some calls between two moments.
	 * @param calls the calls
	 * @return the window around them
	 */
	public static DeadlineWindow around(Runnable calls) {
		Deadline opened = now();
		calls.run();
		return new DeadlineWindow(opened, now());
	}

	/**
	 * Asserts that a deadline a server saw is the one a call made in the window with this
	 * timeout carries.
	 * @param deadline the deadline the server saw
	 * @param timeout the timeout the call was given
	 */
	public void assertCarried(Deadline deadline, Duration timeout) {
		assertThat(deadline).as("the call's deadline").isNotNull();
		Deadline earliest = this.opened.offset(timeout.toNanos() - ROUNDING_NANOS, TimeUnit.NANOSECONDS);
		Deadline latest = this.closed.offset(timeout.toNanos(), TimeUnit.NANOSECONDS);
		assertThat(deadline.compareTo(earliest) >= 0 && deadline.compareTo(latest) <= 0)
			.as("the deadline of a call with a timeout of %s: %s, expected between %s and %s", timeout, deadline,
					earliest, latest)
			.isTrue();
	}

	private static Deadline now() {
		return Deadline.after(0, TimeUnit.NANOSECONDS);
	}

}
