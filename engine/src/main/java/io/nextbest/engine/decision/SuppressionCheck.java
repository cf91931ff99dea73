package io.nextbest.engine.decision;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.model.ActionDefinition;
import io.nextbest.engine.policy.ConsentPolicy;
import io.nextbest.engine.policy.ContactHistory;
import io.nextbest.engine.policy.ContactPolicy;
import io.nextbest.engine.policy.QuietHours;
import io.nextbest.engine.policy.Refusal;
import io.nextbest.engine.ruleset.Conclusions;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.ReasonCode;

/**
 * The send-or-suppress verdict for one customer and one send, by the same policies and
 * rules as a {@link DecisionEngine decision} but with only the work one channel needs.
 * Consent is checked first and settles most unconsented recipients without running a
 * rule. A marketing send then runs the rules with the campaign's channel as the only
 * requested channel, and the first rule suppression covering that channel suppresses it
 * (rules suppress marketing only, as in a decision). Then the contact policy, in a
 * decision's order: quiet hours (every purpose), frequency caps (marketing), and, when
 * the send names its action, that action's cool-downs, impression limit and one-time
 * offers. No proposals are arbitrated: the caller already chose what to send.
 */
public final class SuppressionCheck {

	/** Request attribute under which rules see the campaign id. */
	public static final String CAMPAIGN_ATTRIBUTE = "campaign_id";

	/** Request attribute under which rules see the action the send delivers. */
	public static final String ACTION_ATTRIBUTE = "action_id";

	private SuppressionCheck() {
	}

	/**
	 * Checks one recipient.
	 * @param ruleSet the rule set, the same for a whole batch
	 * @param context the customer's context (empty for an unknown customer)
	 * @param send what is being sent
	 * @param now the time of the check
	 * @return the verdict
	 */
	public static Verdict verdict(RuleSet ruleSet, CustomerContext context, Send send, Instant now) {
		if (!consented(context, send)) {
			return new Verdict(false, ReasonCode.NO_CONSENT, consentRefusal(context, send), ConsentPolicy.NAME);
		}
		ContactPolicy policy = ruleSet.contactPolicy();
		ZoneId zone = policy.quietHours().zone(context.attribute(QuietHours.TIME_ZONE_ATTRIBUTE));
		boolean marketing = send.purpose() == Purpose.MARKETING;
		ActionDefinition action = send.actionId().isEmpty() ? null : ruleSet.catalogue().get(send.actionId());
		// The contact history is summarised only when a policy below needs it.
		ContactHistory history = (marketing || action != null) ? ContactHistory.of(context, ruleSet.catalogue(), now)
				: ContactHistory.EMPTY;
		// The same order as a decision's funnel: rules, quiet hours, caps, the action's
		// limits.
		if (marketing) {
			Conclusions conclusions = ruleSet.evaluate(FactAssembler.facts(context, send.request(context),
					List.of(send.channel()), now, zone, history, ruleSet.journeys(), ruleSet::matches));
			for (Conclusions.Suppression suppression : conclusions.suppressions()) {
				if (suppression.suppress().covers(send.channel())) {
					return new Verdict(false, suppression.suppress().getCode(), suppression.suppress().getReason(),
							suppression.rule());
				}
			}
		}
		Refusal refusal = policy.quietHours().check(send.channel(), now, zone);
		if (refusal == null && marketing) {
			refusal = policy.caps().check(send.channel(), history);
		}
		if (refusal == null && action != null) {
			refusal = policy.repetition().check(action, history, now);
		}
		return (refusal != null) ? new Verdict(false, refusal.code(), refusal.message(), refusal.policy())
				: Verdict.SEND;
	}

	private static boolean consented(CustomerContext context, Send send) {
		if (send.purpose() == Purpose.MARKETING && send.impliedMarketingConsent()
				&& context.consent(send.channel(), Purpose.MARKETING) == null) {
			return true;
		}
		return ConsentPolicy.allows(context, send.purpose(), send.channel());
	}

	private static String consentRefusal(CustomerContext context, Send send) {
		String refusal = ConsentPolicy.refusal(context, send.purpose(), send.channel());
		return (refusal != null) ? refusal : "Consent does not allow this send.";
	}

	/**
	 * What is being sent.
	 *
	 * @param campaignId the campaign, or an empty string
	 * @param channel the channel of the send
	 * @param purpose marketing or service
	 * @param actionId the catalogue action sent, or an empty string
	 * @param impliedMarketingConsent whether a channel with no recorded marketing consent
	 * counts as consented (false by default: opt-in)
	 */
	public record Send(String campaignId, Channel channel, Purpose purpose, String actionId,
			boolean impliedMarketingConsent) {

		DecisionRequest request(CustomerContext context) {
			Map<String, String> attributes = new HashMap<>(4);
			if (!this.campaignId.isEmpty()) {
				attributes.put(CAMPAIGN_ATTRIBUTE, this.campaignId);
			}
			if (!this.actionId.isEmpty()) {
				attributes.put(ACTION_ATTRIBUTE, this.actionId);
			}
			return new DecisionRequest(context.customerId(), List.of(this.channel), "", "", "", "", attributes);
		}

	}

	/**
	 * Send or suppress.
	 *
	 * @param send true to send
	 * @param code for a suppression, the reason code
	 * @param message for a suppression, a sentence a marketer understands
	 * @param rule for a suppression, the rule or policy that made it
	 */
	public record Verdict(boolean send, ReasonCode code, String message, String rule) {

		/** The verdict to send. */
		public static final Verdict SEND = new Verdict(true, null, "", "");

	}

}
