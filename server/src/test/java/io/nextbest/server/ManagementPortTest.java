package io.nextbest.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.Channel;
import io.nextbest.server.context.StoreHealth;
import io.nextbest.server.rules.CurrentRuleSet;
import io.nextbest.server.system.ListeningSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The management port (Spring Boot Actuator) of a server started as a user runs it: the
 * URLs the README gives, readiness and gRPC health following the durable store, per-rpc
 * gRPC metrics, and no page held up by a client that never finishes its request.
 */
class ManagementPortTest {

	/**
	 * Bounds each HTTP request, so that a hung endpoint fails the test instead of hanging
	 * it.
	 */
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

	/**
	 * HTTP/1.1, as the port speaks it: the client's default on a plain connection is an
	 * upgrade to HTTP/2 (h2c), a second code path on both sides, under which a request to
	 * the port once went unanswered until the client gave up.
	 */
	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(REQUEST_TIMEOUT)
		.build();

	private static HttpClient client() {
		return CLIENT;
	}

	private static InJvmServer server;

	private static ManagedChannel channel;

	private static int managementPort;

	@BeforeAll
	static void start() {
		server = InJvmServer.start();
		managementPort = ListeningSockets.managementPort(server.context);
		channel = Grpc
			.newChannelBuilder("127.0.0.1:" + ListeningSockets.grpcPort(server.context),
					InsecureChannelCredentials.create())
			.build();
	}

	@AfterAll
	static void stop() throws InterruptedException {
		channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		server.close();
	}

	@AfterEach
	void storeUpAgain() {
		server.context.getBean(StoreHealth.class).markUp();
	}

