package io.nextbest.engine.policy;

import java.time.Duration;
import java.time.Instant;

import io.nextbest.engine.model.ActionDefinition;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.ReasonCode;

/**
 * How often one action may be repeated to a customer, on every channel at once: a
 * customer who turned an offer down by email is not shown it on the website the next day.
 * Applies to every action, marketing and service alike (a dismissed consent ask is not
 * asked again the next visit); 0 turns a limit off.
 *
 * @param afterRejectDays no repeat for this many days after a reject
 * @param afterDismissDays no repeat for this many days after a dismiss
 * @param afterAcceptDays no repeat for this many days after an accept
 * @param maxExposuresWithoutResponse at most this many impressions or sends without a
 * click, accept, reject or dismiss
 */
public record Repetition(int afterRejectDays, int afterDismissDays, int afterAcceptDays,
		int maxExposuresWithoutResponse) {

	/** How reasons name the cool-down. */
	public static final String COOL_DOWN = "policy:cool-down";

	/** How reasons name the impression limit. */
	public static final String IMPRESSION_LIMIT = "policy:impression-limit";

	/** How reasons name the one-time offer policy. */
	public static final String ONE_TIME = "policy:one-time-offer";

	/** No limits. */
	public static final Repetition NONE = new Repetition(0, 0, 0, 0);

	/**
	 * Whether an action may be shown or sent again.
	 * @param action the action
	 * @param history the customer's history
	 * @param now the time of the decision
	 * @return the refusal, or null when it may
	 */
	public Refusal check(ActionDefinition action, ContactHistory history, Instant now) {
		ActionHistory past = history.action(action.id());
		if (past == null) {
			return null;
		}
		if (action.oneTime() && past.lastAt(Outcome.ACCEPT) != 0) {
			return new Refusal(ONE_TIME, ReasonCode.ALREADY_ACCEPTED, "The customer accepted '" + action.id() + "' on "
					+ where(past.lastOn(Outcome.ACCEPT)) + ": a one-time offer is not offered again.", null);
		}
		Refusal refusal = coolDown(action, past, Outcome.REJECT, this.afterRejectDays, "rejected", now);
		if (refusal == null) {
			refusal = coolDown(action, past, Outcome.DISMISS, this.afterDismissDays, "dismissed", now);
		}
		if (refusal == null) {
			refusal = coolDown(action, past, Outcome.ACCEPT, this.afterAcceptDays, "accepted", now);
		}
		if (refusal == null && this.maxExposuresWithoutResponse > 0
				&& past.exposuresSinceResponse() >= this.maxExposuresWithoutResponse) {
			refusal = new Refusal(IMPRESSION_LIMIT, ReasonCode.IMPRESSION_LIMIT,
					"'" + action.id() + "' was shown or sent " + past.exposuresSinceResponse()
							+ " times without a response: the limit is " + this.maxExposuresWithoutResponse + ".",
					null);
		}
		return refusal;
	}

	private static Refusal coolDown(ActionDefinition action, ActionHistory past, Outcome outcome, int days, String verb,
			Instant now) {
		long at = past.lastAt(outcome);
		if (days <= 0 || at == 0) {
			return null;
		}
		Instant until = Instant.ofEpochMilli(at).plus(Duration.ofDays(days));
		if (!now.isBefore(until)) {
			return null;
		}
		long ago = Math.max(0, Duration.between(Instant.ofEpochMilli(at), now).toDays());
		return new Refusal(COOL_DOWN, ReasonCode.COOL_DOWN,
				"The customer " + verb + " '" + action.id() + "' on " + where(past.lastOn(outcome)) + " " + ago
						+ " days ago: not offered again on any channel for " + days + " days.",
				until);
	}

	private static String where(Channel channel) {
		return (channel != null) ? channel.words() : "a channel";
	}

}
