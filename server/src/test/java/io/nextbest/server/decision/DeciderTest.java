package io.nextbest.server.decision;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nextbest.facts.Channel;
import io.nextbest.server.LoopbackCluster;
import io.nextbest.server.context.ContextLimits;
import io.nextbest.server.context.HazelcastContextStore;
import io.nextbest.server.policy.PopulationResponses;
import io.nextbest.server.policy.TestPopulations;
import io.nextbest.server.rules.CurrentRuleSet;
import io.nextbest.server.rules.TestRuleSets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decider keeps a sample of recent decisions' inputs and makes them again on a new
 * rule set before it serves.
 */
class DeciderTest {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-03T10:00:00Z"), ZoneOffset.UTC);

	private final LoopbackCluster cluster = new LoopbackCluster("decider-test");

	private PopulationResponses population;

	@AfterEach
	void stop() {
		if (this.population != null) {
			this.population.close();
		}
		this.cluster.close();
	}

	@Test
	void aNewRuleSetIsWarmedUpWithRecentDecisions() {
		HazelcastInstance member = this.cluster.serverMember(null);
		CurrentRuleSet rules = TestRuleSets.current(Path.of("src/test/resources/engine-rules"), CLOCK);
		this.population = TestPopulations.none(member);
		Decider decider = new Decider(new HazelcastContextStore(member, ContextLimits.DEFAULTS), rules, this.population,
				CLOCK);

		assertThat(decider.warmUp(rules.get())).as("nothing decided yet").isZero();

		for (int i = 0; i < 1_000; i++) {
			decider.decide(DecisionRequest.of("c-" + i, Channel.WEB, Channel.EMAIL));
		}

		assertThat(decider.warmUp(rules.get())).isPositive().isLessThanOrEqualTo(32);
	}

}
