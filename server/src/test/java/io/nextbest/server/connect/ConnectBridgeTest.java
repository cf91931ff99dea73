package io.nextbest.server.connect;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.EchoRequest;
import io.nextbest.server.NextBestServer;
import io.nextbest.server.system.ListeningSockets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Connect protocol on the HTTP port of the whole server in this JVM, called as curl
 * calls it: JSON and binary, Connect errors with their HTTP status, the deadline, the
 * size limit and CORS. Who may call what is {@code ConnectAccessMatrixTest}'s.
 */
class ConnectBridgeTest {

	static final String SHOP = "https://shop.example.com";

	static ConfigurableApplicationContext server;

	static ConnectCalls connect;

	@BeforeAll
	static void start() {
		server = SpringApplication.run(new Class<?>[] { NextBestServer.class, HeldCalls.class, SeenByWebFlux.class },
				new String[] { "--spring.grpc.server.port=0", "--management.server.port=0", "--server.port=0",
						"--nextbest.rules.directory=../rules", "--nextbest.rules.watch=false",
						"--nextbest.rules.compiler=in-server",
						"--nextbest.cluster.name=connect-" + ProcessHandle.current().pid(),
						"--nextbest.http.cors-origins=" + SHOP + ", https://www.example.com",
						"--nextbest.http.max-request-size=64KB", "--server.http2.enabled=true" });
		connect = new ConnectCalls(ListeningSockets.httpPort(server));
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void decidesInJson() {
		HttpResponse<String> response = connect.json("DecisionService/Decide", webDecision("ann"), null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		DecideResponse decision = ConnectCalls.parse(response.body(), DecideResponse.newBuilder()).build();
		assertThat(decision.getDecisionId()).isNotBlank();
		assertThat(decision.getChannelsList()).singleElement()
			.satisfies((channel) -> assertThat(channel.getChannel()).isEqualTo(Channel.CHANNEL_WEB));
	}

	@Test
	void decidesOverHttp2WithoutTlsCallsAtOnce() {
		String request = ConnectCalls.print(webDecision("ann"));
		ConnectionProvider oneConnection = ConnectionProvider.create("connect-h2c", 1);
		HttpClient h2c = HttpClient.create(oneConnection)
			.protocol(HttpProtocol.H2C)
			.baseUrl("http://127.0.0.1:" + ListeningSockets.httpPort(server));

		List<String> answers;
		try {
			answers = Flux.range(0, 8)
				.flatMap((i) -> h2c.headers((headers) -> headers.set("Content-Type", "application/json"))
					.post()
					.uri("/nba.v1.DecisionService/Decide")
					.send(ByteBufFlux.fromString(Mono.just(request)))
					.responseSingle((response, body) -> body.asString()
						.map((text) -> response.version() + " " + response.status().code() + " " + text)))
				.collectList()
				.block(Duration.ofMinutes(1));
		}
		finally {
			oneConnection.dispose();
		}

		assertThat(answers).hasSize(8).allSatisfy((answer) -> {
			assertThat(answer).startsWith("HTTP/2.0 200 ");
			DecideResponse decision = ConnectCalls
				.parse(answer.substring("HTTP/2.0 200 ".length()), DecideResponse.newBuilder())
				.build();
			assertThat(decision.getChannelsList()).singleElement()
				.satisfies((channel) -> assertThat(channel.getChannel()).isEqualTo(Channel.CHANNEL_WEB));
		});
	}

	@Test
	void aClientAskingToUpgradeToHttp2IsUpgradedOnACallWithABody() throws Exception {
		java.net.http.HttpClient upgrading = java.net.http.HttpClient.newHttpClient();

		HttpResponse<String> response = upgrading.send(connect.post("DecisionService/Decide")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(ConnectCalls.print(webDecision("ann"))))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
		assertThat(ConnectCalls.parse(response.body(), DecideResponse.newBuilder()).build().getChannelsList())
			.singleElement()
			.satisfies((channel) -> assertThat(channel.getChannel()).isEqualTo(Channel.CHANNEL_WEB));
	}

	@Test
	void withH2cAClientAskingToUpgradeWithABodyOverTheLimitIsRefusedByTheUpgrade() throws Exception {
		// The request's head, as Java's HttpClient sends it, without its body: the answer
		// comes from the length alone, and then the server closes the connection. (A
		// client still sending the body then may meet the closed connection before it
		// reads the answer.)
		String head = "POST /nba.v1.EchoService/Echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				+ "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n"
				+ "Content-Type: application/json\r\nContent-Length: " + 100 * 1024 + "\r\n\r\n";

		String answer;
		try (Socket socket = new Socket("127.0.0.1", ListeningSockets.httpPort(server))) {
			socket.setSoTimeout((int) Duration.ofMinutes(1).toMillis());
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			answer = statusLine(new BufferedInputStream(socket.getInputStream()));
		}

		// Netty's upgrade handler reads the whole body first, up to the limit: the bridge
		// never sees it (without h2c the same request is answered resource_exhausted).
		assertThat(answer).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
	}

	@Test
	void decidesInBinary() throws Exception {
		HttpResponse<byte[]> response = connect.sendForBytes(connect.post("DecisionService/Decide")
			.header("Content-Type", "application/proto")
			.POST(HttpRequest.BodyPublishers.ofByteArray(webDecision("ann").toByteArray()))
			.build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/proto");
		DecideResponse decision = DecideResponse.parseFrom(response.body());
		assertThat(decision.getChannelsList()).singleElement()
			.satisfies((channel) -> assertThat(channel.getChannel()).isEqualTo(Channel.CHANNEL_WEB));
	}

	@Test
	void anUnknownJsonFieldIsAnInvalidArgumentNamingIt() {
		HttpResponse<String> response = connect.json("DecisionService/Decide",
				"{\"customerId\":\"ann\",\"channel\":[\"CHANNEL_WEB\"]}", null);

		assertThat(response.statusCode()).isEqualTo(400);
		JsonObject error = ConnectCalls.error(response);
		assertThat(error.get("code").getAsString()).isEqualTo("invalid_argument");
		assertThat(error.get("message").getAsString()).startsWith("channel: ");
		assertThat(badRequestField(error)).isEqualTo("channel");
	}

	@Test
	void aServiceRefusingTheRequestGivesItsFieldAsAConnectError() {
		HttpResponse<String> response = connect.json("DecisionService/Decide", "{\"channels\":[\"CHANNEL_WEB\"]}",
				null);

		assertThat(response.statusCode()).isEqualTo(400);
		JsonObject error = ConnectCalls.error(response);
		assertThat(error.get("code").getAsString()).isEqualTo("invalid_argument");
		assertThat(badRequestField(error)).isEqualTo("customer_id");
		assertThat(error.getAsJsonArray("details").get(0).getAsJsonObject().get("type").getAsString())
			.isEqualTo("google.rpc.BadRequest");
	}

	@Test
	void anUnreadableBinaryRequestIsAnInvalidArgument() {
		HttpResponse<String> response = connect.send(connect.post("DecisionService/Decide")
			.header("Content-Type", "application/proto")
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff }))
			.build());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(ConnectCalls.code(response)).isEqualTo("invalid_argument");
	}

