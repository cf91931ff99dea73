package io.nextbest.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.DecisionEngine;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.policy.PopulationRates;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.whatif.PopulationFilter;
import io.nextbest.engine.whatif.WhatIf;
import io.nextbest.engine.whatif.WhatIfReport;
import io.nextbest.engine.whatif.WhatIfTally;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Severity;

/**
 * The what-if's decision work on the engine alone, in memory (no store reading, no
 * server; one in five customers with an open case): customers per second of a what-if of
 * the sample rules against a copy without "Open case suppresses marketing", on a fixed
 * pool of threads that each tally their own share, against the baseline of deciding the
 * same customers once with the serving rules (a what-if decides each customer twice, so
 * about half the baseline's rate is the best to expect). Alternates the two, three rounds
 * each, and prints the medians and the time 1,000,000 customers would take at the
 * what-if's rate.
 *
 * <pre>
 * java -cp ... io.nextbest.benchmarks.WhatIfThroughput [customers] [threads]
 * </pre>
 */
public final class WhatIfThroughput {

	/** Customers decided per batch, as the server reads them per page of the store. */
	private static final int PAGE = 1000;

	private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

	private WhatIfThroughput() {
	}

	public static void main(String[] args) throws Exception {
		int customers = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		int threads = (args.length > 1) ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
		Path rules = Path.of((args.length > 2) ? args[2] : "rules").toAbsolutePath();
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		RuleSet serving = RuleSetLoader.load(rules, clock);
		RuleFiles files = RuleFiles.read(rules);
		String service = files.text("service.drl")
			.replaceFirst("(?s)rule \"Open case suppresses marketing\".*?\\nend\\n", "");
		RuleSet candidate = RuleSetLoader
			.validate(files.with(Map.of("service.drl", service.getBytes(StandardCharsets.UTF_8))), "candidate", clock)
			.ruleSet();
		List<CustomerContext> population = new ArrayList<>(customers);
		for (int i = 0; i < customers; i++) {
			CustomerContext c = Contexts.typical(String.format(Locale.ROOT, "c-%07d", i), i, NOW);
			if (i % 5 == 0) {
				// One in five with an open case, the customers the candidate changes.
				c = new CustomerContext(c.customerId(), c.updatedAt(), c.journeys(),
						List.of(new CustomerContext.ServiceCase("k-" + i, "broadband", Severity.HIGH, c.updatedAt(), 0,
								c.updatedAt())),
						c.consents(), c.surveys(), c.profile(), c.history(), c.recentEventIds(), c.revision());
			}
			population.add(c);
		}
		DecisionRequest template = new DecisionRequest("", List.of(Channel.EMAIL, Channel.WEB, Channel.APP), "", "", "",
				"", Map.of());
		WhatIf whatIf = new WhatIf(serving, candidate, template, NOW, PopulationRates.NONE, PopulationFilter.EVERYONE);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			// Warm-up: one pass of each.
			whatIfRate(whatIf, population, pool, threads);
			decideRate(serving, template, population, pool, threads);
			double[] whatIfRates = new double[3];
			double[] decideRates = new double[3];
			for (int round = 0; round < 3; round++) {
				whatIfRates[round] = whatIfRate(whatIf, population, pool, threads);
				decideRates[round] = decideRate(serving, template, population, pool, threads);
			}
			java.util.Arrays.sort(whatIfRates);
			java.util.Arrays.sort(decideRates);
			double whatIfRate = whatIfRates[1];
			double decideRate = decideRates[1];
			System.out.printf(Locale.ROOT,
					"customers %,d, threads %d: what-if %,.0f customers/s, one Decide each %,.0f customers/s "
							+ "(ratio %.2f); 1,000,000 customers in %.0f s at the what-if's rate%n",
					customers, threads, whatIfRate, decideRate, whatIfRate / decideRate, 1_000_000 / whatIfRate);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static double whatIfRate(WhatIf whatIf, List<CustomerContext> population, ExecutorService pool, int threads)
			throws Exception {
		long start = System.nanoTime();
		List<Future<WhatIfTally>> parts = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int from = population.size() * t / threads;
			int to = population.size() * (t + 1) / threads;
			parts.add(pool.submit(() -> {
				WhatIfTally tally = new WhatIfTally();
				for (int page = from; page < to; page += PAGE) {
					whatIf.decide(population.subList(page, Math.min(to, page + PAGE)), tally);
				}
				return tally;
			}));
		}
		WhatIfTally total = new WhatIfTally();
		for (Future<WhatIfTally> part : parts) {
			total.merge(part.get());
		}
		WhatIfReport report = whatIf.report(total);
		double seconds = (System.nanoTime() - start) / 1e9;
		if (report.customers() != population.size()) {
			throw new IllegalStateException("decided " + report.customers() + " of " + population.size());
		}
		return population.size() / seconds;
	}

	private static double decideRate(RuleSet ruleSet, DecisionRequest template, List<CustomerContext> population,
			ExecutorService pool, int threads) throws Exception {
		long start = System.nanoTime();
		List<Future<?>> parts = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int from = population.size() * t / threads;
			int to = population.size() * (t + 1) / threads;
			parts.add(pool.submit(() -> {
				for (CustomerContext context : population.subList(from, to)) {
					DecisionEngine.decide(ruleSet, context, template, NOW, "baseline");
				}
			}));
		}
		for (Future<?> part : parts) {
			part.get();
		}
		return population.size() / ((System.nanoTime() - start) / 1e9);
	}

}
