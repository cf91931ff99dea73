package io.nextbest.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.hazelcast.config.ClasspathYamlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * Hazelcast members of one test cluster in the test's JVM: loopback only, a port each,
 * TCP-IP join to the first member, multicast and auto-detection off, and a cluster name
 * of the test's own so that tests running at once never join each other. Closing shuts
 * every member down.
 */
public final class LoopbackCluster implements AutoCloseable {

	private final String name;

	private final List<HazelcastInstance> members = new CopyOnWriteArrayList<>();

	/**
	 * @param test what the cluster is for, the start of its name
	 */
	public LoopbackCluster(String test) {
		this.name = test + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
	}

	/**
	 * A member configured as the server ships it ({@code hazelcast.yaml}).
	 * @param join a member to join, or null for the first
	 * @return the started member
	 */
	public HazelcastInstance serverMember(HazelcastInstance join) {
		return start(configure(new ClasspathYamlConfig("hazelcast.yaml"), join));
	}

	/**
	 * A member with Hazelcast's defaults.
	 * @param join a member to join, or null for the first
	 * @return the started member
	 */
	public HazelcastInstance member(HazelcastInstance join) {
		Config config = new Config();
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.logging.type", "slf4j");
		return start(configure(config, join));
	}

	/**
	 * Starts a member of this cluster from a configuration of the caller's.
	 * @param config the configuration, as {@link #configure} left it
	 * @return the started member
	 */
	public HazelcastInstance start(Config config) {
		HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
		this.members.add(member);
		return member;
	}

	/**
	 * Puts a configuration on this cluster: its name, loopback on a free port, a TCP-IP
	 * join to the given member (or to itself for the first).
	 * @param config the configuration to change
	 * @param join a member to join, or null for the first
	 * @return the configuration
	 */
	public Config configure(Config config, HazelcastInstance join) {
		config.setClusterName(this.name);
		config.setProperty("hazelcast.wait.seconds.before.join", "0");
		NetworkConfig network = config.getNetworkConfig();
		int port = ServerProcess.freePort();
		network.setPort(port).setPortAutoIncrement(false);
		network.getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
		JoinConfig joining = network.getJoin();
		joining.getMulticastConfig().setEnabled(false);
		joining.getAutoDetectionConfig().setEnabled(false);
		joining.getTcpIpConfig()
			.setEnabled(true)
			.setMembers(List.of((join != null) ? address(join) : address("127.0.0.1", port)));
		return config;
	}

	/**
	 * @param member a member
	 * @return its address as {@code host:port}
	 */
	public static String address(HazelcastInstance member) {
		return address(member.getCluster().getLocalMember().getAddress().getHost(),
				member.getCluster().getLocalMember().getAddress().getPort());
	}

	/**
	 * @param host a host
	 * @param port a port
	 * @return {@code host:port}
	 */
	public static String address(String host, int port) {
		return host + ":" + port;
	}

	@Override
	public void close() {
		this.members.forEach(HazelcastInstance::shutdown);
		this.members.clear();
	}

}
