package io.nextbest.server.context;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the embedded database runs the statements a group commit adds counts with: each
 * finds its one row by the table's primary key. A statement that chose another index read
 * every row under that index's prefix for each count (V8's day index made the
 * transitions' MERGE read the whole day), a cost that grew with the table.
 */
class CountStatementPlansTest {

	private static final Pattern TARGET_INDEX = Pattern
		.compile("MERGE INTO \"PUBLIC\"\\.\"(\\w+)\" \"T\"\\s*/\\* ([^*]+)\\*/");

	@TempDir
	Path folder;

	@Test
	void everyCountIsFoundByItsTablesPrimaryKey() throws SQLException {
		List<String> statements = new ArrayList<>(new JourneyCountTables(true).statements());
		statements.addAll(new VoiceCountTables(true).statements());
		try (HikariDataSource dataSource = new HikariDataSource()) {
			dataSource.setJdbcUrl("jdbc:h2:file:" + this.folder.resolve("db").toAbsolutePath());
			Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
			try (Connection connection = dataSource.getConnection()) {
				for (String statement : statements) {
					String plan = plan(connection, statement);
					Matcher target = TARGET_INDEX.matcher(plan);
					assertThat(target.find()).as(plan).isTrue();
					assertThat(target.group(2)).as("the row of %s is found by", target.group(1))
						.contains("PRIMARY_KEY")
						.doesNotContain("scan");
				}
			}
		}
	}

	private static String plan(Connection connection, String statement) throws SQLException {
		try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + statement)) {
			for (int i = 1; i <= explain.getParameterMetaData().getParameterCount(); i++) {
				explain.setString(i, "1");
			}
			try (ResultSet plan = explain.executeQuery()) {
				plan.next();
				return plan.getString(1);
			}
		}
	}

}
