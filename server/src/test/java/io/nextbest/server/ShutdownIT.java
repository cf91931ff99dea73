package io.nextbest.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.Campaign;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.CheckRequest;
import io.nextbest.api.v1.CheckResponse;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.SuppressionServiceGrpc;
import io.nextbest.client.Events;
import io.nextbest.client.NextBestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real server process stopped the way an orchestrator stops it, with SIGTERM, while a
 * bulk check stream is open: the stream is still served while the server drains, and the
 * server shuts down in order, with nothing failing in its log.
 */
class ShutdownIT {

	private static final Campaign MARKETING_EMAIL = Campaign.newBuilder()
		.setChannel(Channel.CHANNEL_EMAIL)
		.setPurpose(Purpose.PURPOSE_MARKETING)
		.build();

	private ServerProcess server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void callInFlightIsServedWhileTheServerDrainsAndTheShutdownLogsNoFailure() throws Exception {
		String name = "shutdown-" + UUID.randomUUID();
		this.server = ServerProcess
			.start(name,
					"--spring.datasource.url=jdbc:h2:file:" + Path.of("target", name, "contexts").toAbsolutePath()
							+ ";WRITE_DELAY=0",
					"--nextbest.cluster.name=" + name)
			.awaitServing();
		try (NextBestClient client = NextBestClient.builder()
			.target(this.server.target())
			.deadline(Duration.ofSeconds(30))
			.build()) {
			client.record(Events.consent("ann", Channel.CHANNEL_EMAIL, Purpose.PURPOSE_MARKETING,
					ConsentStatus.CONSENT_STATUS_GRANTED, ServerProcess.CLOCK.minusSeconds(60)));
		}
		ManagedChannel channel = Grpc.newChannelBuilder(this.server.target(), InsecureChannelCredentials.create())
			.build();
		try {
			var stream = SuppressionServiceGrpc.newBlockingV2Stub(channel)
				.withDeadlineAfter(60, TimeUnit.SECONDS)
				.check();
			stream.write(batch("before"));
			assertThat(stream.read().getVerdicts(0).getSend()).isTrue();

			this.server.terminate();
			await().atMost(Duration.ofSeconds(30)).until(() -> !takesNewCalls(this.server));
			stream.write(batch("while-draining"));
			CheckResponse draining = stream.read();
			stream.halfClose();

			assertThat(draining.getBatchId()).isEqualTo("while-draining");
			assertThat(draining.getVerdicts(0).getSend()).isTrue();
		}
		catch (StatusException ex) {
			throw new AssertionError("The open stream failed while the server was draining", ex);
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}

		this.server.awaitExit(Duration.ofSeconds(60));
		String log = Files.readString(this.server.log());
		assertThat(log).contains("Completed gRPC server shutdown")
			.doesNotContain("destroy method failed")
			.doesNotContain("HazelcastInstanceNotActiveException");
	}

	private static CheckRequest batch(String id) {
		return CheckRequest.newBuilder().setBatchId(id).setCampaign(MARKETING_EMAIL).addCustomerIds("ann").build();
	}

	/** Whether a new connection gets an answer: a draining server takes no new calls. */
	private static boolean takesNewCalls(ServerProcess server) throws InterruptedException {
		ManagedChannel probe = Grpc.newChannelBuilder(server.target(), InsecureChannelCredentials.create()).build();
		try {
			return HealthGrpc.newBlockingStub(probe)
				.withDeadlineAfter(2, TimeUnit.SECONDS)
				.check(HealthCheckRequest.getDefaultInstance())
				.getStatus() == HealthCheckResponse.ServingStatus.SERVING;
		}
		catch (RuntimeException refused) {
			return false;
		}
		finally {
			probe.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}
