package io.nextbest.server;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.nextbest.server.system.ListeningSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Hazelcast member port of a server started with the defaults: bound to loopback
 * alone, and closed to the client protocol, through which a stock client that knows the
 * cluster name could otherwise read and remove every customer context.
 */
class MemberPortTest {

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
	void memberListensOnLoopbackOnly() {
		int port = member.getCluster().getLocalMember().getAddress().getPort();
		assertThat(ListeningSockets.addresses(port)).as("addresses listening on member port %d", port)
			.isNotEmpty()
			.allMatch(ListeningSockets.LOOPBACK::contains);
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

}
