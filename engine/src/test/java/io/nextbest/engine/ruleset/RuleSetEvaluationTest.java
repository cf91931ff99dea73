package io.nextbest.engine.ruleset;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.facts.Customer;
import io.nextbest.facts.Journey;
import io.nextbest.facts.Moment;
import io.nextbest.facts.Propose;
import io.nextbest.engine.testing.RuleDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Evaluations share pooled sessions: nothing of one evaluation (facts, the rules' own
 * inserts, pending activations of a stopped evaluation) is seen by the next, on one
 * thread or many.
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
			""";

	@TempDir
	Path folder;

	private RuleSet ruleSet;

	@BeforeEach
	void load() {
		RuleDirectory rules = new RuleDirectory(this.folder);
		rules.write("welcome.drl", RULES);
		this.ruleSet = RuleSetLoader.load(this.folder, Clock.systemUTC());
	}

	@Test
	void anEvaluationSeesNothingOfThePreviousOne() {
		assertThat(proposed("gold")).containsExactly("offer", "welcome");
		assertThat(proposed("silver")).isEmpty();
		assertThat(fired("silver")).isEmpty();
		assertThat(proposed("gold")).containsExactly("offer", "welcome");
	}

	@Test
	void anEvaluationStoppedAtTheFiringLimitLeavesNothingBehind() {
		assertThat(fired("loop")).hasSizeGreaterThanOrEqualTo(RuleSet.MAX_FIRINGS);
		assertThat(fired("silver")).isEmpty();
		assertThat(proposed("gold")).containsExactly("offer", "welcome");
	}

	@Test
	void anEvaluationThatFailedLeavesNothingBehind() {
		assertThatThrownBy(() -> evaluate("broken")).hasStackTraceContaining("a rule that fails");
		assertThat(fired("silver")).isEmpty();
		assertThat(proposed("gold")).containsExactly("offer", "welcome");
	}

	@Test
	void concurrentEvaluationsKeepToTheirOwnFacts() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int offset = t;
				results.add(threads.submit(() -> {
					for (int i = 0; i < 2_000; i++) {
						boolean gold = (i + offset) % 2 == 0;
						List<String> got = proposed(gold ? "gold" : "silver");
						if (!got.equals(gold ? List.of("offer", "welcome") : List.of())) {
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
		assertThat(this.ruleSet.matches(Journey.class)).isFalse();
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
