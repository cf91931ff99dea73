package io.nextbest.server.journeys;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.testing.RuleDirectory;

/**
 * What the analytics tests read: an embedded store in a folder, migrated as the server
 * migrates it, and a rule set of a journeys.yaml.
 */
final class JourneyStore {

	private JourneyStore() {
	}

	/**
	 * @param folder where the database goes
	 * @return a pool over a migrated embedded store, which the caller closes
	 */
	static HikariDataSource migrated(Path folder) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:h2:file:" + folder.resolve("db").toAbsolutePath());
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
		return dataSource;
	}

	/**
	 * @param folder where the rules go
	 * @param journeys the text of journeys.yaml
	 * @param clock the rule set's clock
	 * @return the rule set of those journeys
	 */
	static RuleSet journeys(Path folder, String journeys, Clock clock) {
		RuleDirectory rules = new RuleDirectory(folder.resolve("rules"));
		rules.write("journeys.yaml", journeys);
		return RuleSetLoader.load(rules.root(), clock);
	}

	/**
	 * Runs a statement, then raises the revision of every day with moves, as the commits
	 * that add moves do (the analytics read a day again only when it rises).
	 * @param dataSource the store
	 * @param sql the statement
	 */
	static void execute(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
			statement.execute("MERGE INTO journey_day_revision t USING (SELECT DISTINCT journey, change_day"
					+ " FROM journey_transition) s ON t.journey = s.journey AND t.change_day = s.change_day"
					+ " WHEN MATCHED THEN UPDATE SET revision = t.revision + 1"
					+ " WHEN NOT MATCHED THEN INSERT VALUES (s.journey, s.change_day, 'test', 1)");
		}
	}

}