	@Test
	void healthAndMetricsAnswerWhileAClientHoldsAHalfSentRequest() throws Exception {
		try (Socket halfOpen = new Socket(InetAddress.getLoopbackAddress(), managementPort)) {
			OutputStream out = halfOpen.getOutputStream();
			// A request line and a header, but never the blank line that ends the
			// request.
			out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();

			HttpResponse<String> health = get("/health");
			HttpResponse<String> metrics = get("/metrics");

			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"");
			assertThat(metrics.statusCode()).isEqualTo(200);
			assertThat(metrics.body()).contains("nextbest_rules_reload_failing 0.0");
		}
	}

	@Test
	void theProceduresOfTheHttpPortAreNotServedHere() throws Exception {
		for (String origin : new String[] { null, "https://shop.example" }) {
			HttpRequest.Builder request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/nba.v1.EchoService/Echo"))
				.timeout(REQUEST_TIMEOUT)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{}"));
			if (origin != null) {
				request.header("Origin", origin);
			}

			// A client of its own: an answer refused before routing need not read the
			// body, and no other request should follow it on its connection.
			HttpResponse<String> answer = client().send(request.build(), HttpResponse.BodyHandlers.ofString());

			// Not found; a browser's call is refused before routing (its origin is not
			// one
			// of the HTTP port's sites).
			assertThat(answer.statusCode()).as("with Origin %s", origin).isEqualTo((origin == null) ? 404 : 403);
			assertThat(answer.body()).doesNotContain("payload");
		}
	}

	@Test
	void livenessAndReadinessAreUpWithTheStoreAndTheServingRuleSet() throws Exception {
		StoreHealth store = server.context.getBean(StoreHealth.class);
		String version = server.context.getBean(CurrentRuleSet.class).get().version().hash();

		HttpResponse<String> liveness = get("/health/liveness");
		HttpResponse<String> readiness = get("/health/readiness");

		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body()).contains("\"status\":\"UP\"");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body())
			.contains("\"store\":{\"details\":{\"since\":\"" + store.state().since() + "\"},\"status\":\"UP\"}")
			.contains("\"version\":\"" + version + "\"")
			.contains("\"outcome\":\"APPLIED\"")
			.contains("\"readinessState\":{\"status\":\"UP\"}");
	}

	@Test
	void storeDownMakesTheServerNotReadyAndNotServingUntilItRecovers() throws Exception {
		StoreHealth store = server.context.getBean(StoreHealth.class);
		HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
		await().atMost(Duration.ofSeconds(30)).until(() -> status(health) == ServingStatus.SERVING);

		store.markDown("cannot write the contexts table: disk full");

		HttpResponse<String> readiness = get("/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(503);
		assertThat(readiness.body()).contains("\"status\":\"DOWN\"")
			.contains("\"problem\":\"cannot write the contexts table: disk full\"")
			.contains("\"since\":\"" + store.state().since() + "\"");
		assertThat(get("/health/liveness").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30)).until(() -> status(health) == ServingStatus.NOT_SERVING);

		store.markUp();

		assertThat(get("/health/readiness").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30)).until(() -> status(health) == ServingStatus.SERVING);
	}

	@Test
	void everyRpcIsTimedByMethodAndStatusWithALatencyHistogram() throws Exception {
		server.client.decide("metrics-customer", Channel.CHANNEL_WEB);
		assertThatThrownBy(() -> server.client.decide("", Channel.CHANNEL_WEB));

		// The observation ends after the response is sent: wait for it to be recorded.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(get("/metrics").body())
				.containsPattern("grpc_server_seconds_count\\{[^}]*grpc_status_code=\"OK\"[^}]*rpc_method=\"Decide\""
						+ "[^}]*rpc_service=\"nba\\.v1\\.DecisionService\"[^}]*\\} [1-9]")
				.containsPattern("grpc_server_seconds_count\\{[^}]*grpc_status_code=\"INVALID_ARGUMENT\"[^}]*"
						+ "rpc_method=\"Decide\"[^}]*\\} [1-9]")
				.containsPattern("grpc_server_seconds_bucket\\{[^}]*rpc_method=\"Decide\"[^}]*\\} ")
				.contains("nextbest_rules_fired_total"));
	}

	@Test
	void theConsoleIsServedOnTheHttpPortOnlyAndLoadsNothingFromElsewhere() throws Exception {
		String http = "http://127.0.0.1:" + ListeningSockets.httpPort(server.context);

		HttpResponse<String> page = send(http + "/console/");
		HttpResponse<String> script = send(http + "/console/console.js");
		HttpResponse<String> settings = send(http + "/console/settings.json");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<title>NextBest console</title>");
		assertThat(page.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((policy) -> assertThat(policy).contains("default-src 'none'", "script-src 'self'",
					"connect-src 'self'"));
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).contains("javascript"));
		assertThat(settings.body()).isEqualTo("{\"sourceLink\":\"\"}");
		assertThat(send(http + "/console").statusCode()).isEqualTo(308);
		// Nothing of the classpath beyond the console's folder.
		for (String path : new String[] { "/console/../application.yaml", "/console/%2e%2e/application.yaml",
				"/console/application.yaml" }) {
			assertThat(send(http + path).statusCode()).as(path).isIn(400, 404);
		}
		assertThat(get("/console/").statusCode()).isEqualTo(404);
	}

	@Test
	void infoShowsTheBuildAndTheServingRuleSet() throws Exception {
		String version = server.context.getBean(CurrentRuleSet.class).get().version().hash();

		HttpResponse<String> info = get("/info");

		assertThat(info.statusCode()).isEqualTo(200);
		assertThat(info.body()).contains("\"artifact\":\"nextbest-server\"")
			.contains("\"rules\":{")
			.contains("\"version\":\"" + version + "\"");
	}

	private static ServingStatus status(HealthGrpc.HealthBlockingStub health) {
		return health.withDeadlineAfter(5, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()).getStatus();
	}

	private static HttpResponse<String> send(String uri) throws IOException, InterruptedException {
		return client().send(HttpRequest.newBuilder(URI.create(uri)).timeout(REQUEST_TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * A GET on the client's kept-alive connection, as a monitoring agent sends them. (An
	 * older HTTP server library once left such a request unanswered now and then:
	 * {@code ConnectBridgeTest.aKeptAliveConnectionAnswersEveryRequest}.)
	 */
	private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send("http://127.0.0.1:" + managementPort + path);
	}

}
