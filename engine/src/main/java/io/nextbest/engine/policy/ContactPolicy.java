package io.nextbest.engine.policy;

/**
 * The contact policy of a rule set, from {@code contact-policy.yaml}: how often and when
 * customers may be contacted, and how proposals are ranked. Immutable and precomputed
 * when the rule set loads, so that a decision only looks values up.
 *
 * @param caps frequency caps on marketing contacts
 * @param repetition cool-downs, impression limit and one-time offers, per action
 * @param quietHours when outbound channels stay silent
 * @param arbitration the ranking formula's settings and the fallback actions
 */
public record ContactPolicy(FrequencyCaps caps, Repetition repetition, QuietHours quietHours, Arbitration arbitration) {

	/** No caps, no cool-downs, no quiet hours, default arbitration, no fallbacks. */
	public static final ContactPolicy NONE = new ContactPolicy(FrequencyCaps.NONE, Repetition.NONE, QuietHours.NONE,
			Arbitration.DEFAULT);

}
