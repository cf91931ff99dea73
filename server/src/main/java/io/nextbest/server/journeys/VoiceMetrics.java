package io.nextbest.server.journeys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nextbest.engine.model.JourneyMap;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.facts.SurveyType;

/**
 * The voice of the customer for Prometheus: per journey, stage and channel, the answers,
 * score sums, promoters, detractors, satisfied and recovered detractors since counting
 * began, read from the durable sums at each {@link #refresh()}. Labels are bounded: the
 * journeys journeys.yaml lists (and '' for customers in none), the stages, the channels
 * and the survey types. The sums are the cluster's, shared by every member: aggregate
 * across instances with max, not sum.
 */
final class VoiceMetrics implements MeterBinder, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(VoiceMetrics.class);

	private static final String ANSWERS = "SELECT journey, stage, channel, survey, score, SUM(answers)"
			+ " FROM voice_answer GROUP BY journey, stage, channel, survey, score";

	private static final String RECOVERED = "SELECT journey, stage, channel, SUM(recovered) FROM voice_recovery"
			+ " GROUP BY journey, stage, channel";

	private final DataSource dataSource;

	private final Supplier<RuleSet> ruleSet;

	private GaugeSeries answers;

	private GaugeSeries scoreSums;

	private GaugeSeries promoters;

	private GaugeSeries detractors;

	private GaugeSeries satisfied;

	private GaugeSeries recovered;

	private final Duration every;

	private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "voice-metrics");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param dataSource the durable store
	 * @param ruleSet the serving rule set, for the journeys listed
	 * @param every how often to read the sums again
	 */
	VoiceMetrics(DataSource dataSource, Supplier<RuleSet> ruleSet, Duration every) {
		this.dataSource = dataSource;
		this.ruleSet = ruleSet;
		this.every = every;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.answers = gauge(registry, "nextbest.voice.answers", "Survey answers, by survey type");
		this.scoreSums = gauge(registry, "nextbest.voice.score.sum",
				"Sum of the survey scores, by survey type (divided by the answers: the mean score)");
		this.promoters = gauge(registry, "nextbest.voice.promoters", "NPS answers of 9 or 10");
		this.detractors = gauge(registry, "nextbest.voice.detractors", "NPS answers of 0 to 6");
		this.satisfied = gauge(registry, "nextbest.voice.satisfied", "CSAT answers of 4 or 5");
		this.recovered = gauge(registry, "nextbest.voice.recovered",
				"Detractors who got a recovery action within the recovery window");
		this.refresher.scheduleWithFixedDelay(this::refresh, 0, this.every.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.refresher.shutdownNow();
	}

	private GaugeSeries gauge(MeterRegistry registry, String name, String description) {
		return new GaugeSeries(MultiGauge.builder(name).description(description).register(registry));
	}

	/** Reads the sums again; a failure keeps the last values and is logged. */
	synchronized void refresh() {
		if (this.answers == null) {
			return;
		}
		RuleSet rules = this.ruleSet.get();
		Set<String> listed = new HashSet<>();
		listed.add("");
		if (rules != null) {
			rules.journeys().all().stream().map(JourneyMap.JourneyDefinition::name).forEach(listed::add);
		}
		Map<Tags, long[]> bySurvey = new HashMap<>();
		Map<Tags, long[]> byPlace = new HashMap<>();
		Map<Tags, Long> recoveredByPlace = new HashMap<>();
		try (Connection connection = this.dataSource.getConnection()) {
			try (PreparedStatement select = connection.prepareStatement(ANSWERS);
					ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					if (!listed.contains(rows.getString(1))) {
						continue;
					}
					Tags place = place(rows.getString(1), rows.getString(2), rows.getString(3));
					String survey = rows.getString(4);
					int score = rows.getInt(5);
					long n = rows.getLong(6);
					long[] sums = bySurvey.computeIfAbsent(place.and("survey", survey), (t) -> new long[2]);
					sums[0] += n;
					sums[1] += score * n;
					long[] counts = byPlace.computeIfAbsent(place, (t) -> new long[3]);
					if (survey.equals("NPS")) {
						counts[0] += SurveyType.NPS.isPromoter(score) ? n : 0;
						counts[1] += SurveyType.NPS.isDetractor(score) ? n : 0;
					}
					else if (survey.equals("CSAT")) {
						counts[2] += (score >= 4) ? n : 0;
					}
				}
			}
			try (PreparedStatement select = connection.prepareStatement(RECOVERED);
					ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					if (listed.contains(rows.getString(1))) {
						recoveredByPlace.merge(place(rows.getString(1), rows.getString(2), rows.getString(3)),
								rows.getLong(4), Long::sum);
					}
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			log.warn("Could not read the voice of the customer sums for the metrics: {}", ex.toString());
			return;
		}
		this.answers.set(values(bySurvey, (sums) -> sums[0]));
		this.scoreSums.set(values(bySurvey, (sums) -> sums[1]));
		this.promoters.set(values(byPlace, (counts) -> counts[0]));
		this.detractors.set(values(byPlace, (counts) -> counts[1]));
		this.satisfied.set(values(byPlace, (counts) -> counts[2]));
		this.recovered.set(recoveredByPlace);
	}

	private static Tags place(String journey, String stage, String channel) {
		return Tags.of("journey", journey, "stage", stage, "channel", channel);
	}

	private static Map<Tags, Long> values(Map<Tags, long[]> sums, ToLongFunction<long[]> of) {
		Map<Tags, Long> values = new HashMap<>(sums.size());
		sums.forEach((tags, each) -> values.put(tags, of.applyAsLong(each)));
		return values;
	}

}
