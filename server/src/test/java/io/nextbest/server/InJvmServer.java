package io.nextbest.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

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

	private InJvmServer(ConfigurableApplicationContext context, Function<String, NextBestClient> connect) {
		this.context = context;
		this.clock = context.getBean(TestClock.class);
		this.client = connect.apply(target());
	}

	static InJvmServer start() {
		return start(NextBestClient::connect, List.of());
	}

	/**
	 * Starts the server with more settings and beans.
	 * @param connect makes the client from the target
	 * @param configurations configuration classes added to the server's
	 * @param arguments Spring Boot arguments on top of the defaults (settings the
	 * defaults do not give)
	 * @return the server
	 */
	static InJvmServer start(Function<String, NextBestClient> connect, List<Class<?>> configurations,
			String... arguments) {
		List<Class<?>> sources = new ArrayList<>(List.of(NextBestServer.class, TestClock.Configuration.class));
		sources.addAll(configurations);
		List<String> all = new ArrayList<>(
				List.of("--spring.grpc.server.port=0", "--spring.grpc.server.address=127.0.0.1", "--server.port=0",
						"--management.server.port=0", "--management.server.address=127.0.0.1"));
		// A setting given twice would be joined into a list: the sample rules unless the
		// arguments name other ones.
		if (Arrays.stream(arguments).noneMatch((argument) -> argument.startsWith("--nextbest.rules.directory="))) {
			all.add("--nextbest.rules.directory=../rules");
		}
		all.addAll(List.of(arguments));
		return new InJvmServer(SpringApplication.run(sources.toArray(new Class<?>[0]), all.toArray(new String[0])),
				connect);
	}

	/**
	 * @return the gRPC API's address, {@code 127.0.0.1:port}
	 */
	String target() {
		return "127.0.0.1:" + ListeningSockets.grpcPort(this.context);
	}

	@Override
	public void close() {
		this.client.close();
		this.context.close();
	}

}
