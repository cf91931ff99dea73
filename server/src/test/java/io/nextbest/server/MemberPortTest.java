package io.nextbest.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Hazelcast member port of a server started with the defaults: bound to loopback
 * alone, and closed to the client protocol, through which a stock client that knows the
 * cluster name could otherwise read and remove every customer context.
 */
class MemberPortTest {

	/**
	 * Loopback as /proc/net/tcp and tcp6 write it: 127.0.0.1, ::ffff:127.0.0.1 and ::1.
	 */
	private static final List<String> LOOPBACK = List.of("0100007F", "v6:0000000000000000FFFF00000100007F",
			"v6:00000000000000000000000001000000");

	private static InJvmServer server;

	private static HazelcastInstance member;

	@BeforeAll
	static void start() {
		server = InJvmServer.start();
		member = server.context.getBean(HazelcastInstance.class);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void memberListensOnLoopbackOnly() throws IOException {
		int port = member.getCluster().getLocalMember().getAddress().getPort();
		List<String> listening = listeningAddresses(port);
		assertThat(listening).as("addresses listening on member port %d", port)
			.isNotEmpty()
			.allMatch(LOOPBACK::contains);
	}

	@Test
	void stockClientThatKnowsTheClusterNameCannotConnect() {
		ClientConfig config = new ClientConfig();
		config.setClusterName(member.getConfig().getClusterName());
		config.getNetworkConfig()
			.addAddress("127.0.0.1:" + member.getCluster().getLocalMember().getAddress().getPort());
		config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3000);
		config.setProperty("hazelcast.logging.type", "slf4j");
		assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(config).shutdown())
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("Unable to connect");
	}

	/**
	 * The local addresses of IPv4 sockets listening on a port, as /proc/net/tcp has them.
	 */
	private static List<String> listeningAddresses(int port) throws IOException {
		String hexPort = String.format(Locale.ROOT, "%04X", port);
		List<String> addresses = new ArrayList<>();
		for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			List<String> lines = Files.readAllLines(Path.of(file));
			for (String line : lines.subList(1, lines.size())) {
				String[] fields = line.trim().split("\\s+");
				String[] local = fields[1].split(":");
				// State 0A is LISTEN.
				if (local[1].equals(hexPort) && fields[3].equals("0A")) {
					addresses.add(file.endsWith("6") ? "v6:" + local[0] : local[0]);
				}
			}
		}
		return addresses;
	}

}
