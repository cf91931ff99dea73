package io.nextbest.server.context;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The journey counts one group commit adds to the durable aggregates: transitions by
 * journey, stage pair, day, segment, rule set version and time in the stage left, and
 * customers per stage by the day they entered it. Summed in memory first, so a commit
 * writes each row once however many events it carries; the rows are kept sorted, so that
 * members writing to a shared database lock them in the same order and never deadlock
 * each other.
 */
final class JourneyTally {

	private final SortedMap<TransitionKey, Long> transitions = new TreeMap<>();

	private final SortedMap<StockKey, Long> stock = new TreeMap<>();

	/** The voice of the customer counts that travel with these, or null. */
	private VoiceTally voice;

	/**
	 * Adds one transition.
	 * @param key what it counts under
	 */
	void transition(TransitionKey key) {
		this.transitions.merge(key, 1L, Long::sum);
	}

	/**
	 * Adds to the customers in a stage.
	 * @param key the stage and the day its customers entered it
	 * @param customers how many more (negative for fewer)
	 */
	void stock(StockKey key, long customers) {
		this.stock.merge(key, customers, Long::sum);
	}

	/**
	 * Adds another tally to this one.
	 * @param other the tally to add
	 */
	void add(JourneyTally other) {
		other.transitions.forEach((key, n) -> this.transitions.merge(key, n, Long::sum));
		other.stock.forEach((key, n) -> this.stock.merge(key, n, Long::sum));
		if (other.voice != null) {
			this.voice = (this.voice != null) ? this.voice : new VoiceTally();
			this.voice.add(other.voice);
		}
	}

	/**
	 * @return how many rows the counts add to
	 */
	int size() {
		int voiceRows = (this.voice != null) ? this.voice.answers().size() + this.voice.recovered().size() : 0;
		return this.transitions.size() + this.stock.size() + voiceRows;
	}

	boolean isEmpty() {
		return this.transitions.isEmpty() && this.stock.isEmpty() && (this.voice == null || this.voice.isEmpty());
	}

	/**
	 * Journey counts that carry voice of the customer counts too, to the same commit.
	 * @param tally the journey counts, or null
	 * @param voice the voice counts, or null
	 * @return the counts, null when both are
	 */
	static JourneyTally withVoice(JourneyTally tally, VoiceTally voice) {
		if (voice == null) {
			return tally;
		}
		JourneyTally with = (tally != null) ? tally : new JourneyTally();
		with.voice = voice;
		return with;
	}

	/**
	 * @return the voice of the customer counts, or null
	 */
	VoiceTally voice() {
		return this.voice;
	}

	/**
	 * @return the transitions to add, by key, in key order
	 */
	Map<TransitionKey, Long> transitions() {
		return this.transitions;
	}

	/**
	 * @return the customers to add per stage and entry day, without the zero sums, in key
	 * order
	 */
	Map<StockKey, Long> stock() {
		SortedMap<StockKey, Long> changed = new TreeMap<>(this.stock);
		changed.values().removeIf((n) -> n == 0);
		return changed;
	}

	/**
	 * What a transition is counted under.
	 *
	 * @param journey the journey
	 * @param from the stage left, empty on entry to the journey
	 * @param to the stage reached
	 * @param day the day of the change, in days since 1970-01-01 (UTC)
	 * @param segment the customer's segment values, joined by {@code |}
	 * @param ruleSet the version of the rule set in force
	 * @param dwellDays the days spent in the stage left, as a {@link DwellDays} bucket
	 */
	record TransitionKey(String journey, String from, String to, int day, String segment, String ruleSet, int dwellDays,
			int cohort) implements Comparable<TransitionKey> {

		@Override
		public int compareTo(TransitionKey other) {
			int c = this.journey.compareTo(other.journey);
			c = (c != 0) ? c : this.from.compareTo(other.from);
			c = (c != 0) ? c : this.to.compareTo(other.to);
			c = (c != 0) ? c : Integer.compare(this.day, other.day);
			c = (c != 0) ? c : this.segment.compareTo(other.segment);
			c = (c != 0) ? c : this.ruleSet.compareTo(other.ruleSet);
			c = (c != 0) ? c : Integer.compare(this.dwellDays, other.dwellDays);
			return (c != 0) ? c : Integer.compare(this.cohort, other.cohort);
		}

	}

	/**
	 * Customers in a stage who entered it on one day.
	 *
	 * @param journey the journey
	 * @param stage the stage
	 * @param enteredDay the day they entered it, in days since 1970-01-01 (UTC)
	 */
	record StockKey(String journey, String stage, int enteredDay) implements Comparable<StockKey> {

		@Override
		public int compareTo(StockKey other) {
			int c = this.journey.compareTo(other.journey);
			c = (c != 0) ? c : this.stage.compareTo(other.stage);
			return (c != 0) ? c : Integer.compare(this.enteredDay, other.enteredDay);
		}

	}

}
