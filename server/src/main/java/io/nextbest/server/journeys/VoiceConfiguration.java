package io.nextbest.server.journeys;

import java.time.Duration;
import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.nextbest.server.context.VoiceCounting;
import io.nextbest.server.rules.CurrentRuleSet;

/**
 * The voice of the customer: survey answers and recovery actions are counted where they
 * are applied, with the journeys and the action catalogue of the rule set serving on the
 * member, and the sums are served by {@code AnalyticsService.Voice} and as metrics.
 */
@Configuration(proxyBeanMethods = false)
class VoiceConfiguration {

	@Bean
	VoiceAnalytics voiceAnalytics(DataSource dataSource, JourneyAnalytics journeys) {
		return new VoiceAnalytics(dataSource, journeys);
	}

	@Bean
	@ConditionalOnProperty(name = "nextbest.journeys.counting", havingValue = "true", matchIfMissing = true)
	HazelcastConfigCustomizer voiceCounting(ObjectProvider<CurrentRuleSet> ruleSet,
			@Value("${nextbest.voice.recovery-window:48h}") Duration recoveryWindow) {
		if (recoveryWindow.isNegative() || recoveryWindow.isZero()) {
			throw new IllegalArgumentException("nextbest.voice.recovery-window must be above 0, got " + recoveryWindow);
		}
		// The rule set is looked up when an event is counted, not when the member is
		// configured: it is compiled alongside.
		return (config) -> config.getUserContext()
			.put(VoiceCounting.USER_CONTEXT_KEY, new VoiceCounting(() -> ruleSet.getObject().get(), recoveryWindow));
	}

	@Bean
	VoiceMetrics voiceMetrics(DataSource dataSource, CurrentRuleSet ruleSet,
			@Value("${nextbest.voice.metrics-refresh:30s}") Duration refresh) {
		return new VoiceMetrics(dataSource, ruleSet::get, refresh);
	}

}
