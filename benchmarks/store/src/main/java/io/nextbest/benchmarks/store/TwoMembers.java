package io.nextbest.benchmarks.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.ClasspathYamlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import io.nextbest.benchmarks.Contexts;
import io.nextbest.benchmarks.DecideBenchmark;
import io.nextbest.benchmarks.Population;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.server.context.HazelcastContextStore;

/**
 * Two members configured as the server ships them, in one JVM, joined over loopback
 * (TCP-IP, a cluster name of their own), each with the server's context store and read
 * cache and the sample rule set, holding a population of typical contexts. Member
 * {@code a} and member {@code b} own about half the customers each.
 */
final class TwoMembers implements AutoCloseable {

	/** The time of every decision and check, so that quiet hours do not vary by run. */
	static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

	final HazelcastInstance a;

	final HazelcastInstance b;

	final OwnerSide sideA;

	final OwnerSide sideB;

	/** Customers whose partitions {@code a} owns. */
	final List<String> ownedByA = new ArrayList<>();

	/** Customers whose partitions {@code b} owns. */
	final List<String> ownedByB = new ArrayList<>();

	TwoMembers(int customers) {
		String clusterName = "nextbest-owner-routing-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
		int portA = freePort();
		int portB = freePort();
		List<String> addresses = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
		this.a = Hazelcast.newHazelcastInstance(config(clusterName, portA, addresses));
		this.b = Hazelcast.newHazelcastInstance(config(clusterName, portB, addresses));
		if (this.a.getCluster().getMembers().size() != 2) {
			throw new IllegalStateException("the members did not join: " + this.a.getCluster().getMembers());
		}
		RuleSet rules = RuleSetLoader.load(DecideBenchmark.rulesDirectory(), Clock.fixed(NOW, ZoneOffset.UTC));
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		HazelcastContextStore storeA = new HazelcastContextStore(this.a, ContextLimits.DEFAULTS);
		HazelcastContextStore storeB = new HazelcastContextStore(this.b, ContextLimits.DEFAULTS);
		this.sideA = new OwnerSide(storeA, rules, clock);
		this.sideB = new OwnerSide(storeB, rules, clock);
		this.a.getUserContext().put(OwnerSide.USER_CONTEXT_KEY, this.sideA);
		this.b.getUserContext().put(OwnerSide.USER_CONTEXT_KEY, this.sideB);
		awaitSafe();
		IMap<String, CustomerContext> map = this.a.getMap(HazelcastContextStore.MAP_NAME);
		Map<String, CustomerContext> chunk = new HashMap<>();
		for (int i = 0; i < customers; i++) {
			String id = Population.customerId(i);
			chunk.put(id, Contexts.typical(id, i, NOW));
			if (chunk.size() == 1_000 || i == customers - 1) {
				map.putAll(chunk);
				chunk.clear();
			}
		}
		awaitSafe();
		Member memberA = this.a.getCluster().getLocalMember();
		for (int i = 0; i < customers; i++) {
			String id = Population.customerId(i);
			(memberA.equals(this.a.getPartitionService().getPartition(id).getOwner()) ? this.ownedByA : this.ownedByB)
				.add(id);
		}
		// Each member reads its own customers once: their read caches start full, as
		// after a server's first round of traffic.
		this.ownedByA.forEach(storeA::get);
		this.ownedByB.forEach(storeB::get);
		if (storeA.cachedContexts() != this.ownedByA.size() || storeB.cachedContexts() != this.ownedByB.size()) {
			throw new IllegalStateException("read caches not filled: " + storeA.cachedContexts() + " of "
					+ this.ownedByA.size() + ", " + storeB.cachedContexts() + " of " + this.ownedByB.size());
		}
	}

	/** The member that owns a customer's partition, as {@code b} sees it. */
	Member ownerSeenByB(String customerId) {
		return this.b.getPartitionService().getPartition(customerId).getOwner();
	}

	private void awaitSafe() {
		long deadline = System.nanoTime() + 60_000_000_000L;
		while (!this.a.getPartitionService().isClusterSafe() || !this.b.getPartitionService().isClusterSafe()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("partitions still migrating after a minute");
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private static Config config(String clusterName, int port, List<String> members) {
		Config config = new ClasspathYamlConfig("hazelcast.yaml");
		config.setClusterName(clusterName);
		config.setProperty("hazelcast.wait.seconds.before.join", "0");
		// Members starting and stopping in every fork would bury the figures in log
		// lines; a member that fails throws to the benchmark anyway.
		config.setProperty("hazelcast.logging.type", "none");
		NetworkConfig network = config.getNetworkConfig();
		network.setPort(port).setPortAutoIncrement(false);
		network.getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
		network.getJoin().getMulticastConfig().setEnabled(false);
		network.getJoin().getAutoDetectionConfig().setEnabled(false);
		network.getJoin().getTcpIpConfig().setEnabled(true).setMembers(members);
		config.getSerializationConfig().addDataSerializableFactory(OwnerSide.Tasks.FACTORY_ID, new OwnerSide.Tasks());
		config.getExecutorConfig(OwnerSide.EXECUTOR).setPoolSize(Runtime.getRuntime().availableProcessors());
		return config;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.b.getLifecycleService().terminate();
		this.a.getLifecycleService().terminate();
	}

}
