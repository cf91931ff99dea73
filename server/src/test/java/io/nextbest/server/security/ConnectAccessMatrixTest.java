package io.nextbest.server.security;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.grpc.MethodDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.server.NextBestServer;
import io.nextbest.server.connect.ConnectCalls;
import io.nextbest.server.security.AccessMatrixTest.Rpc;
import io.nextbest.server.system.ListeningSockets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gRPC port's access matrix ({@link AccessMatrixTest#rpcs()}, which a test there
 * holds to every rpc the server serves) on the HTTP port: every unary rpc called over
 * Connect with no credential, an unknown one, a token signed by someone else, and an API
 * key of each role, those that may call it and those that may not, each answered with the
 * Connect protocol's HTTP status and code. The bridge authenticates nothing itself: these
 * hold because the in-process gRPC server it calls runs the same security interceptor.
 */
class ConnectAccessMatrixTest {

	@TempDir
	static Path directory;

	static TestCredentials credentials;

	static ConfigurableApplicationContext server;

	static ConnectCalls connect;

	@BeforeAll
	static void start() {
		credentials = new TestCredentials(directory);
		server = SpringApplication.run(NextBestServer.class, "--test.clock=" + AccessMatrixTest.NOW,
				"--spring.grpc.server.port=0", "--management.server.port=0", "--server.port=0",
				"--nextbest.rules.directory=../rules", "--nextbest.rules.watch=false",
				"--nextbest.rules.compiler=in-server",
				"--nextbest.cluster.name=connect-access-" + ProcessHandle.current().pid(),
				"--nextbest.security.callers-file=" + credentials.callersFile,
				"--nextbest.security.jwt.public-key=" + credentials.publicKey,
				"--nextbest.audit.file=" + directory.resolve("audit.log"));
		connect = new ConnectCalls(ListeningSockets.httpPort(server));
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@TestFactory
	Stream<DynamicTest> everyUnaryRpcByCredential() {
		List<DynamicTest> tests = new ArrayList<>();
		for (Rpc rpc : AccessMatrixTest.rpcs()) {
			if (rpc.method().getType() != MethodDescriptor.MethodType.UNARY) {
				continue;
			}
			String name = rpc.method().getBareMethodName();
			tests.add(DynamicTest.dynamicTest(name + " without a credential: 401 unauthenticated",
					() -> assertThat(call(rpc, null)).isEqualTo("401 unauthenticated")));
			tests.add(DynamicTest.dynamicTest(name + " with an unknown API key: 401 unauthenticated",
					() -> assertThat(call(rpc, "key-nobody-0123456789")).isEqualTo("401 unauthenticated")));
			tests.add(DynamicTest.dynamicTest(name + " with a token signed by someone else: 401 unauthenticated",
					() -> assertThat(call(rpc, credentials.foreignJwt("mallory", TestCredentials.roles(Role.values()))))
						.isEqualTo("401 unauthenticated")));
			for (Role role : Role.values()) {
				String expected = rpc.allowed().contains(role) ? "200" : "403 permission_denied";
				tests.add(DynamicTest.dynamicTest(name + " with a " + role.id() + " API key: " + expected,
						() -> assertThat(call(rpc, TestCredentials.key(role))).isEqualTo(expected)));
			}
			Role allowed = rpc.allowed().iterator().next();
			tests.add(DynamicTest.dynamicTest(name + " with a " + allowed.id() + " JWT: 200",
					() -> assertThat(call(rpc, credentials.jwt("app-" + allowed.id(), TestCredentials.roles(allowed))))
						.isEqualTo("200")));
		}
		return tests.stream();
	}

	@Test
	void aBrowsersTokenForOneCustomerDecidesForThatCustomerAlone() {
		String token = credentials.jwt("browser-of-ann", Map.of("roles", List.of("site"), "customer_id", "ann"));

		assertThat(call(decide("ann"), token)).isEqualTo("200");
		assertThat(call(decide("bob"), token)).isEqualTo("403 permission_denied");
	}

	@Test
	void aTokenSignedBySomeoneElseIsAConnectErrorNotAnHttpChallenge() {
		HttpResponse<String> response = connect.json("DecisionService/Decide",
				DecideRequest.newBuilder().setCustomerId("ann").addChannels(Channel.CHANNEL_WEB).build(),
				credentials.foreignJwt("mallory", TestCredentials.roles(Role.values())));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(ConnectCalls.code(response)).isEqualTo("unauthenticated");
	}

	@Test
	void theRestOfTheHttpPortAnswersNoOne() {
		HttpResponse<String> other = connect.send(HttpRequest
			.newBuilder(java.net.URI.create("http://127.0.0.1:" + ListeningSockets.httpPort(server) + "/anything"))
			.header("Authorization", "Bearer " + TestCredentials.key(Role.SITE))
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build());

		assertThat(other.statusCode()).isEqualTo(403);
	}

	private static Rpc decide(String customer) {
		return new Rpc(io.nextbest.api.v1.DecisionServiceGrpc.getDecideMethod(),
				DecideRequest.newBuilder().setCustomerId(customer).addChannels(Channel.CHANNEL_WEB).build(),
				EnumSet.of(Role.SITE));
	}

	/**
	 * @return the HTTP status, and the Connect code unless 200
	 */
	private static String call(Rpc rpc, String token) {
		String procedure = rpc.method().getServiceName().substring("nba.v1.".length()) + "/"
				+ rpc.method().getBareMethodName();
		HttpResponse<String> response = connect.json(procedure, rpc.request(), token);
		return (response.statusCode() == 200) ? "200" : response.statusCode() + " " + ConnectCalls.code(response);
	}

}
