package io.nextbest.server.system;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

import io.nextbest.server.NextBestServer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cluster with a file store per member would split the data: the server refuses to
 * start, and says what to set instead. The whole application starts (and stops), so this
 * is an integration test.
 */
class ClusteredFileStoreIT {

	@Test
	void refusesToJoinAClusterWithAnEmbeddedFileStore() {
		assertThatThrownBy(() -> SpringApplication.run(NextBestServer.class, "--spring.grpc.server.port=0",
				"--spring.grpc.server.address=127.0.0.1", "--server.port=0", "--management.server.port=0",
				"--management.server.address=127.0.0.1", "--nextbest.rules.directory=src/test/resources/engine-rules",
				"--nextbest.cluster.name=refused-" + ProcessHandle.current().pid(),
				"--nextbest.cluster.members=127.0.0.1:5701,127.0.0.1:5702"))
			.rootCause()
			.isInstanceOf(SharedStoreRequiredException.class)
			.hasMessageContaining("Set NBA_STORE_URL to a PostgreSQL database shared by all members");
	}

}
