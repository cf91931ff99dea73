package io.nextbest.server.system;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.NetworkConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastConfigCustomizer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.nextbest.server.context.ContextTable;
import io.nextbest.server.context.DurableContexts;
import io.nextbest.server.context.HazelcastContextStore;
import io.nextbest.server.context.StoreHealth;
import io.nextbest.server.context.StoreRecovery;

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
	StoreRecovery storeRecovery(StoreHealth health, ContextTable table, DataSource dataSource,
			@Value("${nextbest.store.retry-min:100ms}") Duration retryMin,
			@Value("${nextbest.store.retry-max:5s}") Duration retryMax) {
		Path file = StoreLocation.embeddedFile(jdbcUrl(dataSource)).orElse(null);
		return new StoreRecovery(health, table, () -> evictConnections(dataSource), file, retryMin, retryMax);
	}

	@Bean
	DurableContexts durableContexts(ContextTable table, StoreRecovery recovery) {
		return new DurableContexts(table, recovery);
	}

	/**
	 * Drops the pool's connections (those in use once returned): after a failure they may
	 * all be dead, and the pool only drops a connection by itself for errors it knows (a
	 * PostgreSQL that went away, not an H2 database that closed itself).
	 */
	private static void evictConnections(DataSource dataSource) {
		try {
			if (dataSource.isWrapperFor(HikariDataSource.class)) {
				HikariPoolMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
				if (pool != null) {
					pool.softEvictConnections();
				}
			}
		}
		catch (SQLException ex) {
			log.debug("Could not drop the pool's connections", ex);
		}
	}

	private static String jdbcUrl(DataSource dataSource) {
		try {
			if (dataSource.isWrapperFor(HikariDataSource.class)) {
				return dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
			}
		}
		catch (SQLException ex) {
			// Asked of the database below.
		}
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getURL();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read the durable store's URL", ex);
		}
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
				throw new SharedStoreRequiredException();
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
