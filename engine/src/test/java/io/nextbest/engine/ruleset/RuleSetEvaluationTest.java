package io.nextbest.engine.ruleset;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.facts.Customer;
import io.nextbest.facts.Journey;
import io.nextbest.facts.Moment;
import io.nextbest.facts.Propose;
import io.nextbest.facts.Stage;
import io.nextbest.engine.testing.RuleDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whether evaluations share pooled sessions (a small rule set) or each has a new one (a
 * large one), nothing of one evaluation (facts, the rules' own inserts, pending
 * activations of a stopped evaluation) is seen by the next, on one thread or many, and a
 * rule that matches on the absence of a fact fires in every evaluation.
 */
class RuleSetEvaluationTest {

	private static final String RULES = """
			package io.nextbest.rules;

			import io.nextbest.facts.*;

			rule "Gold customers get the offer"
			when
			    Customer(segment == "gold")
			then
			    insert(Propose.action("offer").priority(10).because("gold"));
			end

			rule "One offer makes a welcome"
			when
			    Propose(actionId == "offer")
			then
			    insert(Propose.action("welcome").priority(5).because("after the offer"));
			end

			rule "Loop customers start a loop"
			when
			    Customer(segment == "loop")
			then
			    // Loops on purpose: the evaluation is stopped at the firing limit.
			    insert("x");
			end

			rule "Fails for broken customers"
			when
			    Customer(segment == "broken")
			then
			    throw new IllegalStateException("a rule that fails");
			end

			rule "Loops forever"
			when
			    $s : String()
			then
			    insert($s + "x");
			end

			rule "No journey makes a guest"
			when
			    not Journey()
			then
			    insert(Propose.action("guest").priority(1).because("in no journey"));
			end
			""";

	@TempDir
	Path folder;

	private RuleSet ruleSet;

	@BeforeEach
	void load() {
		RuleDirectory rules = new RuleDirectory(this.folder);
		rules.write("actions.yaml", RuleDirectory.CATALOGUE + """
				  - id: guest
				    kind: message
				    purpose: service
				    channels: [web]
				    content: guest
				""");
		rules.write("welcome.drl", RULES);
		this.ruleSet = RuleSetLoader.load(this.folder, Clock.systemUTC());
	}

	/** The rule set of the tests, evaluating in pooled sessions or in new ones. */
	private void sessions(boolean pooled) {
		assertThat(this.ruleSet.pooledSessions()).as("a small rule set pools its sessions").isTrue();
		if (!pooled) {
			this.ruleSet = this.ruleSet.withOtherSessions();
			assertThat(this.ruleSet.pooledSessions()).isFalse();
		}
	}

	@Test
	void aRuleSetOfManyRulesHasANewSessionPerEvaluation() {
		RuleDirectory rules = new RuleDirectory(this.folder);
		StringBuilder drl = new StringBuilder("package io.nextbest.rules;\n\nimport io.nextbest.facts.*;\n\n");
		for (int r = 0; r < RuleSet.NEW_SESSION_FROM_RULES; r++) {
			drl.append("rule \"Segment ")
				.append(r)
				.append("\"\nwhen\n    Customer(segment == \"s")
				.append(r)
				.append("\")\nthen\n    insert(Propose.action(\"offer\").priority(10).because(\"s")
				.append(r)
				.append("\"));\nend\n\n");
		}
		rules.write("welcome.drl", drl.toString());
		RuleSet large = RuleSetLoader.load(this.folder, Clock.systemUTC());

		assertThat(large.pooledSessions()).isFalse();
		for (int r = 0; r < 3; r++) {
			Conclusions conclusions = large.evaluate(
					List.of(new Customer("c", true, Map.of("segment", "s" + (RuleSet.NEW_SESSION_FROM_RULES - 1)))));
			assertThat(conclusions.firedRules()).containsExactly("Segment " + (RuleSet.NEW_SESSION_FROM_RULES - 1));
		}
	}

