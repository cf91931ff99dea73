package io.nextbest.server.decision;

import java.util.List;

import io.nextbest.facts.Channel;
import io.nextbest.facts.ReasonCode;
import io.nextbest.server.rules.ActionDefinition;

/**
 * The outcome for one channel: an action, a suppression, or none, with the reasons.
 *
 * @param channel the channel
 * @param action the chosen action, or null
 * @param suppression the suppression, or null
 * @param reasons why, most important first
 */
public record ChannelDecision(Channel channel, ChosenAction action, Suppression suppression, List<Reason> reasons) {

	/**
	 * @return true when an action was chosen
	 */
	public boolean isAction() {
		return this.action != null;
	}

	/**
	 * @return true when the channel is suppressed
	 */
	public boolean isSuppression() {
		return this.suppression != null;
	}

	/**
	 * @return true when there is neither an action nor a suppression
	 */
	public boolean isNone() {
		return this.action == null && this.suppression == null;
	}

	/**
	 * An action chosen for a channel.
	 *
	 * @param definition the action from the catalogue
	 * @param journey the journey it serves, or an empty string
	 * @param priority the priority it won with
	 * @param rule the rule that proposed it
	 */
	public record ChosenAction(ActionDefinition definition, String journey, int priority, String rule) {
	}

	/**
	 * A suppression of a channel.
	 *
	 * @param code the stable reason code
	 * @param message a sentence a marketer understands
	 */
	public record Suppression(ReasonCode code, String message) {
	}

	/**
	 * One step of the explanation.
	 *
	 * @param rule the rule, or {@code policy:<name>} for a built-in policy
	 * @param message a sentence a marketer understands
	 * @param code the reason code for suppressions, or null
	 */
	public record Reason(String rule, String message, ReasonCode code) {
	}

}
