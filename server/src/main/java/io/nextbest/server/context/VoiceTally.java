package io.nextbest.server.context;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The voice of the customer counts one group commit adds to the durable aggregates:
 * survey answers by journey, stage, channel, day, survey, score, segment and rule set
 * version, and detractors recovered by journey, stage, channel and day of their answer.
 * Summed in memory first and kept sorted, as {@link JourneyTally} is, so that members
 * writing to a shared database lock rows in one order.
 */
final class VoiceTally {

	private final SortedMap<AnswerKey, Long> answers = new TreeMap<>();

	private final SortedMap<RecoveryKey, Long> recovered = new TreeMap<>();

	/**
	 * Adds one answer.
	 * @param key what it counts under
	 */
	void answer(AnswerKey key) {
		this.answers.merge(key, 1L, Long::sum);
	}

	/**
	 * Adds one detractor recovered.
	 * @param key the answer's journey, stage, channel and day
	 */
	void recovered(RecoveryKey key) {
		this.recovered.merge(key, 1L, Long::sum);
	}

	/**
	 * Adds another tally to this one.
	 * @param other the tally to add
	 */
	void add(VoiceTally other) {
		other.answers.forEach((key, n) -> this.answers.merge(key, n, Long::sum));
		other.recovered.forEach((key, n) -> this.recovered.merge(key, n, Long::sum));
	}

	boolean isEmpty() {
		return this.answers.isEmpty() && this.recovered.isEmpty();
	}

	/**
	 * @return the answers to add, by key, in key order
	 */
	Map<AnswerKey, Long> answers() {
		return this.answers;
	}

	/**
	 * @return the recovered detractors to add, by key, in key order
	 */
	Map<RecoveryKey, Long> recovered() {
		return this.recovered;
	}

	/**
	 * What an answer is counted under.
	 *
	 * @param journey the journey, '' when the customer was in no listed journey
	 * @param stage the customer's stage in it at the answer, '' likewise
	 * @param channel the channel the answer was about, '' when it named none
	 * @param day the day of the answer, in days since 1970-01-01 (UTC)
	 * @param survey the survey type
	 * @param score the score
	 * @param segment the customer's segment values in the journey, joined by {@code |}
	 * @param ruleSet the version of the rule set in force
	 */
	record AnswerKey(String journey, String stage, String channel, int day, String survey, int score, String segment,
			String ruleSet) implements Comparable<AnswerKey> {

		@Override
		public int compareTo(AnswerKey other) {
			int c = this.journey.compareTo(other.journey);
			c = (c != 0) ? c : this.stage.compareTo(other.stage);
			c = (c != 0) ? c : this.channel.compareTo(other.channel);
			c = (c != 0) ? c : Integer.compare(this.day, other.day);
			c = (c != 0) ? c : this.survey.compareTo(other.survey);
			c = (c != 0) ? c : Integer.compare(this.score, other.score);
			c = (c != 0) ? c : this.segment.compareTo(other.segment);
			return (c != 0) ? c : this.ruleSet.compareTo(other.ruleSet);
		}

	}

	/**
	 * What a recovered detractor is counted under: their answer's journey, stage, channel
	 * and day.
	 *
	 * @param journey the journey, '' when the customer was in no listed journey
	 * @param stage the stage at the answer, '' likewise
	 * @param channel the channel the answer was about, '' when it named none
	 * @param day the day of the answer, in days since 1970-01-01 (UTC)
	 */
	record RecoveryKey(String journey, String stage, String channel, int day) implements Comparable<RecoveryKey> {

		@Override
		public int compareTo(RecoveryKey other) {
			int c = this.journey.compareTo(other.journey);
			c = (c != 0) ? c : this.stage.compareTo(other.stage);
			c = (c != 0) ? c : this.channel.compareTo(other.channel);
			return (c != 0) ? c : Integer.compare(this.day, other.day);
		}

	}

}
