package io.nextbest.benchmarks;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.EventApplier;
import io.nextbest.engine.decision.Decision;
import io.nextbest.engine.decision.DecisionEngine;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Stage;

/**
 * Decide without gRPC or Hazelcast: the sample rule set of {@code rules/} and its contact
 * policy, for a loyal customer with consent on three channels, once with no contact
 * history (the baseline) and once with 50 entries spread over 90 days. The target: the
 * customer with history costs at most 1.3 times the baseline. The ratio is of medians of
 * sampled call times: on a shared machine, the mean follows whatever else runs, the
 * median much less.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecideBenchmark {

	/** The target ratio of Decide with a 50-entry history to Decide with none. */
	static final double TARGET = 1.3;

	private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

	private static final List<String> ACTIONS = List.of("product-intro", "value-story", "adoption-tips",
			"case-follow-up", "feedback-survey", "referral-ask", "onboarding-guide");

	private static final List<Outcome> OUTCOMES = List.of(Outcome.IMPRESSION, Outcome.SENT, Outcome.DELIVERED,
			Outcome.IMPRESSION, Outcome.CLICK, Outcome.IMPRESSION, Outcome.DISMISS);

	private static final List<Channel> CHANNELS = List.of(Channel.WEB, Channel.EMAIL, Channel.APP, Channel.PUSH);

	private RuleSet rules;

	private CustomerContext withoutHistory;

	private CustomerContext withHistory;

	private DecisionRequest request;

	/**
	 * The sample rules: {@code -Dnextbest.rules=DIR}, else {@code rules/} seen from the
	 * repository root (where the suite runs) or from this module (where its tests run).
	 */
	public static Path rulesDirectory() {
		String configured = System.getProperty("nextbest.rules");
		if (configured != null) {
			return Path.of(configured).toAbsolutePath();
		}
		Path fromRoot = Path.of("rules").toAbsolutePath();
		return java.nio.file.Files.isDirectory(fromRoot) ? fromRoot : Path.of("../rules").toAbsolutePath().normalize();
	}

	/** Loads the rule set and builds both customers from events, as the server would. */
	@Setup
	public void setUp() {
		this.rules = RuleSetLoader.load(rulesDirectory(), Clock.fixed(NOW, ZoneOffset.UTC));
		this.withoutHistory = loyalCustomer();
		CustomerContext context = this.withoutHistory;
		for (int i = 0; i < 50; i++) {
			// From 85 days ago to a week ago, every action, channel and outcome in turn.
			Instant at = NOW.minus(Duration.ofHours(85 * 24 - i * 37L));
			context = apply(context,
					new ContextEvent.OutcomeRecorded("o-" + i, "c-1", at.toEpochMilli(), "d-" + i,
							ACTIONS.get(i % ACTIONS.size()), CHANNELS.get(i % CHANNELS.size()),
							OUTCOMES.get(i % OUTCOMES.size())));
		}
		this.withHistory = context;
		if (this.withHistory.history().size() != 50) {
			throw new IllegalStateException("expected 50 history entries, got " + this.withHistory.history().size());
		}
		this.request = DecisionRequest.of("c-1", Channel.WEB, Channel.APP, Channel.EMAIL);
		String without = describe(decideWithoutHistory());
		String with = describe(decideWith50HistoryEntries());
		if (!without.equals(with)) {
			// Both must do the same work: a history that suppresses the offers would be
			// cheaper.
			throw new IllegalStateException("the history changes the decision: " + without + " vs " + with);
		}
	}

	/**
	 * The baseline.
	 * @return the decision, so it is not optimised away
	 */
	@Benchmark
	public Decision decideWithoutHistory() {
		return DecisionEngine.decide(this.rules, this.withoutHistory, this.request, NOW, "d-1");
	}

	/**
	 * The same customer with 50 contact history entries.
	 * @return the decision, so it is not optimised away
	 */
	@Benchmark
	public Decision decideWith50HistoryEntries() {
		return DecisionEngine.decide(this.rules, this.withHistory, this.request, NOW, "d-1");
	}

	private static CustomerContext loyalCustomer() {
		CustomerContext context = CustomerContext.empty("c-1");
		long yearAgo = NOW.minus(Duration.ofDays(365)).toEpochMilli();
		context = apply(context, new ContextEvent.ProfileUpdated("p-1", "c-1", yearAgo,
				Map.of("segment", "gold", "time_zone", "Europe/Paris")));
		int id = 0;
		for (Channel channel : List.of(Channel.WEB, Channel.APP, Channel.EMAIL)) {
			context = apply(context, new ContextEvent.ConsentChanged("k-" + (++id), "c-1", yearAgo, channel,
					Purpose.MARKETING, ConsentStatus.GRANTED));
		}
		return apply(context, new ContextEvent.StageChanged("s-1", "c-1",
				NOW.minus(Duration.ofDays(320)).toEpochMilli(), "broadband", Stage.LOYALTY));
	}

	private static CustomerContext apply(CustomerContext context, ContextEvent event) {
		return EventApplier.apply(context, event, ContextLimits.DEFAULTS).context();
	}

	private static String describe(Decision decision) {
		StringBuilder text = new StringBuilder();
		decision.channels()
			.forEach((c) -> text.append(c.channel())
				.append('=')
				.append(c.isAction() ? c.action().definition().id() : String.valueOf(c.suppression()))
				.append(' '));
		return text.toString();
	}

	/**
	 * Runs both benchmarks and reports the ratio. JMH options may be given as arguments
	 * (for example {@code -wi 1 -i 3} for a quick look).
	 * @param args JMH command-line options
	 * @throws Exception when JMH fails
	 */
	public static void main(String[] args) throws Exception {
		Collection<RunResult> results = new Runner(new OptionsBuilder().parent(new CommandLineOptions(args))
			.include(DecideBenchmark.class.getName() + "\\.")
			.build()).run();
		double without = percentile(results, "decideWithoutHistory", 50);
		double with = percentile(results, "decideWith50HistoryEntries", 50);
		double ratio = with / without;
		System.out.printf(
				"%nDecide, median: 50 history entries %.2f us, none %.2f us: ratio %.2f (target <= %.1f): %s%n", with,
				without, ratio, TARGET, (ratio <= TARGET) ? "OK" : "OVER TARGET");
		// The fastest calls are the least disturbed by other processes: a check on the
		// median.
		System.out.printf("Decide, fastest: 50 history entries %.2f us, none %.2f us: ratio %.2f%n",
				percentile(results, "decideWith50HistoryEntries", 0), percentile(results, "decideWithoutHistory", 0),
				percentile(results, "decideWith50HistoryEntries", 0) / percentile(results, "decideWithoutHistory", 0));
	}

	private static double percentile(Collection<RunResult> results, String benchmark, double percentile) {
		return results.stream()
			.filter((r) -> r.getParams().getBenchmark().endsWith("." + benchmark))
			.findFirst()
			.orElseThrow()
			.getPrimaryResult()
			.getStatistics()
			.getPercentile(percentile);
	}

}
