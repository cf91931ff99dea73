package io.nextbest.engine.policy;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Outcome;

/**
 * One action's history with a customer, on every channel (which is what makes cool-downs
 * and accepted offers hold across channels). Filled once per decision by
 * {@link ContactHistory}, entry by entry, oldest first; mutable only while it is filled.
 */
public final class ActionHistory {

	private final long[] lastAt = new long[Outcome.values().length];

	private final Channel[] lastOn = new Channel[Outcome.values().length];

	private int exposures;

	private int positives;

	private int exposuresSinceResponse;

	ActionHistory() {
	}

	void add(CustomerContext.ContactRecord entry) {
		Outcome outcome = entry.outcome();
		if (entry.occurredAt() >= this.lastAt[outcome.ordinal()]) {
			this.lastAt[outcome.ordinal()] = entry.occurredAt();
			this.lastOn[outcome.ordinal()] = entry.channel();
		}
		if (ContactHistory.isContact(outcome)) {
			this.exposures++;
			this.exposuresSinceResponse++;
		}
		else if (outcome != Outcome.DELIVERED) {
			this.exposuresSinceResponse = 0;
			if (outcome == Outcome.CLICK || outcome == Outcome.ACCEPT) {
				this.positives++;
			}
		}
	}

	/**
	 * When the customer last responded so.
	 * @param outcome an outcome
	 * @return epoch milliseconds, or 0 when never
	 */
	public long lastAt(Outcome outcome) {
		return this.lastAt[outcome.ordinal()];
	}

	/**
	 * Where the customer last responded so.
	 * @param outcome an outcome
	 * @return the channel, or null when never
	 */
	public Channel lastOn(Outcome outcome) {
		return this.lastOn[outcome.ordinal()];
	}

	/**
	 * @return impressions and sends
	 */
	public int exposures() {
		return this.exposures;
	}

	/**
	 * @return clicks and accepts
	 */
	public int positives() {
		return this.positives;
	}

	/**
	 * @return impressions and sends since the customer last clicked, accepted, rejected
	 * or dismissed it
	 */
	public int exposuresSinceResponse() {
		return this.exposuresSinceResponse;
	}

}