	@Test
	void streamsAreGrpcOnly() {
		HttpResponse<String> response = connect.json("ContextService/RecordEvents", "{}", null);

		assertThat(response.statusCode()).isEqualTo(501);
		assertThat(ConnectCalls.code(response)).isEqualTo("unimplemented");
		assertThat(ConnectCalls.error(response).get("message").getAsString()).contains("gRPC port only")
			.contains("RecordEvent");
		assertThat(ConnectCalls.code(connect.json("SuppressionService/Check", "{}", null))).isEqualTo("unimplemented");
	}

	@Test
	void anUnknownRpcIsNotFound() {
		HttpResponse<String> response = connect.json("DecisionService/Guess", "{}", null);

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(ConnectCalls.code(response)).isEqualTo("unimplemented");
	}

	@Test
	void otherContentTypesAreUnsupported() {
		HttpResponse<String> response = connect.send(connect.post("DecisionService/Decide")
			.header("Content-Type", "application/connect+json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build());

		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.headers().firstValue("Accept-Post")).hasValue("application/json, application/proto");
	}

	@Test
	void theConnectTimeoutIsTheCallsDeadline() {
		HttpResponse<String> response = connect.send(connect.post("EchoService/Echo")
			.header("Content-Type", "application/json")
			.header("Connect-Timeout-Ms", "200")
			.header("Authorization", HeldCalls.HOLD)
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build());

		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(ConnectCalls.code(response)).isEqualTo("deadline_exceeded");
	}

	@Test
	void aTimeoutThatIsNotANumberIsAnInvalidArgument() {
		HttpResponse<String> response = connect.send(connect.post("EchoService/Echo")
			.header("Content-Type", "application/json")
			.header("Connect-Timeout-Ms", "soon")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(badRequestField(ConnectCalls.error(response))).isEqualTo("Connect-Timeout-Ms");
	}

	@Test
	void aBodyOverTheLimitIsRefused() {
		EchoRequest large = EchoRequest.newBuilder().setPayload(ByteString.copyFrom(new byte[100 * 1024])).build();

		HttpResponse<String> declared = connect.json("EchoService/Echo", large, null);
		HttpResponse<String> streamed = connect.send(connect.post("EchoService/Echo")
			.header("Content-Type", "application/proto")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large.toByteArray())))
			.build());

