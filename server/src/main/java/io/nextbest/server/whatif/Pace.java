package io.nextbest.server.whatif;

import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Holds a what-if to at most a number of customers a second, over all its threads: after
 * each page, a thread that is ahead of the pace waits until the pace catches up. What a
 * serving member feels of a what-if is the garbage its reading of the durable store makes
 * (with the embedded store, H2's own pages; the collections stop every thread), and that
 * comes at the rate customers are read.
 */
final class Pace {

	/** Sleeps for nanoseconds; interrupted, the what-if is cancelled. */
	interface Sleeper {

		void sleep(long nanos) throws InterruptedException;

	}

	private final double perSecond;

	private final LongSupplier nanoTime;

	private final Sleeper sleeper;

	private final long start;

	/**
	 * @param perSecond customers a second at most; 0 for no limit
	 * @param nanoTime the clock, {@link System#nanoTime()}
	 * @param sleeper how to wait, {@link TimeUnit#sleep}
	 */
	Pace(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
		this.perSecond = perSecond;
		this.nanoTime = nanoTime;
		this.sleeper = sleeper;
		this.start = nanoTime.getAsLong();
	}

	static Pace of(double perSecond) {
		return new Pace(perSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
	}

	/**
	 * Waits until {@code done} customers are within the pace.
	 * @param done customers read so far, by every thread
	 * @throws CancellationException when interrupted while waiting
	 */
	void after(long done) {
		if (this.perSecond <= 0) {
			return;
		}
		long wait = this.start + (long) (done * 1e9 / this.perSecond) - this.nanoTime.getAsLong();
		if (wait <= 0) {
			return;
		}
		try {
			this.sleeper.sleep(wait);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CancellationException("interrupted");
		}
	}

}
