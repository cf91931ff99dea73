package io.nextbest.server.logging;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one log line of a kind through per interval and counts the ones it holds back, so
 * that an error a caller can repeat at will (garbage bytes, a flood of calls) or a
 * failure every call runs into costs a line a minute, not a line and a stack trace per
 * call. The number held back goes on the next line of the kind. Logback's
 * {@code DuplicateMessageFilter} drops repeats without saying how many, and Flogger's
 * {@code atMostEvery} would bring a second logging API for this alone.
 *
 * <pre>
 * long heldBack = THROTTLE.admit("durable-store");
 * if (heldBack >= 0) {
 *     log.warn("Durable store failure{}", LogThrottle.heldBack(heldBack), cause);
 * }
 * </pre>
 */
public final class LogThrottle {

	/** The interval the server's own throttles use. */
	public static final Duration MINUTE = Duration.ofMinutes(1);

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	/** One entry per kind; kinds are a fixed vocabulary of the code, not caller input. */
	private final ConcurrentMap<String, Window> kinds = new ConcurrentHashMap<>();

	public LogThrottle(Duration interval) {
		this(interval, System::nanoTime);
	}

	LogThrottle(Duration interval, LongSupplier nanoTime) {
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
	}

	/**
	 * Whether a line of this kind may be logged now.
	 * @param kind what the line is about, for example {@code "malformed-request"}
	 * @return -1 to leave the line out; otherwise log it, and the value is how many lines
	 * of the kind were left out since the last one logged
	 */
	public long admit(String kind) {
		long now = this.nanoTime.getAsLong();
		Window window = this.kinds.computeIfAbsent(kind, (k) -> new Window(now));
		long due = window.due.get();
		if (now - due < 0 || !window.due.compareAndSet(due, now + this.intervalNanos)) {
			window.heldBack.incrementAndGet();
			return -1;
		}
		return window.heldBack.getAndSet(0);
	}

	/**
	 * The note that ends a line whose kind had lines left out.
	 * @param heldBack what {@link #admit} returned
	 * @return {@code " (12 more like it since the last one logged)"}, or nothing when
	 * none was left out
	 */
	public static String heldBack(long heldBack) {
		return (heldBack > 0) ? String.format(Locale.ROOT, " (%,d more like it since the last one logged)", heldBack)
				: "";
	}

	private static final class Window {

		/** When the next line may go out, in {@link System#nanoTime} units. */
		final AtomicLong due;

		final AtomicLong heldBack = new AtomicLong();

		Window(long now) {
			this.due = new AtomicLong(now);
		}

	}

}