		assertThat(declared.statusCode()).isEqualTo(429);
		assertThat(ConnectCalls.code(declared)).isEqualTo("resource_exhausted");
		assertThat(streamed.statusCode()).isEqualTo(429);
		assertThat(ConnectCalls.code(streamed)).isEqualTo("resource_exhausted");
		assertThat(connect.json("EchoService/Echo", EchoRequest.getDefaultInstance(), null).statusCode())
			.isEqualTo(200);
	}

	@Test
	void aConfiguredSiteMayCallFromTheBrowser() {
		HttpResponse<String> preflight = connect.send(preflight(SHOP));
		HttpResponse<String> call = connect.send(connect.post("DecisionService/Decide")
			.header("Origin", SHOP)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(ConnectCalls.print(webDecision("ann"))))
			.build());

		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SHOP);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
			.hasValueSatisfying((headers) -> assertThat(headers.toLowerCase()).contains("content-type",
					"connect-protocol-version", "connect-timeout-ms", "authorization"));
		assertThat(call.statusCode()).isEqualTo(200);
		assertThat(call.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SHOP);
	}

	@Test
	void anotherSiteMayNot() {
		HttpResponse<String> preflight = connect.send(preflight("https://elsewhere.example.org"));

		assertThat(preflight.statusCode()).isEqualTo(403);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void callsFromOtherThanBrowsersSkipWebFluxAndCallsFromBrowsersDoNot() {
		String direct = UUID.randomUUID().toString();
		String browser = UUID.randomUUID().toString();

		HttpResponse<String> directAnswer = connect.send(echo(direct).build());
		HttpResponse<String> browserAnswer = connect.send(echo(browser).header("Origin", SHOP).build());

		assertThat(directAnswer.statusCode()).isEqualTo(200);
		assertThat(browserAnswer.statusCode()).isEqualTo(200);
		assertThat(directAnswer.body()).isEqualTo(browserAnswer.body()).isEqualTo("{\"payload\":\"AAAA\"}");
		assertThat(SeenByWebFlux.IDS).contains(browser).doesNotContain(direct);
	}

	@Test
	void aCallGetsTheSameHeadersEitherWay() {
		Map<String, List<String>> direct = headers(connect.send(echo("direct").build()));
		Map<String, List<String>> browser = headers(connect.send(echo("browser").header("Origin", SHOP).build()));
		browser.keySet().removeIf((name) -> name.startsWith("access-control-"));

		assertThat(direct).isEqualTo(browser).containsKeys("vary", "cache-control", "x-content-type-options");
		assertThat(headers(connect.send(connect.post("EchoService/Echo")
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build()))).containsEntry("accept-post", List.of("application/json, application/proto"))
			.containsKeys("vary", "cache-control", "x-content-type-options");
	}

	/**
	 * A kept-alive connection answers every request, also one that came before the
	 * previous answer had ended: one in the same write (pipelined), and one sent the
	 * moment the previous answer was read, as browsers do. An HTTP server that stops
	 * reading such a connection leaves its next request unanswered for good; the read
	 * limit only turns that wait into a failure.
	 */
	@Test
	void aKeptAliveConnectionAnswersEveryRequest() throws IOException {
		String call = "POST /nba.v1.EchoService/Echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				+ "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
		String file = "GET /console/settings.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
		String page = "GET /console/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
		String redirect = "GET /console HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
		List<String> answered = new ArrayList<>();
		try (Socket socket = new Socket("127.0.0.1", ListeningSockets.httpPort(server))) {
			socket.setSoTimeout((int) Duration.ofMinutes(1).toMillis());
			OutputStream out = socket.getOutputStream();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			// A call answered from a worker thread, then a file answered at once.
			out.write((call + file).getBytes(StandardCharsets.US_ASCII));
			answered.add(statusLine(in));
			answered.add(statusLine(in));
			for (int i = 0; i < 20; i++) {
				for (String request : List.of(page, redirect)) {
					out.write(request.getBytes(StandardCharsets.US_ASCII));
					answered.add(statusLine(in));
				}
			}
		}

		assertThat(answered).hasSize(42)
			.startsWith("HTTP/1.1 200 OK", "HTTP/1.1 200 OK")
			.containsOnly("HTTP/1.1 200 OK", "HTTP/1.1 308 Permanent Redirect");
	}

	private static HttpRequest.Builder echo(String id) {
		return connect.post("EchoService/Echo")
			.header("Content-Type", "application/json")
			.header(SeenByWebFlux.HEADER, id)
			.POST(HttpRequest.BodyPublishers.ofString("{\"payload\":\"AAAA\"}"));
	}

	/** Reads an answer with a Content-Length (or none) and returns its status line. */
	private static String statusLine(InputStream in) throws IOException {
		List<String> head = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		while (true) {
			int b = in.read();
			if (b == -1) {
				throw new EOFException("the connection closed after " + head);
			}
			if (b != '\n') {
				line.append((char) b);
				continue;
			}
			String text = line.toString().strip();
			line.setLength(0);
			if (text.isEmpty()) {
				break;
			}
			head.add(text);
		}
		long length = head.stream()
			.filter((header) -> header.toLowerCase(Locale.ROOT).startsWith("content-length:"))
			.mapToLong((header) -> Long.parseLong(header.substring("content-length:".length()).strip()))
			.findFirst()
			.orElse(0);
		assertThat(head).noneMatch((header) -> header.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:"));
		in.readNBytes((int) length);
		return head.get(0);
	}

	private static Map<String, List<String>> headers(HttpResponse<?> response) {
		Map<String, List<String>> headers = new TreeMap<>();
		response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
		return headers;
	}

	private static HttpRequest preflight(String origin) {
		return connect.post("DecisionService/Decide")
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers",
					"content-type,connect-protocol-version,connect-timeout-ms,authorization")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.build();
	}

	private static String badRequestField(JsonObject error) {
		return error.getAsJsonArray("details")
			.get(0)
			.getAsJsonObject()
			.getAsJsonObject("debug")
			.getAsJsonArray("fieldViolations")
			.get(0)
			.getAsJsonObject()
			.get("field")
			.getAsString();
	}

	private static DecideRequest webDecision(String customer) {
		return DecideRequest.newBuilder().setCustomerId(customer).addChannels(Channel.CHANNEL_WEB).build();
	}

	/** Notes the requests that pass WebFlux's filters, by the id they carry. */
	@Configuration(proxyBeanMethods = false)
	static class SeenByWebFlux {

		static final String HEADER = "X-Test-Request";

		static final Set<String> IDS = ConcurrentHashMap.newKeySet();

		@Bean
		WebFilter seenByWebFlux() {
			return (exchange, chain) -> {
				String id = exchange.getRequest().getHeaders().getFirst(HEADER);
				if (id != null) {
					IDS.add(id);
				}
				return chain.filter(exchange);
			};
		}

	}

	/**
	 * Holds a call that says so in its authorization until its deadline cancels it: a
	 * call that outlasts any deadline, without a clock in the test.
	 */
	@Configuration(proxyBeanMethods = false)
	static class HeldCalls {

		static final String HOLD = "Bearer hold-until-the-deadline";

		private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
				Metadata.ASCII_STRING_MARSHALLER);

		@Bean
		@GlobalServerInterceptor
		ServerInterceptor holdUntilTheDeadline() {
			return new ServerInterceptor() {

				@Override
				public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
						ServerCallHandler<Q, R> next) {
					if (!HOLD.equals(headers.get(AUTHORIZATION))) {
						return next.startCall(call, headers);
					}
					CountDownLatch cancelled = new CountDownLatch(1);
					Context.current().addListener((context) -> cancelled.countDown(), Runnable::run);
					try {
						cancelled.await(1, TimeUnit.MINUTES);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return new ServerCall.Listener<>() {
					};
				}

			};
		}

	}

}
