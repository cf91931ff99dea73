package io.nextbest.server.journeys;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.ruleset.RuleSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The journey counts as metrics: stock, overdue, moves and dwell buckets per stage. */
class JourneyMetricsTest {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	private static final int TODAY = JourneyAnalytics.day(NOW.toEpochMilli());

	@TempDir
	Path folder;

	private HikariDataSource dataSource;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private JourneyMetrics metrics;

	@BeforeEach
	void start() {
		this.dataSource = JourneyStore.migrated(this.folder);
		RuleSet ruleSet = JourneyStore.journeys(this.folder, """
				journeys:
				  broadband:
				    stages:
				      onboarding: { expected-days: 21, late-after-days: 30 }
				""", Clock.fixed(NOW, ZoneOffset.UTC));
		JourneyAnalytics analytics = new JourneyAnalytics(this.dataSource, () -> ruleSet,
				Clock.fixed(NOW, ZoneOffset.UTC));
		this.metrics = new JourneyMetrics(analytics);
	}

	@AfterEach
	void stop() {
		this.metrics.close();
		this.dataSource.close();
	}

	@Test
	void stockOverdueMovesAndDwellPerStage() throws SQLException {
		execute("INSERT INTO journey_transition VALUES ('broadband', '', 'ONBOARDING', " + (TODAY - 40)
				+ ", '', 'v1', 0, 5, 0)");
		execute("INSERT INTO journey_transition VALUES ('broadband', 'ONBOARDING', 'ADOPTION', " + (TODAY - 20)
				+ ", '', 'v1', 12, 2, 0)");
		execute("INSERT INTO journey_transition VALUES ('broadband', 'ONBOARDING', 'ADOPTION', " + (TODAY - 1)
				+ ", '', 'v2', 45, 1, 0)");
		execute("INSERT INTO journey_stock VALUES ('broadband', 'ONBOARDING', " + (TODAY - 40) + ", 2)");
		execute("INSERT INTO journey_stock VALUES ('broadband', 'ONBOARDING', " + (TODAY - 2) + ", 1)");
		execute("INSERT INTO journey_stock VALUES ('broadband', 'ADOPTION', " + (TODAY - 20) + ", 3)");

		this.metrics.bindTo(this.registry);
		this.metrics.refresh();

		assertThat(gauge("nextbest.journey.stock", "stage", "onboarding")).isEqualTo(3);
		assertThat(gauge("nextbest.journey.overdue", "stage", "onboarding")).isEqualTo(2);
		assertThat(gauge("nextbest.journey.stock", "stage", "adoption")).isEqualTo(3);
		assertThat(this.registry.get("nextbest.journey.moves")
			.tag("from", "entered")
			.tag("to", "onboarding")
			.gauge()
			.value()).isEqualTo(5);
		assertThat(this.registry.get("nextbest.journey.moves")
			.tag("from", "onboarding")
			.tag("to", "adoption")
			.gauge()
			.value()).isEqualTo(3);
		assertThat(dwell("14")).isEqualTo(2);
		assertThat(dwell("30")).isEqualTo(2);
		assertThat(dwell("60")).isEqualTo(3);
		assertThat(dwell("+Inf")).isEqualTo(3);
	}

	@Test
	void prometheusShowsTheNamesTheReadmeGives() throws SQLException {
		execute("INSERT INTO journey_transition VALUES ('broadband', 'ONBOARDING', 'ADOPTION', " + (TODAY - 1)
				+ ", '', 'v1', 12, 2, 0)");
		execute("INSERT INTO journey_stock VALUES ('broadband', 'ONBOARDING', " + (TODAY - 40) + ", 2)");
		PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

		this.metrics.bindTo(prometheus);
		this.metrics.refresh();

		assertThat(prometheus.scrape()).contains(
				"nextbest_journey_stock_customers{journey=\"broadband\",stage=\"onboarding\"} 2.0",
				"nextbest_journey_overdue_customers{journey=\"broadband\",stage=\"onboarding\"} 2.0",
				"nextbest_journey_moves{from=\"onboarding\",journey=\"broadband\",to=\"adoption\"} 2.0",
				"nextbest_journey_dwell_moves{journey=\"broadband\",le=\"14\",stage=\"onboarding\"} 2.0");
	}

	private double gauge(String name, String tag, String value) {
		return this.registry.get(name).tag("journey", "broadband").tag(tag, value).gauge().value();
	}

	private double dwell(String le) {
		return this.registry.get("nextbest.journey.dwell.moves")
			.tag("stage", "onboarding")
			.tag("le", le)
			.gauge()
			.value();
	}

	private void execute(String sql) throws SQLException {
		JourneyStore.execute(this.dataSource, sql);
	}

}
