package io.nextbest.server;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.nextbest.client.NextBestClient;
import io.nextbest.server.system.ListeningSockets;

/**
 * The whole server in the test JVM, as a user runs it but on free loopback ports: the
 * sample rules in {@code rules/}, a clock the test sets, and the project's Java client
 * connected over TCP.
 */
final class InJvmServer implements AutoCloseable {

	final ConfigurableApplicationContext context;

	final NextBestClient client;

	final TestClock clock;

	private InJvmServer(ConfigurableApplicationContext context) {
		this.context = context;
		this.clock = context.getBean(TestClock.class);
		int port = ListeningSockets.grpcPort(context);
		this.client = NextBestClient.connect("127.0.0.1:" + port);
	}

	static InJvmServer start(String... arguments) {
		List<String> all = new ArrayList<>(List.of("--spring.grpc.server.port=0",
				"--spring.grpc.server.address=127.0.0.1", "--server.port=0", "--nextbest.rules.directory=../rules",
				"--management.server.port=0", "--management.server.address=127.0.0.1"));
		all.addAll(List.of(arguments));
		return new InJvmServer(SpringApplication
			.run(new Class<?>[] { NextBestServer.class, TestClock.Configuration.class }, all.toArray(String[]::new)));
	}

	@Override
	public void close() {
		this.client.close();
		this.context.close();
	}

}
