package io.nextbest.engine.whatif;

import java.time.Instant;
import java.util.List;

import io.nextbest.engine.ruleset.RuleSetVersion;

/**
 * What a candidate rule set would change for a population, against the serving one.
 *
 * @param base the serving rule set
 * @param candidate the candidate rule set
 * @param decidedAt the moment both arms decided at
 * @param population the population filter, in words
 * @param customers the customers decided
 * @param changedCustomers customers whose outcome changed on at least one channel
 * @param channels per requested channel, then per placement, in the request's order
 * @param newlyMarketed customers who get a marketing action on a channel where the
 * serving rule set gives them none
 * @param newlySuppressed customers suppressed on a channel where the serving rule set
 * does not suppress them
 * @param changedRules rules that fire a different number of times, most changed first
 * @param neverFired rules of the candidate that never fired, in file order
 * @param volumes every action chosen by either arm, with its daily volume per arm and its
 * capacity, by action id
 */
public record WhatIfReport(RuleSetVersion base, RuleSetVersion candidate, Instant decidedAt, String population,
		long customers, long changedCustomers, List<ChannelMatrix> channels, Customers newlyMarketed,
		Customers newlySuppressed, List<RuleChange> changedRules, List<RuleRef> neverFired,
		List<ActionVolume> volumes) {

	/**
	 * @return the report as Markdown, fit for a pull-request comment
	 */
	public String markdown() {
		return WhatIfMarkdown.render(this);
	}

	/**
	 * The matrix of one channel (or placement): how many customers got each pair of
	 * outcomes.
	 *
	 * @param channel the channel, or the channel and the placement ({@code web hero})
	 * @param cells every pair that occurred, changed ones first, most customers first
	 * @param changed customers whose outcome changed here
	 * @param newlyMarketed customers newly given a marketing action here
	 * @param newlySuppressed customers newly suppressed here
	 */
	public record ChannelMatrix(String channel, List<Cell> cells, long changed, long newlyMarketed,
			long newlySuppressed) {
	}

	/**
	 * A pair of outcomes and its customers.
	 *
	 * @param base what the serving rule set gives
	 * @param candidate what the candidate gives
	 * @param customers how many customers get this pair
	 * @param examples for a change, up to 20 of them (the smallest ids); otherwise empty
	 */
	public record Cell(Outcome base, Outcome candidate, long customers, List<String> examples) {

		/**
		 * @return true when the two arms differ
		 */
		public boolean changed() {
			return !this.base.equals(this.candidate);
		}

	}

	/**
	 * Customers, counted, with up to 20 examples (the smallest ids).
	 *
	 * @param count how many
	 * @param examples some of them
	 */
	public record Customers(long count, List<String> examples) {
	}

	/**
	 * A rule's firings in both arms.
	 *
	 * @param rule the rule's name
	 * @param base times it fired with the serving rule set
	 * @param candidate times it fired with the candidate
	 */
	public record RuleChange(String rule, long base, long candidate) {
	}

	/**
	 * A rule and its file.
	 *
	 * @param file the rule file, relative to the rules directory
	 * @param rule the rule's name
	 */
	public record RuleRef(String file, String rule) {
	}

	/**
	 * An action's volume for the day decided: each customer and channel (or placement) it
	 * is chosen for counts once.
	 *
	 * @param actionId the action
	 * @param base its volume with the serving rule set
	 * @param candidate its volume with the candidate
	 * @param capacity the candidate catalogue's daily capacity, or 0 for none
	 */
	public record ActionVolume(String actionId, long base, long candidate, long capacity) {

		/**
		 * @return true when the candidate's volume exceeds the capacity
		 */
		public boolean overCapacity() {
			return this.capacity > 0 && this.candidate > this.capacity;
		}

	}

}
