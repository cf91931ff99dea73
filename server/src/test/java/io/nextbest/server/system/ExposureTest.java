package io.nextbest.server.system;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.nextbest.server.NextBestServer;
import io.nextbest.server.security.SecurityProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nothing answers beyond this machine by default: started with nothing but free ports,
 * the server listens on loopback alone, and a wider address without credentials is
 * refused unless NBA_SECURITY=none says so.
 */
class ExposureTest {

	private static final ExposureGuard.Listener LOOPBACK = new ExposureGuard.Listener(9091, "127.0.0.1");

	private static final SecurityProperties LOCAL = security("local", "");

	private static final SecurityProperties NONE = security("none", "");

	@Test
	void defaultStartListensOnLoopbackOnly() {
		try (ConfigurableApplicationContext server = SpringApplication.run(NextBestServer.class,
				"--spring.grpc.server.port=0", "--server.port=0", "--management.server.port=0",
				"--nextbest.rules.directory=src/test/resources/engine-rules", "--nextbest.rules.watch=false",
				"--nextbest.cluster.name=exposure-" + ProcessHandle.current().pid())) {
			int grpc = ListeningSockets.grpcPort(server);
			int http = ListeningSockets.httpPort(server);
			int management = ListeningSockets.managementPort(server);
			assertThat(ListeningSockets.addresses(grpc)).as("gRPC port %d", grpc)
				.isNotEmpty()
				.allMatch(ListeningSockets.LOOPBACK::contains);
			assertThat(ListeningSockets.addresses(http)).as("HTTP port %d", http)
				.isNotEmpty()
				.allMatch(ListeningSockets.LOOPBACK::contains);
			assertThat(ListeningSockets.addresses(management)).as("management port %d", management)
				.isNotEmpty()
				.allMatch(ListeningSockets.LOOPBACK::contains);
		}
	}

	@Test
	void everyInterfaceWithoutCredentialsRefusesToStart() {
		assertThatThrownBy(() -> SpringApplication.run(NextBestServer.class, "--spring.grpc.server.port=0",
				"--spring.grpc.server.address=0.0.0.0", "--server.port=0", "--management.server.port=-1",
				"--nextbest.rules.directory=src/test/resources/engine-rules",
				"--nextbest.cluster.name=refused-" + ProcessHandle.current().pid()))
			.hasStackTraceContaining("Refusing to start: the gRPC API on 0.0.0.0 (NBA_GRPC_ADDRESS)")
			.hasStackTraceContaining("NBA_CALLERS_FILE")
			.hasStackTraceContaining("NBA_SECURITY=none");
	}

	@Test
	void managementOnEveryInterfaceIsRefusedToo() {
		assertThatThrownBy(
				() -> ExposureGuard.check("127.0.0.1", LOOPBACK, new ExposureGuard.Listener(9091, ""), LOCAL))
			.hasMessageContaining("the management endpoint on every interface (NBA_MANAGEMENT_ADDRESS)");
	}

	@Test
	void httpOnEveryInterfaceIsRefusedToo() {
		assertThatThrownBy(
				() -> ExposureGuard.check("127.0.0.1", new ExposureGuard.Listener(8080, "0.0.0.0"), LOOPBACK, LOCAL))
			.hasMessageContaining("the HTTP port on 0.0.0.0 (NBA_HTTP_ADDRESS)");
	}

	@Test
	void aPortTurnedOffIsNotExposed() {
		assertThatCode(() -> ExposureGuard.check("127.0.0.1", new ExposureGuard.Listener(-1, ""),
				new ExposureGuard.Listener(-1, ""), LOCAL))
			.doesNotThrowAnyException();
	}

	@Test
	void securityNoneAllowsAWiderAddress() {
		assertThatCode(() -> ExposureGuard.check("0.0.0.0", LOOPBACK, new ExposureGuard.Listener(9091, ""), NONE))
			.doesNotThrowAnyException();
	}

	@Test
	void loopbackNamesAndAddressesPass() {
		assertThatCode(() -> ExposureGuard.check("localhost", LOOPBACK, LOOPBACK, LOCAL)).doesNotThrowAnyException();
		assertThatCode(() -> ExposureGuard.check("::1", LOOPBACK, LOOPBACK, LOCAL)).doesNotThrowAnyException();
		assertThat(ExposureGuard.isLoopback("")).isFalse();
		assertThat(ExposureGuard.isLoopback("0.0.0.0")).isFalse();
		assertThat(ExposureGuard.isLoopback("::")).isFalse();
	}

	@Test
	void unknownSecurityModeIsNamed() {
		assertThatThrownBy(() -> ExposureGuard.check("127.0.0.1", LOOPBACK, LOOPBACK, security("on", "")))
			.hasMessageContaining("nextbest.security.mode (NBA_SECURITY) is 'on'");
	}

	@Test
	void configuredCredentialsAllowAWiderAddress() {
		assertThatCode(() -> ExposureGuard.check("0.0.0.0", new ExposureGuard.Listener(8080, "0.0.0.0"),
				new ExposureGuard.Listener(9091, ""), security("local", "callers.yaml")))
			.doesNotThrowAnyException();
	}

	@Test
	void securityNoneWithCredentialsIsRefused() {
		assertThatThrownBy(() -> ExposureGuard.check("127.0.0.1", LOOPBACK, LOOPBACK, security("none", "callers.yaml")))
			.hasMessageContaining("NBA_SECURITY=none trusts every caller, yet credentials are configured");
	}

	private static SecurityProperties security(String mode, String callersFile) {
		return new SecurityProperties(mode, callersFile, Duration.ofSeconds(2),
				new SecurityProperties.Jwt("", "", "", "", "roles", "customer_id", "sub"));
	}

}
