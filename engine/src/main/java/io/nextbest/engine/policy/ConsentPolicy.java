package io.nextbest.engine.policy;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Purpose;

/**
 * Consent, enforced in code after the rules so that no rule can bypass it.
 * <ul>
 * <li>Marketing on a channel needs marketing consent <em>granted</em> for that channel;
 * nothing recorded means no consent.</li>
 * <li>Service messages need no recorded consent (they serve a relationship the customer
 * already has), but a service consent the customer denied or revoked for a channel is
 * respected there too.</li>
 * </ul>
 */
public final class ConsentPolicy {

	/** How reasons name this policy. */
	public static final String NAME = "policy:consent";

	private ConsentPolicy() {
	}

	/**
	 * Whether an action of a purpose may appear on a channel. Cheap: the decision path
	 * asks it for every candidate and builds the sentence only for the channels it
	 * reports on.
	 * @param context the customer's context
	 * @param purpose the action's purpose
	 * @param channel the channel
	 * @return true when consent allows it
	 */
	public static boolean allows(CustomerContext context, Purpose purpose, Channel channel) {
		ConsentStatus status = context.consent(channel, purpose);
		return (purpose == Purpose.MARKETING) ? status == ConsentStatus.GRANTED
				: status != ConsentStatus.DENIED && status != ConsentStatus.REVOKED;
	}

	/**
	 * Why an action of a purpose may not appear on a channel.
	 * @param context the customer's context
	 * @param purpose the action's purpose
	 * @param channel the channel
	 * @return a sentence for the marketer, or null when consent allows it
	 */
	public static String refusal(CustomerContext context, Purpose purpose, Channel channel) {
		if (allows(context, purpose, channel)) {
			return null;
		}
		ConsentStatus status = context.consent(channel, purpose);
		String where = channel.words();
		if (purpose == Purpose.MARKETING) {
			return (status == null) ? "No marketing consent on " + where + " was ever given."
					: "Marketing consent on " + where + " is " + status.name().toLowerCase(java.util.Locale.ROOT) + ".";
		}
		return "The customer " + status.name().toLowerCase(java.util.Locale.ROOT) + " service messages on " + where
				+ ".";
	}

}
