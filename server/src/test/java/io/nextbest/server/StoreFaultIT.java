package io.nextbest.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.EventDisposition;
import io.nextbest.api.v1.Purpose;
import io.nextbest.client.Events;
import io.nextbest.client.NextBestClient;
import io.nextbest.server.context.StoreHealth;
import io.nextbest.server.context.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Faults of the durable store under a running server: a full disk under the embedded
 * database, a PostgreSQL that goes away and comes back, a data directory deleted. Each
 * time the store is reported down (health NOT_SERVING), writes are refused UNAVAILABLE at
 * once while reads of customers in memory go on, the server comes back by itself once the
 * fault is gone, nothing acknowledged before the fault is lost, and the log has one stack
 * trace, not one per call.
 */
class StoreFaultIT {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private final Path directory = Path.of("target", "store-fault-" + UUID.randomUUID()).toAbsolutePath();

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	private InJvmServer server;

	private ManagedChannel channel;

	@BeforeEach
	void captureLog() {
		FullDisk.register();
		this.log.start();
	}

	@AfterEach
	void stop() throws InterruptedException {
		FullDisk.free();
		recoveryLogger().detachAppender(this.log);
		stopServer();
	}

	@Test
	void fullDiskClosesTheEmbeddedStoreAndItReopensWhenSpaceReturns() throws InterruptedException {
		String url = "jdbc:h2:full:file:" + this.directory.resolve("contexts") + ";WRITE_DELAY=0";
		startServer(url);
		List<String> acknowledged = recordGrants("disk", 20);

		FullDisk.fill();
		// The commit fails: H2 closes the database, the store goes down.
		assertUnavailable(grant("disk-while-full"));
		await().atMost(WAIT).until(() -> !health().isUp());
		assertThat(health().state().problem()).contains("No space left on device");
		assertUnavailable(grant("disk-while-full"));
		assertRefusesAtOnceAndServesWhatIsInMemory(acknowledged.get(0));
		assertNotServing();

		FullDisk.free();
		await().atMost(WAIT).until(() -> health().isUp());
		assertServing();
		acknowledged.addAll(recordGrants("disk-after", 5));
		assertOneStackTraceAndARecovery();

		// What was acknowledged is in the file: a new server on it reads it back.
		stopServer();
		startServer(url);
		assertGranted(acknowledged);
	}

	@Test
	void deletedDataDirectoryIsNoticedAndTheRestoredFileServesAgain() throws Exception {
		String url = "jdbc:h2:file:" + this.directory.resolve("contexts") + ";WRITE_DELAY=0";
		startServer(url);
		List<String> acknowledged = recordGrants("deleted", 20);
		Path backup = Files.createTempFile("contexts-backup", ".zip");
		Files.delete(backup);
		// Same JVM: this connection shares the server's open database.
		try (Connection connection = DriverManager.getConnection(url, "nextbest", "");
				Statement statement = connection.createStatement()) {
			statement.execute("BACKUP TO '" + backup + "'");
		}

		deleteRecursively(this.directory);
		await().atMost(WAIT).until(() -> !health().isUp());
		assertThat(health().state().problem()).contains("data directory " + this.directory).contains("was deleted");
		assertUnavailable(grant("deleted-while-gone"));
		assertRefusesAtOnceAndServesWhatIsInMemory(acknowledged.get(0));
		assertNotServing();
		assertThat(this.directory).doesNotExist();

		unzip(backup, this.directory);
		Files.delete(backup);
		await().atMost(WAIT).until(() -> health().isUp());
		assertServing();
		acknowledged.addAll(recordGrants("deleted-after", 5));

		stopServer();
		startServer(url);
		assertGranted(acknowledged);
	}

	@Test
	void postgresGoingAwayAndComingBackIsRiddenOut() throws SQLException, InterruptedException {
		String url = TestPostgres.freshSchema();
		startServer(url);
		List<String> acknowledged = recordGrants("pg", 20);

		try (Connection admin = DriverManager.getConnection(maintenanceDatabase(url));
				Statement statement = admin.createStatement()) {
			String database = databaseOf(url);
			// As a restart looks to the server: its connections are cut, and new ones
			// refused until the database is back.
			statement.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS false");
			try {
				statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
						+ "' AND usename = current_user AND pid <> pg_backend_pid()");
				assertUnavailable(grant("pg-while-down"));
				await().atMost(WAIT).until(() -> !health().isUp());
				assertUnavailable(grant("pg-while-down"));
				assertRefusesAtOnceAndServesWhatIsInMemory(acknowledged.get(0));
				assertNotServing();
			}
			finally {
				statement.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
			}
		}
		await().atMost(WAIT).until(() -> health().isUp());
		assertServing();
		acknowledged.addAll(recordGrants("pg-after", 5));
		assertOneStackTraceAndARecovery();

