package io.nextbest.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives an rpc open loop: calls are started at a fixed offered rate whatever the server
 * does, and each latency is measured from the time the call was <em>meant</em> to start,
 * so a server (or a client) that falls behind shows as latency instead of silently
 * lowering the rate (no coordinated omission).
 */
final class OpenLoop {

	/** Latency objective under which a rate counts as sustainable. */
	static final long SUSTAINABLE_P99_MICROS = 10_000;

	/**
	 * More calls in flight than this and the run stops counting: the server is drowning.
	 */
	private static final int MAX_OUTSTANDING = 20_000;

	private OpenLoop() {
	}

	/** One asynchronous call; it reports exactly once, success or failure. */
	@FunctionalInterface
	interface Call {

		void start(Done done);

	}

	/** The end of a call. */
	@FunctionalInterface
	interface Done {

		void finished(boolean ok);

	}

	/**
	 * What one rate gave.
	 *
	 * @param offered calls per second offered
	 * @param achieved calls per second completed in the measured window
	 * @param sent calls started in the measured window
	 * @param failed calls that failed
	 * @param skipped calls not started because too many were in flight
	 * @param latency latencies in microseconds from the intended start
	 */
	record Result(double offered, double achieved, long sent, long failed, long skipped, Histogram latency) {

		long p50() {
			return this.latency.getValueAtPercentile(50);
		}

		long p99() {
			return this.latency.getValueAtPercentile(99);
		}

		long p999() {
			return this.latency.getValueAtPercentile(99.9);
		}

		boolean sustained() {
			return this.failed == 0 && this.skipped == 0 && this.achieved >= 0.98 * this.offered
					&& p99() <= SUSTAINABLE_P99_MICROS;
		}

	}

	/**
	 * Offers a rate for a while.
	 * @param call the call
	 * @param rate calls per second
	 * @param warmup time before measuring
	 * @param measure time measured
	 * @return the result of the measured window
	 */
	static Result run(Call call, double rate, Duration warmup, Duration measure) {
		Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
		AtomicLong outstanding = new AtomicLong();
		AtomicLong completed = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		long skipped = 0;
		long sent = 0;
		double interval = 1e9 / rate;
		long start = System.nanoTime();
		long measureFrom = start + warmup.toNanos();
		long end = measureFrom + measure.toNanos();
		for (long i = 0;; i++) {
			long intended = start + (long) (i * interval);
			if (intended >= end) {
				break;
			}
			long wait = intended - System.nanoTime();
			if (wait > 20_000) {
				LockSupport.parkNanos(wait - 10_000);
			}
			while (System.nanoTime() < intended) {
				Thread.onSpinWait();
			}
			boolean measured = intended >= measureFrom;
			if (outstanding.get() >= MAX_OUTSTANDING) {
				skipped += measured ? 1 : 0;
				continue;
			}
			sent += measured ? 1 : 0;
			outstanding.incrementAndGet();
			call.start((ok) -> {
				outstanding.decrementAndGet();
				if (!measured) {
					return;
				}
				if (ok) {
					completed.incrementAndGet();
					recorder.recordValue(Math.min(TimeUnit.SECONDS.toMicros(60),
							TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - intended)));
				}
				else {
					failed.incrementAndGet();
				}
			});
		}
		// Calls still running at the end count against the rate only if they never
		// finish.
		long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
			LockSupport.parkNanos(1_000_000);
		}
		double seconds = measure.toNanos() / 1e9;
		double achieved = Math.min(completed.get(), sent) / seconds;
		return new Result(rate, achieved, sent, failed.get(), skipped, recorder.getIntervalHistogram());
	}

	/**
	 * Keeps a number of calls in flight for a while: the saturation throughput, the start
	 * of the search for the highest sustainable rate.
	 * @param call the call
	 * @param concurrency calls in flight
	 * @param duration how long
	 * @return calls per second completed
	 */
	static double saturate(Call call, int concurrency, Duration duration) {
		AtomicLong completed = new AtomicLong();
		long end = System.nanoTime() + duration.toNanos();
		long measureFrom = System.nanoTime() + duration.toNanos() / 3;
		AtomicLong measured = new AtomicLong();
		AtomicLong running = new AtomicLong(concurrency);
		for (int i = 0; i < concurrency; i++) {
			new Object() {
				void next() {
					long now = System.nanoTime();
					if (now >= end) {
						running.decrementAndGet();
						return;
					}
					call.start((ok) -> {
						completed.incrementAndGet();
						if (ok && System.nanoTime() >= measureFrom && System.nanoTime() < end) {
							measured.incrementAndGet();
						}
						next();
					});
				}
			}.next();
		}
		while (running.get() > 0) {
			LockSupport.parkNanos(1_000_000);
		}
		return measured.get() / ((end - measureFrom) / 1e9);
	}

	/**
	 * The highest rate that is sustained: offered rates step down from the saturation
	 * throughput until one completes in full within the latency objective.
	 * @param call the call
	 * @param saturation the saturation throughput
	 * @param warmup warm-up per step
	 * @param measure measured time per step
	 * @return the highest sustained step (or the last one tried)
	 */
	static Result maxSustainable(Call call, double saturation, Duration warmup, Duration measure) {
		Result last = null;
		for (double share : new double[] { 0.9, 0.75, 0.6, 0.45, 0.3, 0.15 }) {
			last = run(call, Math.max(100, saturation * share), warmup, measure);
			if (last.sustained()) {
				return last;
			}
		}
		return last;
	}

}
