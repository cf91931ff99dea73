package io.nextbest.server.journeys;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.ruleset.RuleSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The voice of the customer metrics, read from the durable sums, with bounded labels. */
class VoiceMetricsTest {

	@TempDir
	Path folder;

	private HikariDataSource dataSource;

	private VoiceMetrics metrics;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@BeforeEach
	void start() {
		this.dataSource = JourneyStore.migrated(this.folder);
		RuleSet ruleSet = JourneyStore.journeys(this.folder, """
				journeys:
				  broadband:
				    stages: { onboarding: { expected-days: 21, late-after-days: 30 } }
				""", Clock.systemUTC());
		// Refreshed by the test, not by the schedule.
		this.metrics = new VoiceMetrics(this.dataSource, () -> ruleSet, Duration.ofDays(1));
	}

	@AfterEach
	void stop() {
		this.metrics.close();
		this.dataSource.close();
	}

	@Test
	void sumsPerJourneyStageAndChannelOfTheListedJourneysOnly() throws SQLException {
		this.metrics.bindTo(this.registry);
		answers("broadband", "NPS", 10, 3);
		answers("broadband", "NPS", 3, 2);
		answers("broadband", "CSAT", 5, 1);
		// No longer listed in journeys.yaml: not a label value.
		answers("tv", "NPS", 9, 7);
		execute("INSERT INTO voice_recovery VALUES ('broadband', 'ONBOARDING', 'EMAIL', 20000, 1)");

		this.metrics.refresh();

		assertThat(gauge("nextbest.voice.answers", "survey", "NPS")).isEqualTo(5);
		assertThat(gauge("nextbest.voice.score.sum", "survey", "NPS")).isEqualTo(36);
		assertThat(gauge("nextbest.voice.answers", "survey", "CSAT")).isEqualTo(1);
		assertThat(gauge("nextbest.voice.promoters")).isEqualTo(3);
		assertThat(gauge("nextbest.voice.detractors")).isEqualTo(2);
		assertThat(gauge("nextbest.voice.satisfied")).isEqualTo(1);
		assertThat(gauge("nextbest.voice.recovered")).isEqualTo(1);
		assertThat(this.registry.find("nextbest.voice.answers").tag("journey", "tv").gauges()).isEmpty();

		answers("broadband", "NPS", 9, 1);
		this.metrics.refresh();

		assertThat(gauge("nextbest.voice.promoters")).isEqualTo(4);
	}

	private double gauge(String name, String... tags) {
		return this.registry.get(name)
			.tags("journey", "broadband", "stage", "ONBOARDING", "channel", "EMAIL")
			.tags(tags)
			.gauge()
			.value();
	}

	private void answers(String journey, String survey, int score, long n) throws SQLException {
		execute("INSERT INTO voice_answer VALUES ('" + journey + "', 'ONBOARDING', 'EMAIL', 20000 + " + score + ", '"
				+ survey + "', " + score + ", '', 'v1', " + n + ")");
	}

	private void execute(String sql) throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
