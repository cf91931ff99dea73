package io.nextbest.server.journeys;

import java.time.Clock;
import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.nextbest.server.context.ContextRanges;
import io.nextbest.server.context.JourneyCounting;
import io.nextbest.server.rules.CurrentRuleSet;

/**
 * Journey analytics: stage changes are counted where they are applied, with the journeys
 * of the rule set serving on the member ({@code journeys.yaml}), and the counts are
 * served by the analytics API.
 */
@Configuration(proxyBeanMethods = false)
class JourneyConfiguration {

	@Bean
	JourneyAnalytics journeyAnalytics(DataSource dataSource, CurrentRuleSet ruleSet, Clock clock,
			@Value("${nextbest.journeys.kept-rows:" + JourneyAnalytics.DEFAULT_KEPT_ROWS + "}") long keptRows) {
		if (keptRows < 0) {
			throw new IllegalArgumentException(
					"nextbest.journeys.kept-rows must be 0 or more (0 keeps no day in memory), not " + keptRows);
		}
		return new JourneyAnalytics(dataSource, ruleSet::get, clock, keptRows);
	}

	@Bean
	OverdueCustomers overdueCustomers(DataSource dataSource, JourneyAnalytics analytics) {
		return new OverdueCustomers(new ContextRanges(dataSource), analytics);
	}

	@Bean
	JourneyMetrics journeyMetrics(JourneyAnalytics analytics) {
		return new JourneyMetrics(analytics);
	}

	@Bean
	JourneyVerification journeyVerification(DataSource dataSource, JourneyAnalytics analytics) {
		return new JourneyVerification(dataSource, new ContextRanges(dataSource), analytics);
	}

	/**
	 * Counts stage changes, unless {@code nextbest.journeys.counting} is false (then the
	 * analytics answer from the counts kept so far).
	 */
	@Bean
	@ConditionalOnProperty(name = "nextbest.journeys.counting", havingValue = "true", matchIfMissing = true)
	HazelcastConfigCustomizer journeyCounting(ObjectProvider<CurrentRuleSet> ruleSet) {
		// The rule set is looked up when a stage change is counted, not when the member
		// is configured: it is compiled alongside.
		return (config) -> config.getUserContext()
			.put(JourneyCounting.USER_CONTEXT_KEY, new JourneyCounting(() -> ruleSet.getObject().get()));
	}

}
