package io.nextbest.benchmarks;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.Decision;
import io.nextbest.engine.decision.DecisionEngine;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.facts.Channel;

/**
 * One decision (rule evaluation, consent, arbitration) for a typical customer and three
 * channels, by rule set size. The customers are spread over the rule set's rows, each
 * matching one row's key, so every decision fires one row of the table whatever its size
 * and the sizes differ only in the rows the engine passes over (customers of typical
 * variants matched a row of the 1,000-row table but almost never one of the 10-row table,
 * whose decisions then had nothing to rank). Decisions cycle through 1,024 customers: a
 * large table's rows are each reached now and then, as in a real population.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RuleEvaluationBenchmark {

	/** Decisions for every customer before measuring (see {@link #setUp()}). */
	private static final int WARM_UP_PASSES = 300;

	@Param({ "10", "100", "1000" })
	int rules;

	private RuleSet ruleSet;

	private final CustomerContext[] customers = new CustomerContext[1024];

	private final DecisionRequest[] requests = new DecisionRequest[1024];

	private int next;

	@Setup
	public void setUp() throws IOException {
		this.ruleSet = GeneratedRules.load(this.rules);
		Instant now = Instant.now();
		for (int i = 0; i < this.customers.length; i++) {
			this.customers[i] = GeneratedRules.customerOf("c" + i, i % this.rules, i, now);
			this.requests[i] = DecisionRequest.of("c" + i, Channel.WEB, Channel.EMAIL, Channel.APP);
		}
		// Every row a few hundred times before JMH's own warm-up: the rule engine
		// generates a row's consequence on its first firing and the JIT compiles it
		// after many, which a 1,000-row table reaches only after hundreds of thousands
		// of decisions (a serving rule set gets there within minutes); the suite's
		// short warm-up would otherwise measure the large table still compiling.
		Instant at = Instant.now();
		for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
			for (int i = 0; i < this.customers.length; i++) {
				DecisionEngine.decide(this.ruleSet, this.customers[i], this.requests[i], at, "warm-up");
			}
		}
	}

	@Benchmark
	public Decision decide() {
		int i = (this.next++) & 1023;
		return DecisionEngine.decide(this.ruleSet, this.customers[i], this.requests[i], Instant.now(), "d");
	}

}
