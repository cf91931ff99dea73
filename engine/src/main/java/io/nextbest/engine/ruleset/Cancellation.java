package io.nextbest.engine.ruleset;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells a compile in progress to stop: a newer save superseded it, or it took longer than
 * the time limit. A compile in the server asks between its steps (each file, the build,
 * each scenario) and stops there; the rule compiler process is ended instead.
 */
public final class Cancellation {

	/** For a compile nobody cancels (in the compiler process, which is ended instead). */
	public static final Cancellation NONE = new Cancellation();

	private final AtomicReference<String> reason = new AtomicReference<>();

	/**
	 * Cancels, unless already cancelled.
	 * @param why as the reload reports it
	 * @return true when this call cancelled it, false when it already was
	 */
	public boolean cancel(String why) {
		return this != NONE && this.reason.compareAndSet(null, why);
	}

	/**
	 * @return whether the compile was cancelled
	 */
	public boolean cancelled() {
		return this.reason.get() != null;
	}

	/**
	 * @return why it was cancelled, or null
	 */
	public String reason() {
		return this.reason.get();
	}

	/**
	 * Stops the compile here when it was cancelled.
	 * @throws CompileCancelledException when it was
	 */
	public void check() {
		String why = this.reason.get();
		if (why != null) {
			throw new CompileCancelledException(why);
		}
	}

}
