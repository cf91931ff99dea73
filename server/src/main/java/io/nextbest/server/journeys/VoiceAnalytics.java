package io.nextbest.server.journeys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import io.nextbest.facts.Channel;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

/**
 * Answers the voice of the customer questions from the durable sums
 * ({@code voice_answer}, {@code voice_recovery}): NPS, CSAT and CES by journey, stage at
 * the answer and channel the answer was about, and the share of detractors recovered. A
 * query reads rows bounded by journeys, stages, channels, days, scores, segments and rule
 * set versions, never by customers.
 */
public final class VoiceAnalytics {

	private static final String ANSWERS = "SELECT journey, stage, channel, %s, survey, score, SUM(answers)"
			+ " FROM voice_answer WHERE answer_day BETWEEN ? AND ?%s GROUP BY journey, stage, channel%s, survey, score";

	private static final String RECOVERED = "SELECT journey, stage, channel, SUM(recovered) FROM voice_recovery"
			+ " WHERE answer_day BETWEEN ? AND ?%s GROUP BY journey, stage, channel";

	private final DataSource dataSource;

	private final JourneyAnalytics journeys;

	/**
	 * @param dataSource the durable store
	 * @param journeys the journey analytics, for the journeys listed
	 */
	public VoiceAnalytics(DataSource dataSource, JourneyAnalytics journeys) {
		this.dataSource = dataSource;
		this.journeys = journeys;
	}

