package io.nextbest.server.decision;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.decision.Decision;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Purpose;
import io.nextbest.server.LoopbackCluster;
import io.nextbest.server.context.HazelcastContextStore;
import io.nextbest.server.ingest.PopulationResponses;
import io.nextbest.server.ingest.TestPopulations;
import io.nextbest.server.rules.CurrentRuleSet;
import io.nextbest.server.rules.TestRuleSets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decider keeps a sample of recent decisions' inputs and makes them again on a new
 * rule set before it serves.
 */
class DeciderTest {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-03T10:00:00Z"), ZoneOffset.UTC);

	private static final String PROMO = "Promo for segmented customers";

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
	void aNewRuleSetIsWarmedUpWithRecentRequestsAndTheContextsAsTheyAreThen() {
		HazelcastInstance member = this.cluster.serverMember(null);
		HazelcastContextStore store = new HazelcastContextStore(member, ContextLimits.DEFAULTS);
		CurrentRuleSet rules = TestRuleSets.current(Path.of("src/test/resources/engine-rules"), CLOCK);
		this.population = TestPopulations.none(member);
		Decider decider = new Decider(store, rules, this.population, CLOCK);
		store.apply(new ContextEvent.ProfileUpdated("ann-1", "ann", 1_000, Map.of("segment", "silver")));
		store.apply(new ContextEvent.ConsentChanged("ann-2", "ann", 2_000, Channel.WEB, Purpose.MARKETING,
				ConsentStatus.GRANTED));

		assertThat(decider.warmUp(rules.get())).as("nothing decided yet").isEmpty();

		for (int i = 0; i < 1_000; i++) {
			decider.decide(DecisionRequest.of("ann", Channel.WEB));
		}
		List<Decision> warmedUp = decider.warmUp(rules.get());

		assertThat(warmedUp).hasSizeBetween(1, 32)
			.allSatisfy((decision) -> assertThat(decision.firedRules()).contains(PROMO));

		store.forget("ann");

		assertThat(decider.warmUp(rules.get())).hasSameSizeAs(warmedUp)
			.allSatisfy((decision) -> assertThat(decision.firedRules()).doesNotContain(PROMO));
	}

}
