package io.nextbest.engine.decision;

import java.time.Instant;
import java.util.List;

import io.nextbest.engine.model.ActionDefinition;
import io.nextbest.engine.policy.Propensity;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ReasonCode;

/**
 * The outcome for one channel, or one placement on a channel: actions (best first), a
 * suppression, or none, with the reasons, and the decision funnel when asked for.
 *
 * @param channel the channel
 * @param placement the placement, or an empty string for the channel as a whole
 * @param actions the chosen actions, best first; empty for a suppression or none
 * @param suppression the suppression, or null
 * @param reasons why, most important first
 * @param funnel every candidate and what became of it, when the request asked to explain;
 * otherwise empty
 */
public record ChannelDecision(Channel channel, String placement, List<ChosenAction> actions, Suppression suppression,
		List<Reason> reasons, List<Candidate> funnel) {

	/**
	 * @return the best chosen action, or null
	 */
	public ChosenAction action() {
		return this.actions.isEmpty() ? null : this.actions.get(0);
	}

	/**
	 * @return true when an action was chosen
	 */
	public boolean isAction() {
		return !this.actions.isEmpty();
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
		return this.actions.isEmpty() && this.suppression == null;
	}

	/**
	 * An action chosen for a channel.
	 *
	 * @param definition the action from the catalogue
	 * @param journey the journey it serves, or an empty string
	 * @param priority the priority it won with
	 * @param rule the rule that proposed it ({@code policy:fallback} for a fallback)
	 * @param score its arbitration score
	 */
	public record ChosenAction(ActionDefinition definition, String journey, int priority, String rule, double score) {
	}

	/**
	 * A suppression of a channel.
	 *
	 * @param code the stable reason code
	 * @param message a sentence a marketer understands
	 * @param allowedAt when sending becomes allowed (quiet hours, cool-downs), or null
	 */
	public record Suppression(ReasonCode code, String message, Instant allowedAt) {
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

	/**
	 * A candidate of the decision funnel: a proposal for the channel, and what became of
	 * it.
	 *
	 * @param actionId the proposed action
	 * @param rule the rule that proposed it ({@code policy:fallback} for a fallback)
	 * @param priority the rule's priority
	 * @param value the action's value
	 * @param propensity the propensity used
	 * @param lever the business lever used
	 * @param score priority x value x propensity x lever (0 for a removed candidate)
	 * @param status what became of it
	 * @param removedBy for a removed candidate, the rule or {@code policy:<name>} that
	 * removed it; otherwise an empty string
	 * @param code for a removed candidate, the reason code; otherwise null
	 * @param message why, in a sentence
	 * @param propensitySource where the propensity came from; null for a removed
	 * candidate
	 * @param propensityBasis the propensity's basis in a sentence (the counts and the
	 * rate the customer's responses were smoothed towards); empty for a removed candidate
	 */
	public record Candidate(String actionId, String rule, int priority, double value, double propensity, double lever,
			double score, Status status, String removedBy, ReasonCode code, String message,
			Propensity.Source propensitySource, String propensityBasis) {
	}

	/** What became of a candidate. */
	public enum Status {

		/** It was chosen. */
		SELECTED,
		/** It qualified, but others scored higher (or it repeats a better proposal). */
		OUTRANKED,
		/** A rule suppression or a policy removed it. */
		REMOVED,
		/** An earlier placement of the same response shows it already. */
		ALREADY_PLACED

	}

}
