package io.nextbest.server.system;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.NetworkConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastConfigCustomizer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.nextbest.server.context.ContextTable;
import io.nextbest.server.context.DurableContexts;
import io.nextbest.server.context.HazelcastContextStore;
import io.nextbest.server.context.StoreHealth;

/**
 * Puts the durable store behind the context map (acknowledged once committed, lazy
 * loading) and applies the cluster settings to the Hazelcast member configuration.
 */
@Configuration(proxyBeanMethods = false)
class DurableStoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DurableStoreConfiguration.class);

	@Bean
	@DependsOnDatabaseInitialization
	ContextTable contextTable(DataSource dataSource) {
		log.info("Durable store: {}", StoreLocation.of(dataSource));
		return new ContextTable(dataSource);
	}

	@Bean
	StoreHealth storeHealth(Clock clock) {
		return new StoreHealth(clock);
	}

	@Bean
	DurableContexts durableContexts(ContextTable table) {
		return new DurableContexts(table);
	}

	@Bean
	HazelcastConfigCustomizer durableClusteredContexts(DurableContexts durable, ContextTable table,
			NextBestProperties properties) {
		return (config) -> {
			applyCluster(config, properties.cluster());
			MemberNetwork.lockDown(config);
			if (isClustered(config) && table.isEmbedded()) {
				// Each member would write its own file and a restart would lose what the
				// other members owned: a cluster needs one shared store.
				throw new IllegalStateException("A cluster needs a shared durable store: this configuration joins "
						+ "other members but stores contexts in a file of its own (the embedded H2 database). "
						+ "Set NBA_STORE_URL to a PostgreSQL database shared by all members, or run a single node.");
			}
			// Loads through the map store; writes through the entry processors, which
			// find the member's durable store in the user context.
			config.getMapConfig(HazelcastContextStore.MAP_NAME)
				.setMapStoreConfig(new MapStoreConfig().setEnabled(true)
					.setImplementation(durable)
					.setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY));
			config.getUserContext().put(DurableContexts.USER_CONTEXT_KEY, durable);
		};
	}

	private static void applyCluster(Config config, NextBestProperties.Cluster cluster) {
		if (!cluster.name().isBlank()) {
			config.setClusterName(cluster.name());
		}
		NetworkConfig network = config.getNetworkConfig();
		if (!cluster.address().isBlank()) {
			network.getInterfaces().setEnabled(true).setInterfaces(List.of(cluster.address()));
		}
		if (!cluster.clustered()) {
			return;
		}
		network.setPort(cluster.port());
		JoinConfig join = network.getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getAutoDetectionConfig().setEnabled(false);
		join.getTcpIpConfig()
			.setEnabled(true)
			.setMembers(cluster.members().stream().map(String::trim).filter((member) -> !member.isEmpty()).toList());
	}

	private static boolean isClustered(Config config) {
		JoinConfig join = config.getNetworkConfig().getJoin();
		return join.getTcpIpConfig().isEnabled() || join.getMulticastConfig().isEnabled()
				|| join.getKubernetesConfig().isEnabled() || join.getAwsConfig().isEnabled()
				|| join.getGcpConfig().isEnabled() || join.getAzureConfig().isEnabled()
				|| join.getEurekaConfig().isEnabled();
	}

}
