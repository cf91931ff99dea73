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
 * channels, by rule set size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RuleEvaluationBenchmark {

	@Param({ "10", "100", "1000" })
	int rules;

	private RuleSet ruleSet;

	private final CustomerContext[] customers = new CustomerContext[64];

	private final DecisionRequest[] requests = new DecisionRequest[64];

	private int next;

	@Setup
	public void setUp() throws IOException {
		this.ruleSet = GeneratedRules.load(this.rules);
		Instant now = Instant.now();
		for (int i = 0; i < this.customers.length; i++) {
			this.customers[i] = Contexts.typical("c" + i, i, now);
			this.requests[i] = DecisionRequest.of("c" + i, Channel.WEB, Channel.EMAIL, Channel.APP);
		}
	}

	@Benchmark
	public Decision decide() {
		int i = (this.next++) & 63;
		return DecisionEngine.decide(this.ruleSet, this.customers[i], this.requests[i], Instant.now(), "d");
	}

}
