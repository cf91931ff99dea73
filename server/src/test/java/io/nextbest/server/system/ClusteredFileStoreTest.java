package io.nextbest.server.system;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

import io.nextbest.server.NextBestServer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A cluster with a file store per member would split the data: the server refuses it. */
class ClusteredFileStoreTest {

	@Test
	void refusesToJoinAClusterWithAnEmbeddedFileStore() {
		assertThatThrownBy(() -> SpringApplication.run(NextBestServer.class, "--spring.grpc.server.port=0",
				"--server.port=0", "--nextbest.rules.directory=src/test/resources/engine-rules",
				"--nextbest.cluster.name=refused-" + ProcessHandle.current().pid(),
				"--nextbest.cluster.members=127.0.0.1:5701,127.0.0.1:5702"))
			.hasStackTraceContaining("A cluster needs a shared durable store");
	}

}