		stopServer();
		startServer(url);
		assertGranted(acknowledged);
	}

	private void startServer(String url) {
		this.server = InJvmServer.start(NextBestClient::connect, List.of(), "--spring.datasource.url=" + url,
				"--nextbest.store.retry-max=500ms", "--nextbest.cluster.name=store-fault-" + UUID.randomUUID());
		// After the start, which sets logging up anew.
		recoveryLogger().addAppender(this.log);
		this.channel = Grpc.newChannelBuilder(this.server.target(), InsecureChannelCredentials.create()).build();
	}

	private void stopServer() throws InterruptedException {
		if (this.channel != null) {
			this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			this.channel = null;
		}
		if (this.server != null) {
			this.server.close();
			this.server = null;
		}
	}

	private StoreHealth health() {
		return this.server.context.getBean(StoreHealth.class);
	}

	/** Customers who granted marketing email, each acknowledged. */
	private List<String> recordGrants(String prefix, int customers) {
		List<String> acknowledged = new ArrayList<>();
		for (int i = 0; i < customers; i++) {
			String customer = prefix + "-" + i;
			assertThat(this.server.client.record(grant(customer)).getDisposition())
				.isEqualTo(EventDisposition.EVENT_DISPOSITION_APPLIED);
			acknowledged.add(customer);
		}
		return acknowledged;
	}

	private Event grant(String customer) {
		Instant now = this.server.clock.instant();
		return Events.consent(customer, Channel.CHANNEL_EMAIL, Purpose.PURPOSE_MARKETING,
				ConsentStatus.CONSENT_STATUS_GRANTED, now);
	}

	private void assertUnavailable(Event event) {
		StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.server.client.record(event));
		assertThat(refused).as("a write while the store is down").isNotNull();
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
	}

	/**
	 * While down: a write is refused without waiting for the database (the client's
	 * deadline is far longer than a refusal takes, far shorter than a pool's wait for a
	 * connection), a customer not in memory cannot be read, one in memory can.
	 */
	private void assertRefusesAtOnceAndServesWhatIsInMemory(String customerInMemory) {
		StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.server.client.withDeadline(Duration.ofSeconds(10)).record(grant("unknown-while-down")));
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(refused.getStatus().getDescription()).contains("Retry shortly");
		StatusRuntimeException unread = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.server.client.context("never-seen-while-down"));
		assertThat(unread.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(this.server.client.context(customerInMemory).getConsentsList()).singleElement()
			.satisfies((consent) -> assertThat(consent.getStatus()).isEqualTo(ConsentStatus.CONSENT_STATUS_GRANTED));
	}

	private void assertGranted(List<String> customers) {
		for (String customer : customers) {
			assertThat(this.server.client.context(customer).getConsentsList()).as(customer)
				.singleElement()
				.satisfies(
						(consent) -> assertThat(consent.getStatus()).isEqualTo(ConsentStatus.CONSENT_STATUS_GRANTED));
		}
	}

	private void assertNotServing() {
		await().atMost(WAIT).until(() -> grpcHealth() == ServingStatus.NOT_SERVING);
	}

	private void assertServing() {
		await().atMost(WAIT).until(() -> grpcHealth() == ServingStatus.SERVING);
	}

	private ServingStatus grpcHealth() {
		return HealthGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService("").build())
			.getStatus();
	}

	/**
	 * One error with the stack trace for the outage, the rest counted; the recovery at
	 * INFO.
	 */
	private void assertOneStackTraceAndARecovery() {
		List<ILoggingEvent> events = List.copyOf(this.log.list);
		assertThat(events.stream().filter((event) -> event.getThrowableProxy() != null)).hasSize(1);
		assertThat(events.stream().filter((event) -> event.getLevel() == Level.ERROR)).singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage()).startsWith("Durable store down: "));
		assertThat(events.stream().filter((event) -> event.getLevel() == Level.INFO)).singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage()).startsWith("Durable store is back after "));
		assertThat(events).hasSizeLessThan(10);
	}

	private static Logger recoveryLogger() {
		return (Logger) LoggerFactory.getLogger("io.nextbest.server.context.StoreRecovery");
	}

	/** The same server and credentials, the maintenance database {@code postgres}. */
	private static String maintenanceDatabase(String url) {
		String database = databaseOf(url);
		return url.replaceFirst("/" + database + "(\\?|$)", "/postgres$1");
	}

	private static String databaseOf(String url) {
		String path = url.substring(url.indexOf("//") + 2);
		path = path.substring(path.indexOf('/') + 1);
		int end = path.indexOf('?');
		return (end < 0) ? path : path.substring(0, end);
	}

	private static void deleteRecursively(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	private static void unzip(Path zip, Path into) throws IOException {
		Files.createDirectories(into);
		try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
			for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
				Path target = into.resolve(Path.of(entry.getName()).getFileName().toString());
				Files.copy(entries, target);
			}
		}
	}

}
