package io.nextbest.engine.context;

import java.time.Duration;

/**
 * Bounds that keep a context from growing without limit, and the clock skew allowed
 * between the systems that send events. They travel with every update so that the owner
 * of the entry and its backups prune and order in exactly the same way.
 *
 * @param closedCaseRetention how long a closed case stays in the context
 * @param maxCases the most cases kept (the oldest closed ones go first)
 * @param maxHistory the most contact history entries kept (the oldest go first)
 * @param historyRetention how long a contact history entry is kept
 * @param eventIdWindow how many recent event ids are remembered to recognise re-sends
 * @param maxClockSkew how far the senders' clocks may be apart: events dated further
 * ahead of the server's clock are refused, and a grant must be newer than a refusal by
 * more than this to override it (see {@link EventApplier})
 */
public record ContextLimits(Duration closedCaseRetention, int maxCases, int maxHistory, Duration historyRetention,
		int eventIdWindow, Duration maxClockSkew) {

	/** Defaults suited to most deployments. */
	public static final ContextLimits DEFAULTS = new ContextLimits(Duration.ofDays(30), 20, 100, Duration.ofDays(90),
			32, Duration.ofMinutes(5));

}
