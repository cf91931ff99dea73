package io.nextbest.server.context;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The store goes down on the first failure, refuses at once while down, logs the failure
 * once and the repeats as a count, and comes back once its test commit works, after
 * reconnecting. The failure is a missing table on an in-memory database: the store's test
 * commit fails until the table is back.
 */
class StoreRecoveryTest {

	private final HikariDataSource dataSource = new HikariDataSource();

	private final StoreHealth health = new StoreHealth(Clock.systemUTC());

	private final AtomicInteger reconnects = new AtomicInteger();

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	private StoreRecovery recovery;

	@BeforeEach
	void start() {
		this.dataSource.setJdbcUrl("jdbc:h2:mem:recovery-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		Flyway.configure().dataSource(this.dataSource).locations("classpath:db/migration/h2").load().migrate();
		this.recovery = new StoreRecovery(this.health, new ContextTable(this.dataSource),
				this.reconnects::incrementAndGet, null, Duration.ofMillis(10), Duration.ofMillis(50));
		this.log.start();
		logger().addAppender(this.log);
	}

	@AfterEach
	void stop() {
		logger().detachAppender(this.log);
		this.recovery.close();
		this.dataSource.close();
	}

	@Test
	void firstFailureTakesTheStoreDownAndIsLoggedOnce() {
		breakProbe();
		DurableStoreException refusal = this.recovery.failed(failure());
		assertThat(this.health.isUp()).isFalse();
		assertThat(this.health.state().problem()).isEqualTo("Disk quota exceeded [SQL state 08006]");
		assertThat(refusal).hasMessage("The durable store is down (Disk quota exceeded [SQL state 08006])")
			.hasNoCause();
		for (int i = 0; i < 100; i++) {
			this.recovery.failed(failure());
			assertThatExceptionOfType(DurableStoreException.class).isThrownBy(this.recovery::requireUp)
				.withMessageContaining("Disk quota exceeded");
		}
		List<ILoggingEvent> errors = this.log.list.stream().filter((event) -> event.getLevel() == Level.ERROR).toList();
		assertThat(errors).singleElement().satisfies((event) -> {
			assertThat(event.getFormattedMessage()).startsWith("Durable store down: Disk quota exceeded");
			assertThat(event.getThrowableProxy()).isNotNull();
		});
		// The repeats: one line a minute, with no stack trace.
		assertThat(this.log.list.stream().filter((event) -> event.getLevel() == Level.WARN))
			.allSatisfy((event) -> assertThat(event.getThrowableProxy()).isNull())
			.hasSizeLessThanOrEqualTo(2);
	}

	@Test
	void storeComesBackOnceItsTestCommitWorksAfterReconnecting() {
		breakProbe();
		this.recovery.failed(failure());
		// Tries again and again while the store cannot commit.
		await().atMost(Duration.ofSeconds(30)).until(() -> this.reconnects.get() >= 3);
		assertThat(this.health.isUp()).isFalse();

		repairProbe();
		await().atMost(Duration.ofSeconds(30)).until(this.health::isUp);
		this.recovery.requireUp();
		assertThat(this.log.list).last()
			.satisfies((event) -> assertThat(event.getLevel()).isEqualTo(Level.INFO))
			.satisfies((event) -> assertThat(event.getFormattedMessage()).startsWith("Durable store is back after ")
				.endsWith("; reads and writes refused while it was down: 1"));
	}

	private static DurableStoreException failure() {
		return new DurableStoreException("Could not commit contexts to the durable store",
				new SQLException("Disk quota exceeded", "08006"));
	}

	private void breakProbe() {
		execute("ALTER TABLE store_probe RENAME TO store_probe_away");
	}

	private void repairProbe() {
		execute("ALTER TABLE store_probe_away RENAME TO store_probe");
	}

	private void execute(String sql) {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Logger logger() {
		return (Logger) LoggerFactory.getLogger(StoreRecovery.class);
	}

}
