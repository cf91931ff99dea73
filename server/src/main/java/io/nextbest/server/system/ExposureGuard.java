package io.nextbest.server.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.nextbest.server.security.SecurityProperties;

/**
 * Refuses to start a server that would answer callers beyond this machine without
 * checking who they are. The server holds consent and survey answers: with no credentials
 * configured, its listeners (the gRPC API, the HTTP port and the management port) bind to
 * loopback only, and a wider address is refused at startup with a message that says what
 * to do. With credentials configured, every rpc that touches customer data or rules needs
 * a caller with a role, on any address. {@code NBA_SECURITY=none} is the one way around
 * it, for a network that is closed by other means, and it is logged as a warning at every
 * start.
 */
@Component
class ExposureGuard {

	private static final Logger log = LoggerFactory.getLogger(ExposureGuard.class);

	ExposureGuard(Environment environment, SecurityProperties security) {
		check(environment.getProperty("spring.grpc.server.address", ""),
				new Listener(environment.getProperty("server.port", Integer.class, 8080),
						environment.getProperty("server.address", "")),
				new Listener(environment.getProperty("management.server.port", Integer.class, -1),
						environment.getProperty("management.server.address", "")),
				security);
	}

	/**
	 * @param grpcAddress the gRPC API's address
	 * @param http the HTTP port's
	 * @param management the management port's; a port of -1 shares the HTTP port (no
	 * management port set) or turns it off
	 * @param security who may call
	 */
	static void check(String grpcAddress, Listener http, Listener management, SecurityProperties security) {
		String mode = security.checkedMode();
		if (mode.equals("none") && security.credentialsConfigured()) {
			throw new IllegalStateException("NBA_SECURITY=none trusts every caller, yet credentials are configured "
					+ "(NBA_CALLERS_FILE or NBA_JWT_*): remove one or the other.");
		}
		if (security.credentialsConfigured()) {
			// Every rpc but health and reflection needs a caller with a role, and so does
			// every management endpoint but health: any address will do.
			return;
		}
		List<String> exposed = new ArrayList<>();
		if (!isLoopback(grpcAddress)) {
			exposed.add("the gRPC API on " + shown(grpcAddress) + " (NBA_GRPC_ADDRESS)");
		}
		if (http.port() >= 0 && !isLoopback(http.address())) {
			exposed.add("the HTTP port on " + shown(http.address()) + " (NBA_HTTP_ADDRESS)");
		}
		if (management.port() >= 0 && !isLoopback(management.address())) {
			exposed.add("the management endpoint on " + shown(management.address()) + " (NBA_MANAGEMENT_ADDRESS)");
		}
		if (exposed.isEmpty()) {
			return;
		}
		if (mode.equals("none")) {
			log.warn("NBA_SECURITY=none: {} answer every caller that reaches them, with no credentials and no roles. "
					+ "Only run this on a network that admits nobody else.", String.join(" and ", exposed));
			return;
		}
		throw new IllegalStateException("Refusing to start: " + String.join(" and ", exposed)
				+ " would answer callers beyond this machine, and no credentials are configured, so anyone who "
				+ "reaches the port could read and erase customer data or change the rules. Configure callers: "
				+ "NBA_CALLERS_FILE (API keys and client certificates with their roles) and/or NBA_JWT_ISSUER_URI, "
				+ "NBA_JWT_JWK_SET_URI or NBA_JWT_PUBLIC_KEY (tokens from your identity provider); see the "
				+ "README's Security section. Or bind to 127.0.0.1 (the default), or set NBA_SECURITY=none to "
				+ "accept an unauthenticated server on a closed network.");
	}

	/**
	 * @param address an address to bind, empty for every interface
	 * @return whether it is a loopback address; a name that does not resolve is not
	 */
	static boolean isLoopback(String address) {
		String trimmed = address.trim();
		if (trimmed.isEmpty() || trimmed.equals("*")) {
			return false;
		}
		try {
			for (InetAddress resolved : InetAddress.getAllByName(trimmed)) {
				if (!resolved.isLoopbackAddress()) {
					return false;
				}
			}
			return true;
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * An HTTP listener as configured.
	 *
	 * @param port its port, -1 when off
	 * @param address the address it binds, empty for every interface
	 */
	record Listener(int port, String address) {
	}

	private static String shown(String address) {
		return address.isBlank() ? "every interface" : address;
	}

}
