package io.nextbest.server.system;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.nextbest.server.NextBestServer;
import io.nextbest.server.management.ManagementServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nothing answers beyond this machine by default: started with nothing but free ports,
 * the server listens on loopback alone, and a wider address without credentials is
 * refused unless NBA_SECURITY=none says so.
 */
class ExposureTest {

	private static final NextBestProperties.Management LOOPBACK_MANAGEMENT = new NextBestProperties.Management(9091,
			"127.0.0.1");

	@Test
	void defaultStartListensOnLoopbackOnly() {
		try (ConfigurableApplicationContext server = SpringApplication.run(NextBestServer.class,
				"--spring.grpc.server.port=0", "--nextbest.management.port=0",
				"--nextbest.rules.directory=src/test/resources/engine-rules", "--nextbest.rules.watch=false",
				"--nextbest.cluster.name=exposure-" + ProcessHandle.current().pid())) {
			int grpc = ListeningSockets.grpcPort(server);
			int management = server.getBean(ManagementServer.class).port();
			assertThat(ListeningSockets.addresses(grpc)).as("gRPC port %d", grpc)
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
				"--spring.grpc.server.address=0.0.0.0", "--nextbest.management.port=-1",
				"--nextbest.rules.directory=src/test/resources/engine-rules",
				"--nextbest.cluster.name=refused-" + ProcessHandle.current().pid()))
			.hasStackTraceContaining("Refusing to start: the gRPC API on 0.0.0.0 (NBA_GRPC_ADDRESS)")
			.hasStackTraceContaining("NBA_SECURITY=none");
	}

	@Test
	void managementOnEveryInterfaceIsRefusedToo() {
		assertThatThrownBy(() -> ExposureGuard.check("127.0.0.1", new NextBestProperties.Management(9091, ""), "local"))
			.hasMessageContaining("the management endpoint on every interface (NBA_MANAGEMENT_ADDRESS)");
	}

	@Test
	void securityNoneAllowsAWiderAddress() {
		assertThatCode(() -> ExposureGuard.check("0.0.0.0", new NextBestProperties.Management(9091, ""), "none"))
			.doesNotThrowAnyException();
	}

	@Test
	void loopbackNamesAndAddressesPass() {
		assertThatCode(() -> ExposureGuard.check("localhost", LOOPBACK_MANAGEMENT, "local")).doesNotThrowAnyException();
		assertThatCode(() -> ExposureGuard.check("::1", LOOPBACK_MANAGEMENT, "local")).doesNotThrowAnyException();
		assertThat(ExposureGuard.isLoopback("")).isFalse();
		assertThat(ExposureGuard.isLoopback("0.0.0.0")).isFalse();
		assertThat(ExposureGuard.isLoopback("::")).isFalse();
	}

	@Test
	void unknownSecurityModeIsNamed() {
		assertThatThrownBy(() -> ExposureGuard.check("127.0.0.1", LOOPBACK_MANAGEMENT, "on"))
			.hasMessageContaining("nextbest.security (NBA_SECURITY) is 'on'");
	}

}