	@ParameterizedTest(name = "pooled sessions: {0}")
	@ValueSource(booleans = { true, false })
	void aRuleOnTheAbsenceOfAFactFiresInEveryEvaluation(boolean pooled) {
		sessions(pooled);
		for (int i = 0; i < 3; i++) {
			assertThat(proposed("silver")).containsExactly("guest");
		}
		assertThat(
				this.ruleSet.evaluate(List.of(new Journey("broadband", Stage.LOYALTY, Instant.EPOCH, 1))).firedRules())
			.doesNotContain("No journey makes a guest");
		assertThat(proposed("gold")).containsExactly("guest", "offer", "welcome");
	}

	@ParameterizedTest(name = "pooled sessions: {0}")
	@ValueSource(booleans = { true, false })
	void anEvaluationSeesNothingOfThePreviousOne(boolean pooled) {
		sessions(pooled);
		assertThat(proposed("gold")).containsExactly("guest", "offer", "welcome");
		assertThat(proposed("silver")).containsExactly("guest");
		assertThat(fired("silver")).containsExactly("No journey makes a guest");
		assertThat(proposed("gold")).containsExactly("guest", "offer", "welcome");
	}

	@ParameterizedTest(name = "pooled sessions: {0}")
	@ValueSource(booleans = { true, false })
	void anEvaluationStoppedAtTheFiringLimitLeavesNothingBehind(boolean pooled) {
		sessions(pooled);
		assertThat(fired("loop")).hasSizeGreaterThanOrEqualTo(RuleSet.MAX_FIRINGS);
		assertThat(fired("silver")).containsExactly("No journey makes a guest");
		assertThat(proposed("gold")).containsExactly("guest", "offer", "welcome");
	}

	@ParameterizedTest(name = "pooled sessions: {0}")
	@ValueSource(booleans = { true, false })
	void anEvaluationThatFailedLeavesNothingBehind(boolean pooled) {
		sessions(pooled);
		assertThatThrownBy(() -> evaluate("broken")).hasStackTraceContaining("a rule that fails");
		assertThat(fired("silver")).containsExactly("No journey makes a guest");
		assertThat(proposed("gold")).containsExactly("guest", "offer", "welcome");
	}

	@ParameterizedTest(name = "pooled sessions: {0}")
	@ValueSource(booleans = { true, false })
	void concurrentEvaluationsKeepToTheirOwnFacts(boolean pooled) throws Exception {
		sessions(pooled);
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int offset = t;
				results.add(threads.submit(() -> {
					for (int i = 0; i < 2_000; i++) {
						boolean gold = (i + offset) % 2 == 0;
						List<String> got = proposed(gold ? "gold" : "silver");
						if (!got.equals(gold ? List.of("guest", "offer", "welcome") : List.of("guest"))) {
							return false;
						}
					}
					return true;
				}));
			}
			for (Future<Boolean> result : results) {
				assertThat(result.get()).isTrue();
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void theRuleSetKnowsWhichFactTypesItsRulesSee() {
		assertThat(this.ruleSet.matches(Customer.class)).isTrue();
		assertThat(this.ruleSet.matches(String.class)).isTrue();
		assertThat(this.ruleSet.matches(Propose.class)).isTrue();
		assertThat(this.ruleSet.matches(Moment.class)).isFalse();
		assertThat(this.ruleSet.matches(Journey.class)).as("seen in a not").isTrue();
	}

	@Test
	void aPatternOnObjectSeesEveryType() {
		RuleDirectory rules = new RuleDirectory(this.folder);
		rules.write("welcome.drl", """
				package io.nextbest.rules;

				rule "Counts facts"
				when
				    accumulate(Object(); $n : count())
				then
				end
				""");
		RuleSet counting = RuleSetLoader.load(this.folder, Clock.systemUTC());

		assertThat(counting.matches(Moment.class)).isTrue();
		assertThat(counting.matches(Journey.class)).isTrue();
	}

	private List<String> proposed(String segment) {
		return evaluate(segment).proposals().stream().map((p) -> p.propose().getActionId()).sorted().toList();
	}

	private List<String> fired(String segment) {
		return evaluate(segment).firedRules();
	}

	private Conclusions evaluate(String segment) {
		return this.ruleSet.evaluate(List.of(new Customer("c-" + segment, true, Map.of("segment", segment))));
	}

}
