package io.nextbest.server.context;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL for tests: the database in {@code NBA_TEST_POSTGRES_URL} (CI starts a
 * local one and sets it), else a Testcontainers container when Docker runs. With neither,
 * the tests are skipped on a developer's machine but fail in CI, where they must run.
 */
public final class TestPostgres {

	/** The environment variable with a JDBC URL including user and password. */
	public static final String URL_VARIABLE = "NBA_TEST_POSTGRES_URL";

	private static String baseUrl;

	private TestPostgres() {
	}

	/**
	 * Creates an empty schema of its own for one test, so that tests never see each
	 * other's rows.
	 * @return a JDBC URL (with credentials) whose current schema is the new one
	 */
	public static synchronized String freshSchema() {
		String base = baseUrl();
		String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(base);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create a test schema in " + base, ex);
		}
		return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

	private static String baseUrl() {
		if (baseUrl != null) {
			return baseUrl;
		}
		String configured = System.getenv(URL_VARIABLE);
		if (configured != null && !configured.isBlank()) {
			baseUrl = configured;
		}
		else if (DockerClientFactory.instance().isDockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
			container.start();
			String url = container.getJdbcUrl();
			baseUrl = url + (url.contains("?") ? "&" : "?") + "user=" + container.getUsername() + "&password="
					+ container.getPassword();
		}
		else if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException("The PostgreSQL tests must run in CI: set " + URL_VARIABLE
					+ " (.ci/run starts a local PostgreSQL and sets it) or make Docker available");
		}
		else {
			Assumptions.abort("No PostgreSQL: set " + URL_VARIABLE + " or start Docker");
		}
		return baseUrl;
	}

}
