package io.nextbest.server.management;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.server.rules.CurrentRuleSet;
import io.nextbest.server.rules.ReloadAttempt;
import io.nextbest.server.system.NextBestProperties;

/**
 * A small HTTP endpoint beside the gRPC API, for what monitoring expects over HTTP:
 * {@code GET /metrics} in the Prometheus text format, and {@code GET /health} as JSON
 * with details (the serving rule set, and the last reload's problems when it was
 * rejected). The JDK's HTTP server is enough for two read-only pages, and keeps a servlet
 * container out of a gRPC server.
 */
@Component
public class ManagementServer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);

	private final NextBestProperties.Management settings;

	private final PrometheusMeterRegistry registry;

	private final CurrentRuleSet rules;

	private HttpServer server;

	ManagementServer(NextBestProperties properties, PrometheusMeterRegistry registry, CurrentRuleSet rules) {
		this.settings = properties.management();
		this.registry = registry;
		this.rules = rules;
	}

	@Override
	public void start() {
		if (this.settings.port() < 0) {
			return;
		}
		InetSocketAddress address = this.settings.address().isBlank() ? new InetSocketAddress(this.settings.port())
				: new InetSocketAddress(this.settings.address(), this.settings.port());
		try {
			this.server = HttpServer.create(address, 16);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot open the management port " + address, ex);
		}
		this.server.setExecutor(Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "management-http");
			thread.setDaemon(true);
			return thread;
		}));
		this.server.createContext("/metrics", (exchange) -> respond(exchange, 200,
				"text/plain; version=0.0.4; charset=utf-8", this.registry.scrape()));
		this.server.createContext("/health", (exchange) -> respond(exchange, 200, "application/json", health()));
		this.server.start();
		log.info("Management endpoint (/metrics, /health) on port {}", port());
	}

	@Override
	public void stop() {
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	/**
	 * @return the bound port, or -1 when the endpoint is off
	 */
	public int port() {
		return (this.server != null) ? this.server.getAddress().getPort() : -1;
	}

	/**
	 * The server is up while a rule set serves, which is always once started; a rejected
	 * reload is a detail to act on, not a reason to take the server out of rotation.
	 */
	String health() {
		RuleSet ruleSet = this.rules.get();
		ReloadAttempt last = this.rules.lastAttempt();
		StringBuilder json = new StringBuilder("{\"status\":\"UP\",\"rules\":{");
		json.append("\"version\":").append(quote(ruleSet.version().hash()));
		json.append(",\"loadedAt\":").append(quote(ruleSet.version().loadedAt().toString()));
		json.append(",\"directory\":").append(quote(this.rules.directory().toString()));
		json.append(",\"lastReload\":{\"at\":").append(quote(last.at().toString()));
		json.append(",\"trigger\":").append(quote(last.trigger()));
		json.append(",\"outcome\":").append(quote(last.outcome().name()));
		json.append(",\"version\":").append(quote(last.hash()));
		json.append(",\"problems\":[")
			.append(last.problems().stream().map(ManagementServer::problem).collect(Collectors.joining(",")));
		json.append("]}}}");
		return json.toString();
	}

	private static String problem(RuleDiagnostic d) {
		return "{\"file\":" + quote(d.file()) + ",\"line\":" + d.line() + ",\"column\":" + d.column() + ",\"message\":"
				+ quote(d.message()) + "}";
	}

	private static String quote(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

	private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
		try (exchange) {
			if (!List.of("GET", "HEAD").contains(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", type);
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

}
