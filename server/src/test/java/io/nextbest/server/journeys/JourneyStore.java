package io.nextbest.server.journeys;

import java.nio.file.Path;
import java.time.Clock;

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

}
