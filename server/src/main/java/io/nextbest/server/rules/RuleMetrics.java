package io.nextbest.server.rules;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import io.nextbest.engine.ruleset.RuleFirings;

/**
 * The rules' metrics: how often each rule fires in served decisions, and what came of
 * each reload. In Prometheus form: {@code nextbest_rules_fired_total{rule=...}},
 * {@code nextbest_rules_reloads_total{outcome=applied|unchanged|rejected|superseded}},
 * {@code nextbest_rules_reload_seconds}, and {@code nextbest_rules_reload_failing}, 1
 * while the last reload was rejected.
 */
@Component
public class RuleMetrics {

	private final MeterRegistry registry;

	/** Looked up once per rule: the registry's own lookup is slower on the hot path. */
	private final Map<String, Counter> fired = new ConcurrentHashMap<>();

	private final AtomicInteger failing = new AtomicInteger();

	private final RuleFirings firings = this::fired;

	RuleMetrics(MeterRegistry registry) {
		this.registry = registry;
		Gauge.builder("nextbest.rules.reload.failing", this.failing, AtomicInteger::get)
			.description("1 while the last reload of the rules was rejected (the previous rule set serves)")
			.register(registry);
	}

	RuleFirings firings() {
		return this.firings;
	}

	void reloaded(ReloadAttempt attempt) {
		Counter.builder("nextbest.rules.reloads")
			.description("Reload attempts of the rules, by outcome")
			.tag("outcome", attempt.outcome().name().toLowerCase(java.util.Locale.ROOT))
			.register(this.registry)
			.increment();
		if (attempt.outcome() == ReloadAttempt.Outcome.APPLIED || attempt.outcome() == ReloadAttempt.Outcome.REJECTED) {
			Timer.builder("nextbest.rules.reload")
				.description("Time to read, compile and check the rules on a reload")
				.register(this.registry)
				.record(attempt.took());
		}
		// A superseded reload says nothing of the rules: the reload after it does.
		if (attempt.outcome() != ReloadAttempt.Outcome.SUPERSEDED) {
			this.failing.set((attempt.outcome() == ReloadAttempt.Outcome.REJECTED) ? 1 : 0);
		}
	}

	/**
	 * @param rule a rule's name
	 * @return the times it fired in decisions this member served since it started
	 */
	public long timesFired(String rule) {
		Counter counter = this.fired.get(rule);
		return (counter != null) ? (long) counter.count() : 0;
	}

	private void fired(List<String> rules) {
		for (int i = 0; i < rules.size(); i++) {
			this.fired.computeIfAbsent(rules.get(i), this::counter).increment();
		}
	}

	private Counter counter(String rule) {
		return Counter.builder("nextbest.rules.fired")
			.description("Times each rule fired in served decisions")
			.tag("rule", rule)
			.register(this.registry);
	}

}