	/**
	 * The scores over a window of days.
	 * @param journey a journey listed in journeys.yaml, or empty for every journey (and
	 * the answers of customers in none, under journey '')
	 * @param fromDay the first day of the window
	 * @param untilDay the last day
	 * @param grouping how to split the scores: not split, by segment or by rule set
	 * version (recoveries are counted only when not split)
	 * @return the scores by group, journey, stage and channel, in that order (stages and
	 * channels in their enum order)
	 * @throws UnknownJourneyException when journeys.yaml does not list the journey
	 */
	public List<Scores> voice(String journey, int fromDay, int untilDay, JourneyAnalytics.Grouping grouping) {
		if (!journey.isEmpty()) {
			this.journeys.journey(journey);
		}
		String group = switch (grouping) {
			case NONE -> "";
			case SEGMENT -> "segment";
			case RULE_SET -> "rule_set";
			default -> throw new IllegalArgumentException("The voice of the customer is not split by " + grouping);
		};
		String filter = journey.isEmpty() ? "" : " AND journey = ?";
		Map<Key, Scores> scores = new TreeMap<>();
		try (Connection connection = this.dataSource.getConnection()) {
			try (PreparedStatement select = connection.prepareStatement(String.format(ANSWERS,
					group.isEmpty() ? "''" : group, filter, group.isEmpty() ? "" : ", " + group))) {
				bind(select, fromDay, untilDay, journey);
				try (ResultSet rows = select.executeQuery()) {
					while (rows.next()) {
						Key key = new Key(rows.getString(4), rows.getString(1), rows.getString(2), rows.getString(3));
						scores.computeIfAbsent(key, Key::empty)
							.add(SurveyType.valueOf(rows.getString(5)), rows.getInt(6), rows.getLong(7));
					}
				}
			}
			if (grouping == JourneyAnalytics.Grouping.NONE) {
				try (PreparedStatement select = connection.prepareStatement(String.format(RECOVERED, filter))) {
					bind(select, fromDay, untilDay, journey);
					try (ResultSet rows = select.executeQuery()) {
						while (rows.next()) {
							Key key = new Key("", rows.getString(1), rows.getString(2), rows.getString(3));
							scores.computeIfAbsent(key, Key::empty).recovered(rows.getLong(4));
						}
					}
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the voice of the customer sums", ex);
		}
		return new ArrayList<>(scores.values());
	}

	/**
	 * The totals of scores over stages and channels, per group and journey.
	 * @param scores scores as {@link #voice} returns them
	 * @return one total per group and journey, stage and channel empty, in that order
	 */
	public static List<Scores> totals(List<Scores> scores) {
		Map<Key, Scores> totals = new TreeMap<>();
		for (Scores s : scores) {
			totals.computeIfAbsent(new Key(s.group, s.journey, "", ""), Key::empty).add(s);
		}
		return new ArrayList<>(totals.values());
	}

	private static void bind(PreparedStatement select, int fromDay, int untilDay, String journey) throws SQLException {
		select.setInt(1, fromDay);
		select.setInt(2, untilDay);
		if (!journey.isEmpty()) {
			select.setString(3, journey);
		}
	}

	private record Key(String group, String journey, String stage, String channel) implements Comparable<Key> {

		Scores empty() {
			return new Scores(this.group, this.journey, this.stage, this.channel);
		}

		@Override
		public int compareTo(Key other) {
			int c = this.group.compareTo(other.group);
			c = (c != 0) ? c : this.journey.compareTo(other.journey);
			c = (c != 0) ? c : stageOrder(this.stage) - stageOrder(other.stage);
			return (c != 0) ? c : channelOrder(this.channel) - channelOrder(other.channel);
		}

		private static int stageOrder(String stage) {
			return stage.isEmpty() ? -1 : Stage.valueOf(stage).ordinal();
		}

		private static int channelOrder(String channel) {
			return channel.isEmpty() ? -1 : Channel.valueOf(channel).ordinal();
		}

	}

	/**
	 * The voice of the customer of one group, journey, stage and channel: counts, from
	 * which the scores are exact.
	 */
	public static final class Scores {

		private final String group;

		private final String journey;

		private final String stage;

		private final String channel;

		// Mutable while summed, then only read.
		private long promoters;

		private long passives;

		private long detractors;

		private long csatAnswers;

		private long satisfied;

		private long csatSum;

		private long cesAnswers;

		private long cesSum;

		private long recovered;

		Scores(String group, String journey, String stage, String channel) {
			this.group = group;
			this.journey = journey;
			this.stage = stage;
			this.channel = channel;
		}

		void add(SurveyType survey, int score, long answers) {
			switch (survey) {
				case NPS -> {
					if (survey.isPromoter(score)) {
						this.promoters += answers;
					}
					else if (survey.isDetractor(score)) {
						this.detractors += answers;
					}
					else {
						this.passives += answers;
					}
				}
				case CSAT -> {
					this.csatAnswers += answers;
					this.csatSum += score * answers;
					this.satisfied += (score >= 4) ? answers : 0;
				}
				case CES -> {
					this.cesAnswers += answers;
					this.cesSum += score * answers;
				}
			}
		}

		void add(Scores other) {
			this.promoters += other.promoters;
			this.passives += other.passives;
			this.detractors += other.detractors;
			this.csatAnswers += other.csatAnswers;
			this.satisfied += other.satisfied;
			this.csatSum += other.csatSum;
			this.cesAnswers += other.cesAnswers;
			this.cesSum += other.cesSum;
			this.recovered += other.recovered;
		}

		void recovered(long detractorsRecovered) {
			this.recovered += detractorsRecovered;
		}

		/**
		 * @return the group: segment values or rule set version; '' when not split
		 */
		public String group() {
			return this.group;
		}

		/**
		 * @return the journey; '' for customers in no listed journey
		 */
		public String journey() {
			return this.journey;
		}

		/**
		 * @return the stage name at the answer; '' for none or a total
		 */
		public String stage() {
			return this.stage;
		}

		/**
		 * @return the channel name the answers were about; '' for none or a total
		 */
		public String channel() {
			return this.channel;
		}

		/**
		 * @return NPS answers
		 */
		public long npsAnswers() {
			return this.promoters + this.passives + this.detractors;
		}

		/**
		 * @return NPS answers of 9 or 10
		 */
		public long promoters() {
			return this.promoters;
		}

		/**
		 * @return NPS answers of 7 or 8
		 */
		public long passives() {
			return this.passives;
		}

		/**
		 * @return NPS answers of 0 to 6
		 */
		public long detractors() {
			return this.detractors;
		}

		/**
		 * @return the net promoter score, % promoters - % detractors (0 without answers)
		 */
		public double nps() {
			long n = npsAnswers();
			return (n == 0) ? 0 : 100.0 * (this.promoters - this.detractors) / n;
		}

		/**
		 * @return CSAT answers
		 */
		public long csatAnswers() {
			return this.csatAnswers;
		}

		/**
		 * @return CSAT answers of 4 or 5
		 */
		public long satisfied() {
			return this.satisfied;
		}

		/**
		 * @return the sum of CSAT scores
		 */
		public long csatSum() {
			return this.csatSum;
		}

		/**
		 * @return the share of satisfied CSAT answers, 0 to 1 (0 without answers)
		 */
		public double csat() {
			return (this.csatAnswers == 0) ? 0 : (double) this.satisfied / this.csatAnswers;
		}

		/**
		 * @return CES answers
		 */
		public long cesAnswers() {
			return this.cesAnswers;
		}

		/**
		 * @return the sum of CES scores
		 */
		public long cesSum() {
			return this.cesSum;
		}

		/**
		 * @return the mean customer effort, 1 (very easy) to 7 (0 without answers)
		 */
		public double ces() {
			return (this.cesAnswers == 0) ? 0 : (double) this.cesSum / this.cesAnswers;
		}

		/**
		 * @return detractors who got a recovery action within the window
		 */
		public long recovered() {
			return this.recovered;
		}

		/**
		 * @return recovered / detractors (0 without detractors)
		 */
		public double recoveryRate() {
			return (this.detractors == 0) ? 0 : (double) this.recovered / this.detractors;
		}

	}

}
