package io.nextbest.server.system;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import com.hazelcast.core.HazelcastInstance;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ConsentChanged;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.ContextServiceGrpc;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.DecisionServiceGrpc;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.JourneyStageChanged;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.server.NextBestServer;
import io.nextbest.server.connect.ConnectCalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One port for callers: with {@code NBA_GRPC_PORT=-1} the server opens the HTTP port
 * alone (and the management and member ports), and a site's calls are served there; with
 * {@code NBA_HTTP_PORT=-1} the gRPC port alone. "Opens" is read from the sockets this JVM
 * listens on, so a port that is off is seen to be closed, not merely unused.
 */
class OnePortTest {

	@Test
	void withTheGrpcPortOffOnlyTheHttpPortServesCalls() throws Exception {
		Set<Integer> before = ListeningSockets.portsOfThisProcess();
		try (ConfigurableApplicationContext server = start("grpc-off", "--spring.grpc.server.port=-1",
				"--server.port=0")) {
			int http = ListeningSockets.httpPort(server);

			assertThat(opened(before)).as("the ports the server opened")
				.containsExactlyInAnyOrder(http, ListeningSockets.managementPort(server), memberPort(server));

			ConnectCalls connect = new ConnectCalls(http);
			for (Event event : loyalAndConsenting("ann-http")) {
				HttpResponse<String> recorded = connect.json("ContextService/RecordEvent",
						RecordEventRequest.newBuilder().setEvent(event).build(), null);
				assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(200);
			}
			HttpResponse<String> decided = connect.json("DecisionService/Decide", webDecision("ann-http"), null);
			assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
			assertThat(webAction(ConnectCalls.parse(decided.body(), DecideResponse.newBuilder()).build()))
				.isEqualTo("cross-sell-offer");
		}
	}

	@Test
	void withTheHttpPortOffOnlyTheGrpcPortServesCalls() throws Exception {
		Set<Integer> before = ListeningSockets.portsOfThisProcess();
		try (ConfigurableApplicationContext server = start("http-off", "--spring.grpc.server.port=0",
				"--server.port=-1")) {
			int grpc = ListeningSockets.grpcPort(server);
			int management = ListeningSockets.managementPort(server);

			assertThat(opened(before)).as("the ports the server opened")
				.containsExactlyInAnyOrder(grpc, management, memberPort(server));

			ManagedChannel channel = NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", grpc))
				.usePlaintext()
				.build();
			try {
				ContextServiceGrpc.ContextServiceBlockingStub contexts = ContextServiceGrpc.newBlockingStub(channel);
				for (Event event : loyalAndConsenting("ann-grpc")) {
					contexts.recordEvent(RecordEventRequest.newBuilder().setEvent(event).build());
				}
				assertThat(webAction(DecisionServiceGrpc.newBlockingStub(channel).decide(webDecision("ann-grpc"))))
					.isEqualTo("cross-sell-offer");
			}
			finally {
				channel.shutdownNow();
			}
			// The management port is a web server of its own, still open.
			HttpResponse<String> health = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.build()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/health/liveness"))
					.timeout(Duration.ofMinutes(1))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(health.statusCode()).isEqualTo(200);
		}
	}

	@Test
	void bothPortsOffRefusesToStart() {
		assertThatThrownBy(() -> start("both-off", "--spring.grpc.server.port=-1", "--server.port=-1"))
			.hasStackTraceContaining("NBA_GRPC_PORT=-1 and NBA_HTTP_PORT=-1: no port would serve calls");
	}

	private static ConfigurableApplicationContext start(String name, String... ports) {
		String[] args = { "--management.server.port=0", "--nextbest.rules.directory=../rules",
				"--nextbest.rules.watch=false", "--nextbest.rules.compiler=in-server",
				"--nextbest.cluster.name=" + name + "-" + ProcessHandle.current().pid() };
		String[] all = new String[args.length + ports.length];
		System.arraycopy(ports, 0, all, 0, ports.length);
		System.arraycopy(args, 0, all, ports.length, args.length);
		return SpringApplication.run(NextBestServer.class, all);
	}

	private static Set<Integer> opened(Set<Integer> before) {
		Set<Integer> opened = new TreeSet<>(ListeningSockets.portsOfThisProcess());
		opened.removeAll(before);
		return opened;
	}

	private static int memberPort(ConfigurableApplicationContext server) {
		return server.getBean(HazelcastInstance.class).getCluster().getLocalMember().getAddress().getPort();
	}

	/** A loyal broadband customer with marketing consent on the web. */
	private static Event[] loyalAndConsenting(String customer) {
		// Before the tests' fixed clock.
		com.google.protobuf.Timestamp at = com.google.protobuf.Timestamp.newBuilder()
			.setSeconds(Instant.parse("2026-12-01T09:00:00Z").getEpochSecond())
			.build();
		return new Event[] {
				Event.newBuilder()
					.setEventId(customer + "-stage")
					.setCustomerId(customer)
					.setOccurredAt(at)
					.setJourneyStageChanged(JourneyStageChanged.newBuilder()
						.setJourney("broadband")
						.setStage(JourneyStage.JOURNEY_STAGE_LOYALTY))
					.build(),
				Event.newBuilder()
					.setEventId(customer + "-consent")
					.setCustomerId(customer)
					.setOccurredAt(at)
					.setConsentChanged(ConsentChanged.newBuilder()
						.setChannel(Channel.CHANNEL_WEB)
						.setPurpose(Purpose.PURPOSE_MARKETING)
						.setStatus(ConsentStatus.CONSENT_STATUS_GRANTED))
					.build() };
	}

	private static DecideRequest webDecision(String customer) {
		return DecideRequest.newBuilder().setCustomerId(customer).addChannels(Channel.CHANNEL_WEB).build();
	}

	private static String webAction(DecideResponse decision) {
		return decision.getChannelsList()
			.stream()
			.filter((channel) -> channel.getChannel() == Channel.CHANNEL_WEB)
			.findFirst()
			.orElseThrow()
			.getAction()
			.getActionId();
	}

}
